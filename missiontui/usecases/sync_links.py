"""Around the sync itself: link and unlink a mission, clone a colleague's mission, what is pending,
the open conflicts and how the user settles them, and the backups taken before syncs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from missiontui.core.frozen import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from missiontui.core.changes import Change, ChangeSet, deliverable_state, diff
from missiontui.core.changes import mission_state as local_mission_state
from missiontui.core.drafts import DeliverableDraft, MissionDraft, PersonDraft
from missiontui.core.errors import InvalidInput, MissionError, NotFound
from missiontui.core.ical.tasks import MissionFields, TaskFields, foreign_lines
from missiontui.core.model import Kind, MissionStatus
from missiontui.core.rules import deliverable_values
from missiontui.core.sync_fields import MERGED, server_extra
from missiontui.core.sync_state import Link, OpenConflict, Synced
from missiontui.usecases.context import Context
from missiontui.usecases.missions import mission_values
from missiontui.usecases.plans import create_mission
from missiontui.usecases.records import check_links, record
from missiontui.usecases.sync import (FETCH_BATCH, Line, SyncRefused, backup_before_sync, one_sync_at_a_time,
                                      open_collection, sync_backups)

CHOICES = ("yours", "theirs")


def collection_url(ctx: Context, url: str) -> str:
    """A full URL as given, or a collection name under the config's [sync] url; checked (HTTPS unless
    this machine or allowed)."""
    from missiontui.sync.transport import check_url

    url = url.strip()
    base = ctx.config.sync.url.strip()
    if "://" not in url and base:
        url = urljoin(base if base.endswith("/") else base + "/", url.strip("/") + "/")
    return check_url(url, ctx.config.sync.allow_http)


# ---------------------------------------------------------------------- link, unlink


def link(ctx: Context, reference: str, url: str) -> Link:
    """Tie a mission to a collection; the next sync creates the collection if it is not there yet, or
    merges with what it holds."""
    store = ctx.store
    url = collection_url(ctx, url)
    with store.transaction():
        mission = store.mission(reference)
        current = store.sync_link(mission.id)
        if current is not None:
            raise SyncRefused.of("sync.already_linked", reference=mission.reference, url=current.url)
        other = store.sync_link_by_url(url)
        if other is not None:
            raise SyncRefused.of("sync.url_taken", url=url, reference=other.reference)
        store.save_sync_link(mission.id, url, ctx.now())
        return store.sync_link(mission.id)


def unlink(ctx: Context, reference: str) -> Link:
    """Forget the link and what the sync knew; nothing changes on the server nor in the mission."""
    store = ctx.store
    with store.transaction():
        mission = store.mission(reference)
        current = store.sync_link(mission.id)
        if current is None:
            raise SyncRefused.of("sync.not_linked", reference=mission.reference)
        store.delete_sync_link(mission.id)
        return current


# ---------------------------------------------------------------------- status, conflicts


@dataclass(frozen=True)
class LinkStatus:
    link: Link
    pending: int  # items changed here since the last sync
    conflicts: int  # items with a field waiting for the user
    synced: int  # items the sync knows on the server


def status(ctx: Context) -> list[LinkStatus]:
    store = ctx.store
    return [LinkStatus(link, len(store.unsent(link.mission_id)), store.count_conflicts(link.mission_id),
                       store.count_synced(link.mission_id)) for link in store.sync_links()]


@dataclass(frozen=True)
class ConflictView:
    conflict: OpenConflict
    reference: str  # the mission's
    title: str  # the item's, as it is here


def conflicts(ctx: Context, reference: str | None = None) -> list[ConflictView]:
    store = ctx.store
    mission_id = store.mission(reference).id if reference else None
    views = []
    for c in store.open_conflicts(mission_id):
        mission = store.mission_by_id(c.mission_id)
        if c.entity == "mission":
            title = mission.title
        else:
            try:
                title = store.deliverable(c.entity_id, include_deleted=True).title
            except NotFound:
                title = c.uid
        views.append(ConflictView(c, mission.reference, title))
    return views


@dataclass(frozen=True)
class Resolved:
    reference: str
    title: str
    fields: dict[str, str]  # field -> "yours" or "theirs"
    remaining: tuple[str, ...]  # fields still in conflict


def resolve(ctx: Context, *, deliverable_id: int | None = None, mission: str | None = None,
            choices: Mapping[str, str] = {}, every: str | None = None) -> Resolved:
    """Settle an item's open conflicts, field by field: "theirs" takes the server's value here, "yours"
    keeps yours and sends it at the next sync. `every` chooses for all its open fields."""
    store = ctx.store
    with store.transaction():
        if deliverable_id is not None:
            current = store.deliverable(deliverable_id, include_deleted=True)
            entity, entity_id, mission_id = "deliverable", current.id, current.mission_id
        else:
            current = store.mission(mission or "")
            entity, entity_id, mission_id = "mission", current.id, current.id
        open_ = [c for c in store.open_conflicts() if c.entity == entity and c.entity_id == entity_id]
        if not open_:
            raise NotFound.of("sync.no_conflict", what=_what(entity, current))
        mission_id = open_[0].mission_id
        chosen = {c.field: every for c in open_} if every else dict(choices)
        for name, choice in chosen.items():
            if choice not in CHOICES:
                raise InvalidInput.of("sync.bad_choice", field=name, choice=choice)
        by_field = {c.field: c for c in open_}
        unknown = [name for name in chosen if name not in by_field]
        if unknown:
            raise InvalidInput.of("sync.not_in_conflict", field=unknown[0], what=_what(entity, current),
                                  fields=", ".join(by_field))
        uid = open_[0].uid
        synced = store.synced_items(mission_id, [uid]).get(uid)
        acting = replace(ctx, source="sync")
        if "deleted" in chosen:
            _resolve_delete(acting, current, entity, synced, by_field["deleted"], chosen["deleted"])
            return Resolved(_reference(store, mission_id), current.title, chosen, ())
        base = dict(synced.base) if synced else {}
        take = {name: by_field[name].theirs for name, choice in chosen.items() if choice == "theirs"}
        for name in chosen:
            base[name] = by_field[name].theirs  # as if we had seen theirs: "yours" is now a change to send
        was_clean = synced is not None and synced.version == current.version
        if take:
            _write_here(acting, entity, current, take)
        if synced is not None:
            now = store.mission_by_id(entity_id) if entity == "mission" else store.deliverable(
                entity_id, include_deleted=True)
            if any(choice == "yours" for choice in chosen.values()):
                version = None
            else:
                version = now.version if was_clean else synced.version
            store.save_synced([replace(synced, base=base, version=version)])
        remaining = [c for c in open_ if c.field not in chosen]
        store.replace_conflicts(mission_id, uid, remaining)
        return Resolved(_reference(store, mission_id), current.title, chosen, tuple(c.field for c in remaining))


def _what(entity: str, current) -> str:
    return f"#{current.id} {current.title}" if entity == "deliverable" else current.reference


def _reference(store, mission_id: int) -> str:
    return store.mission_by_id(mission_id).reference


def _write_here(ctx: Context, entity: str, current, values: dict[str, Any]) -> None:
    if entity == "mission":
        before, after = diff("mission", local_mission_state(current), mission_values(values))
    else:
        now = deliverable_state(current)
        before, after = diff("deliverable", now, deliverable_values(values, now, ctx.today()))
        check_links(ctx, current.id, after)
    if after:
        record(ctx, ChangeSet((Change(entity, current.id, before, after, version=current.version),),
                              "sync conflict resolved", "sync"))


def _resolve_delete(ctx: Context, current, entity: str, synced: Synced | None, conflict: OpenConflict,
                    choice: str) -> None:
    store, mission_id, uid = ctx.store, conflict.mission_id, conflict.uid
    if conflict.theirs is True:  # the server deleted it, we had changed it
        if choice == "theirs":
            _write_here(ctx, entity, current, {"deleted": True})
        store.forget_synced(mission_id, [uid])  # "yours": sent again as new at the next sync
        return
    # we deleted it, the server changed it (its fields are the recorded base)
    if choice == "theirs":
        restored = {"deleted": False, **{k: v for k, v in (synced.base if synced else {}).items()
                                         if k in MERGED["deliverable"]}}
        _write_here(ctx, entity, current, restored)
        now = store.deliverable(current.id, include_deleted=True)
        if synced is not None:
            store.save_synced([replace(synced, version=now.version)])
    elif synced is not None:
        store.mark_unsent(mission_id, uid)  # the DELETE goes out at the next sync
    store.replace_conflicts(mission_id, uid, ())


# ---------------------------------------------------------------------- clone


@dataclass(frozen=True)
class Cloned:
    link: Link
    reference: str
    title: str
    deliverables: int
    people: int
    skipped: tuple[Line, ...] = ()
    backup: Path | None = None


def clone(ctx: Context, url: str, *, connect: Callable[[str], Any] | None = None,
          progress: Callable[[str, int, int], None] | None = None) -> Cloned:
    """A colleague's mission from its collection, complete: the mission, its people, its deliverables
    with owners and dependencies; linked, so the next `sync` goes on from here."""
    store = ctx.store
    url = collection_url(ctx, url)
    taken = store.sync_link_by_url(url)
    if taken is not None:
        raise SyncRefused.of("sync.url_taken", url=url, reference=taken.reference)
    connect = connect or (lambda u: open_collection(ctx, u))
    progress = progress or (lambda stage, done, total: None)
    with one_sync_at_a_time(store.path), connect(url) as remote:
        listing = remote.changes(None)
        hrefs = [ref.href for ref in listing.changed]
        items, skipped = [], []
        for start in range(0, len(hrefs), FETCH_BATCH):
            got = remote.fetch(hrefs[start:start + FETCH_BATCH])
            items += got.items
            skipped += [Line("server", "skip", s.href, detail=s.reason) for s in got.skipped]
            progress("fetch", min(start + FETCH_BATCH, len(hrefs)), len(hrefs))
        journals = [i for i in items if isinstance(i.fields, MissionFields)]
        if not journals:
            raise SyncRefused.of("sync.no_mission_item", url=url)
        if len({j.fields.uid for j in journals}) > 1:
            raise SyncRefused.of("sync.many_missions", url=url)
        journal = journals[0]
        remote_mission: MissionFields = journal.fields
        try:
            store.mission(remote_mission.reference)
        except NotFound:
            pass
        else:
            raise SyncRefused.of("sync.clone_exists", reference=remote_mission.reference, url=url)
        tasks, seen = [], set()
        for item in items:
            if isinstance(item.fields, TaskFields) and item.fields.uid not in seen:
                problem = _unusable(ctx, item.fields)
                if problem:
                    skipped.append(Line("here", "skip", item.fields.title or item.href, detail=problem))
                    continue
                seen.add(item.fields.uid)
                tasks.append(item)
        draft = _draft(remote_mission, [t.fields for t in tasks])
        backup = backup_before_sync(ctx) if store.mission_ids() else None
        with store.transaction():
            mission = create_mission(replace(ctx, source="sync"), draft, reason=f"sync clone {url}", source="sync")
            if remote_mission.status is MissionStatus.CLOSED:
                record(replace(ctx, source="sync"), ChangeSet((Change(
                    "mission", mission.id, {"status": MissionStatus.ACTIVE}, {"status": MissionStatus.CLOSED},
                    version=mission.version),), source="sync"))
                mission = store.mission_by_id(mission.id)
            store.save_sync_link(mission.id, url, ctx.now())
            created = store.deliverables_by_uids([t.fields.uid for t in tasks])
            records = [Synced(mission.id, remote_mission.uid, "mission", mission.id, journal.href, journal.etag,
                              _only("mission", local_mission_state(mission)), server_extra(remote_mission, ""),
                              mission.version)]
            for item in tasks:
                d = created[item.fields.uid]
                records.append(Synced(mission.id, d.uid, "deliverable", d.id, item.href, item.etag,
                                      _only("deliverable", deliverable_state(d)),
                                      server_extra(item.fields, foreign_lines(item.data, read=True)), d.version))
            store.save_synced(records)
            if not skipped:
                store.save_sync_token(mission.id, listing.token, ctx.now())
            linked = store.sync_link(mission.id)
        return Cloned(linked, mission.reference, mission.title, len(tasks), len(draft.people), tuple(skipped), backup)


def _only(entity: str, state: dict) -> dict:
    return {name: state.get(name) for name in MERGED[entity]}


def _unusable(ctx: Context, fields: TaskFields) -> str:
    """Why a server task cannot become a deliverable here ("" when it can)."""
    try:
        deliverable_values({"title": fields.title, "notes": fields.notes, "due": fields.due,
                            "status": fields.status, "completed_on": fields.completed_on}, None, ctx.today())
    except MissionError as exc:
        return str(exc)
    return ""


def _draft(mission: MissionFields, tasks: list[TaskFields]) -> MissionDraft:
    people: dict[str, PersonDraft] = {}
    for p in mission.people:
        people.setdefault(p.name.casefold(), PersonDraft(p.name, p.email, p.role, p.organisation))
    for task in tasks:
        for owner in task.owners:
            people.setdefault(owner.name.casefold(), PersonDraft(owner.name, owner.email))
    if mission.lead.strip():
        people.setdefault(mission.lead.casefold(), PersonDraft(mission.lead))
    uids = {t.uid for t in tasks}
    deliverables = []
    for t in tasks:
        owners = tuple(o.name for o in sorted(t.owners, key=lambda o: not o.lead))
        lead = next((o.name for o in t.owners if o.lead), None)
        deliverables.append(DeliverableDraft(
            key=t.uid, title=t.title, kind=t.kind or Kind.OTHER, due=t.due, status=t.status, owners=owners,
            lead=lead, notes=t.notes, depends_on=tuple(u for u in t.depends_on if u in uids and u != t.uid),
            completed_on=t.completed_on, uid=t.uid))
    return MissionDraft(reference=mission.reference, title=mission.title, authority=mission.authority,
                        signatory=mission.signatory, addressees=tuple(mission.addressees),
                        signed_on=mission.signed_on, summary=mission.summary, lead=mission.lead.strip() or None,
                        people=tuple(people.values()), deliverables=tuple(_dependency_order(deliverables)))


def _dependency_order(drafts: list[DeliverableDraft]) -> list[DeliverableDraft]:
    """What a deliverable depends on comes before it (a draft names only keys already seen); a loop
    between server items is cut where it closes."""
    by_key = {d.key: d for d in drafts}
    ordered, done = [], set()

    def visit(d: DeliverableDraft, trail: tuple[str, ...]) -> None:
        if d.key in done:
            return
        kept = []
        for dep in d.depends_on:
            if dep in trail:
                continue  # closes a loop: left out
            visit(by_key[dep], trail + (d.key,))
            kept.append(dep)
        done.add(d.key)
        ordered.append(replace(d, depends_on=tuple(kept)))

    for d in drafts:
        visit(d, ())
    return ordered


# ---------------------------------------------------------------------- backups


def restore_last_backup(database: Path):
    """Put back the database as it was before the latest sync that changed it (the current one is
    kept aside, as `missiontui restore` does)."""
    from missiontui.usecases import maintenance

    found = sync_backups(database)
    if not found:
        raise NotFound.of("sync.no_backup", folder=str(database.parent))
    return maintenance.restore(database, found[0])
