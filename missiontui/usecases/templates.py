"""Mission templates: the shipped ones (db/templates/*.toml) and the user's own (a `templates` folder
beside the config file, where a file of the same name replaces the shipped one); a new mission laid
out on a template's phases from its letter's date, in one change set."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from missiontui.core.drafts import MissionDraft
from missiontui.core.errors import InvalidInput
from missiontui.core.model import Mission
from missiontui.core.templates import Template, parse_template, with_template
from missiontui.paths import config_path, shipped_db_dir
from missiontui.settings import Config
from missiontui.usecases.context import Context
from missiontui.usecases.inputs import find_person, resolve_date
from missiontui.usecases.plans import create_mission


def user_templates_dir() -> Path:
    return config_path().parent / "templates"


def template_files(config: Config | None = None) -> dict[str, Path]:
    """Every template by name: the user's own win over the shipped ones of the same name."""
    files: dict[str, Path] = {}
    for folder in (shipped_db_dir() / "templates", user_templates_dir()):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                files[path.stem] = path
    return files


class Templates(NamedTuple):
    usable: list[Template]
    broken: list[InvalidInput]  # one per file that does not read, each naming its file


def templates(config: Config | None = None) -> Templates:
    """Every template, read and checked: a broken file of the user's does not hide the others."""
    found = Templates([], [])
    for name, path in sorted(template_files(config).items()):
        try:
            found.usable.append(_read(name, path))
        except InvalidInput as exc:
            found.broken.append(exc)
    return found


def load_template(config: Config | None, name: str) -> Template:
    files = template_files(config)
    if name not in files:
        raise InvalidInput.of("template.unknown", name=name, names=", ".join(sorted(files)) or "—")
    return _read(name, files[name])


def _read(name: str, path: Path) -> Template:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput.of("template.bad_toml", path=str(path), reason=str(exc)) from None
    return parse_template(name, data, str(path))


def mission_from_template(ctx: Context, template: str, reference: str, title: str, *, signed_on: str | date,
                          report: str | date | None = None, authority: str = "", signatory: str = "",
                          addressees: Sequence[str] = (), summary: str = "", lead: str | None = None) -> Mission:
    """A new mission and the template's phases, dated from the letter's date `signed_on` (and the
    report's, `report`, else the template's default), in one change set. The lead is found as
    `mission add` finds one (a unique first name will do); nobody is created for it."""
    today = ctx.today()
    letter = _day(signed_on, today)
    if letter is None:
        raise InvalidInput.of("template.needs_signed_on", name=template)
    report_day = _day(report, today)
    if report_day is not None and report_day < letter:
        raise InvalidInput.of("template.report_before_letter", report=report_day.isoformat(),
                              letter=letter.isoformat())
    plan = load_template(ctx.config, template)
    with ctx.store.transaction():  # the lead read and the mission written under one lock
        lead_name = find_person(ctx.store, lead).name if lead and lead.strip() else None
        draft = MissionDraft(reference=reference, title=title, authority=authority, signatory=signatory,
                             addressees=tuple(addressees), signed_on=letter, summary=summary, lead=lead_name)
        return create_mission(ctx, with_template(draft, plan, letter, report=report_day),
                              reason=f"template: {template}")


def _day(value: str | date | None, today: date) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return resolve_date(value, today) if value.strip() else None
