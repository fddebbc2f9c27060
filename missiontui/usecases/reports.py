"""The sponsor's status report: gather one mission's deliverables and history, build the report,
write it as HTML, Markdown, CSV or xlsx (with the timeline as a picture beside the text formats)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

from missiontui.core.errors import InvalidInput, os_reason
from missiontui.core.changes import Recorded
from missiontui.core.model import DeliverableFilter, Status
from missiontui.core.report.model import Blocking, DeadlineMove, StatusReport, build_report
from missiontui.core.textsafe import visible
from missiontui.store import Store

FORMATS = ("html", "markdown", "csv", "xlsx")


def history_events(records: Iterable[Recorded]) -> tuple[list[DeadlineMove], list[Blocking]]:
    """Deadline moves and blockings, from the history's typed changes (a move to or from "no date
    yet" is not a move of a deadline)."""
    moves, blockings = [], []
    for record in records:
        at = datetime.fromisoformat(record.at.replace("Z", "+00:00"))
        if "due" in record.after and record.action == "update":
            old, new = record.before.get("due"), record.after["due"]
            if old and new and old.date != new.date:
                moves.append(DeadlineMove(record.entity_id, at, record.actor, old.date, new.date, record.reason))
        if record.after.get("status") is Status.BLOCKED:
            blockings.append(Blocking(record.entity_id, at, record.actor, record.reason))
    return moves, blockings


def since_day(text: str, today: date) -> date:
    """--since as typed: a day, or the first day of the period a phrase names ("juin 2022" → 1 June)."""
    from missiontui.core.report.timeline import window_start
    from missiontui.core.dates import parse_due

    due = parse_due(text, today, deadline_only=False)  # "since last month": a window starts in the past
    return window_start(due) or due.date


def status_report(store: Store, reference: str, *, today: date, since: date | None = None) -> StatusReport:
    mission = store.mission(reference)
    deliverables = store.deliverables(DeliverableFilter(mission=mission.reference))
    moves, blockings = history_events(store.mission_deliverable_history(mission.id, ("due", "status")))
    return build_report(mission, deliverables, moves, blockings, today=today, since=since)


def render(report: StatusReport, fmt: str, lang: str, picture: str | None = None) -> str:
    """The report as text (html, markdown, csv); xlsx is a file: see write_report."""
    if fmt == "html":
        from missiontui.core.report.html import render_html
        return render_html(report, lang)
    if fmt == "markdown":
        from missiontui.core.report.markdown import render_markdown
        return render_markdown(report, lang, picture)
    if fmt == "csv":
        from missiontui.core.report.table import render_csv
        return render_csv(report, lang)
    raise InvalidInput.of("report.unknown_format", format=visible(fmt), choices=", ".join(FORMATS))


def picture_path(target: Path) -> Path:
    """Where the timeline of a Markdown or CSV report goes: beside it, `NAME.timeline.svg`."""
    return target.with_name(target.stem + ".timeline.svg")


def write_report(report: StatusReport, fmt: str, lang: str, target: Path | str) -> list[Path]:
    """Write the report to `target` (and its timeline picture beside a Markdown or CSV file).
    Each file is written whole or not at all. Returns the files written. A target that names a
    folder ("out/", an existing folder, nothing) is refused: the report is a file."""
    if fmt not in FORMATS:
        raise InvalidInput.of("report.unknown_format", format=visible(fmt), choices=", ".join(FORMATS))
    text = str(target)
    # pathlib reads "out/." as "out": the name is taken from the text as typed
    if os.path.basename(text.rstrip().replace(os.sep, "/")).strip() in ("", ".", "..") \
            or Path(text).expanduser().is_dir():
        raise InvalidInput.of("report.needs_file", path=visible(text))
    target = Path(text).expanduser().absolute()
    try:
        return _write(report, fmt, lang, target)
    except OSError as exc:  # said with the file the user named, not our temporary one
        raise InvalidInput.of("report.cannot_write", path=visible(str(target)), reason=os_reason(exc)) from None


def _write(report: StatusReport, fmt: str, lang: str, target: Path) -> list[Path]:
    from missiontui.core.report.timeline import timeline_file

    written = []
    if fmt == "xlsx":
        from missiontui.core.report.xlsx import write_xlsx
        _atomic(target, lambda path: write_xlsx(report, lang, path))
        return [target]
    if fmt in ("markdown", "csv"):
        picture = picture_path(target)
        _atomic(picture, lambda path: path.write_text(timeline_file(report, lang), encoding="utf-8"))
        written.append(picture)
    text = render(report, fmt, lang, picture_path(target).name if fmt == "markdown" else None)
    # A BOM lets Excel read a CSV's accents as UTF-8; everything else is plain UTF-8.
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    _atomic(target, lambda path: path.write_text(text, encoding=encoding, newline=""))
    return [target, *written]


def _atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file renamed at the end: never half a report where the old one was.
    The file is created by `write`, so it gets the user's usual permissions (a report is for sharing)."""
    temporary = target.with_name(f".missiontui-report-{secrets.token_hex(6)}-{target.name}")
    try:
        write(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
