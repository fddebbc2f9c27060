"""Team sync over CalDAV: each linked mission against its calendar collection, both ways, field by field.

What the server says becomes change sets recorded like any edit (source "sync"; the colleague who
made the change as actor when the item names them, else "HOST (CalDAV)"); what changed here since
the last sync goes out as conditional writes. Per mission:

1. ask what changed since the last token (every member on a first sync, or when the token is
   refused), fetch those items; list what changed here (`Store.unsent`);
2. plan every item from its merge base, the server's state and ours (core.sync_plan), writing
   nothing: stop if it would delete more than allowed; --dry-run ends here;
3. back the database up if local data will change, then one transaction: the people the server
   names, new deliverables, updates, tombstones, and each item's new base and open conflicts;
4. send what changed here: PUT If-Match, PUT If-None-Match: *, DELETE If-Match. A 412 re-fetches the
   item and merges again: nothing is ever overwritten. Each answer is recorded as it comes;
5. keep the server's new token only when everything went through.

Killed at any moment, a second run converges: nothing is recorded as merged before it is written
here, a write whose answer was lost comes back in the next listing (or as a 412 on create) and merges
as "the same change on both sides", and an item's href is a function of its UID, so it is never
created twice.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from missiontui.core.frozen import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from missiontui.core.changes import Change, ChangeSet, FieldConflict, deliverable_state, diff
from missiontui.core.changes import mission_state as local_mission_state
from missiontui.core.errors import InvalidInput, MissionError, NotFound
from missiontui.core.ical.tasks import (MissionFields, MissionPerson, TaskFields, foreign_lines, mission_text,
                                        mission_uid, task_text)
from missiontui.core.rules import deliverable_values
from missiontui.core.sync_fields import (MERGED, mission_fields, mission_state, server_extra, task_fields,
                                         task_state)
from missiontui.core.sync_plan import ItemPlan, count_deletes, plan_item, remote_known
from missiontui.core.sync_state import Link, OpenConflict, Synced
from missiontui.usecases.context import Context
from missiontui.usecases.missions import mission_values
from missiontui.usecases.people import person_values
from missiontui.usecases.records import check_links, record

Progress = Callable[[str, int, int], None]  # (stage, done, total): "fetch", "apply", "send"
FETCH_BATCH = 250
RECORD_EVERY = 50  # server answers recorded per transaction while sending
STALE_RETRIES = 3


class SyncRefused(InvalidInput):
    """The sync stopped before writing anything: too many deletes, another sync running, a wrong link."""


@dataclass(frozen=True)
class Line:
    """One thing a sync did (or, with --dry-run, would do)."""

    side: str  # "here" or "server"
    action: str  # "create", "update", "delete", "conflict", "skip"
    title: str
    fields: tuple[str, ...] = ()
    detail: str = ""


@dataclass
class SyncReport:
    reference: str
    url: str
    dry_run: bool = False
    lines: list[Line] = field(default_factory=list)
    conflicts: int = 0  # items with open conflicts in this mission after the sync
    backup: Path | None = None
    complete: bool = False  # everything went through: the server's token was kept

    def count(self, side: str, action: str) -> int:
        return sum(1 for line in self.lines if line.side == side and line.action == action)

    @property
    def skipped(self) -> list[Line]:
        return [line for line in self.lines if line.action == "skip"]


@dataclass
class _Item:
    """One item as the sync sees it during a run."""

    uid: str
    entity: str
    synced: Synced | None = None
    remote: Any = None  # transport.RemoteItem fetched in this run
    gone: bool = False  # deleted on the server
    local: Any = None  # Deliverable or Mission
    open: dict[str, FieldConflict] = field(default_factory=dict)
    plan: ItemPlan | None = None
    version: int | None = None  # the local version after this run's local changes
    attempts: int = 0

    @property
    def title(self) -> str:
        if self.local is not None:
            return self.local.title
        if self.remote is not None:
            return self.remote.fields.title
        return str(self.synced.base.get("title", self.uid)) if self.synced else self.uid


class _Names:
    """Who and what the server names, as local ids: people by email then name, deliverables by UID.
    A person nobody here has gets a placeholder (negative id) until the apply creates them."""

    def __init__(self, store, ids_of_uids: dict[str, int]):
        self.store = store
        self.ids = ids_of_uids
        self._people: dict[tuple[str, str], int] = {}
        self.new_people: dict[int, tuple[str, str, str]] = {}  # placeholder -> (name, email, first editor)
        self._editor = ""

    def editor(self, name: str) -> _Names:
        self._editor = name
        return self

    def person_of(self, name: str, email: str) -> int:
        key = (name.strip().casefold(), email.strip().casefold())
        if key in self._people:
            return self._people[key]
        found = None
        for probe in (email, name):
            if probe and probe.strip():
                try:
                    found = self.store.find_person(probe).id
                    break
                except NotFound:
                    continue
        if found is None:
            same_name = next((pid for (n, _), pid in self._people.items() if n == key[0] and pid < 0), None)
            found = same_name or -(len(self.new_people) + 1)
            if same_name is None:
                self.new_people[found] = (name.strip(), email.strip(), self._editor)
        self._people[key] = found
        return found


def _host_actor(host: str) -> str:
    return f"{host} (CalDAV)"


def _stamp(moment: datetime | None) -> str:
    return f"CalDAV {moment:%Y-%m-%dT%H:%MZ}" if moment else ""


class MissionSync:
    """One mission against its collection. `remote` is a transport.Collection (or anything with its
    methods); the caller opens and closes it."""

    def __init__(self, ctx: Context, link: Link, remote, *, dry_run: bool = False, allow_deletes: bool = False,
                 progress: Progress | None = None):
        self.ctx, self.store, self.link, self.remote = ctx, ctx.store, link, remote
        self.mid = link.mission_id
        self.dry_run, self.allow_deletes = dry_run, allow_deletes
        self.progress = progress or (lambda stage, done, total: None)
        self.report = SyncReport(link.reference, link.url, dry_run)
        synced_mission = self.store.synced_mission(self.mid)
        self.mission_uid = synced_mission.uid if synced_mission else mission_uid(link.reference)
        self.stale = False  # something could not be settled this time: keep the old token
        self._backed_up = False

    # ------------------------------------------------------------------ the run

    def run(self) -> SyncReport:
        from missiontui.sync.transport import Changes

        first = self.link.token is None and self.store.count_synced(self.mid) == 0
        exists = True
        if first:
            exists = self.remote.exists()
            if not exists and not self.dry_run:
                mission = self.store.mission_by_id(self.mid)
                self.remote.create(f"{mission.reference} — {mission.title}")
                exists = True
        token = self.link.token
        for _round in range(3):
            changes = self.remote.changes(token) if exists else Changes(None, (), (), True)
            items = self._gather(changes)
            self._plan(items, self._names(items))
            self._check_deletes(items)
            if self.dry_run:
                self._describe(items)
                self.report.conflicts = len({i.uid for i in items if i.plan.conflicts}
                                            | {c.uid for c in self.store.open_conflicts(self.mid)})
                return self.report
            created = self._settle(items)
            token = changes.token
            # Items we created came after that token: a server need not report the later delete of an item
            # it never listed to us, so list once more from it; our own writes come back with the ETags we
            # recorded and cost nothing, a colleague's meanwhile are merged, and the token kept covers all.
            if not created or token is None:
                break
        if not self.stale and not self.report.skipped:
            self.store.save_sync_token(self.mid, token, self.ctx.now())
            self.report.complete = True
        self.report.conflicts = self.store.count_conflicts(self.mid)
        return self.report

    # ------------------------------------------------------------------ what changed on each side

    def _gather(self, changes) -> list[_Item]:
        listed = {ref.href: ref.etag for ref in changes.changed}
        if changes.complete:
            known = self.store.synced_etags(self.mid)
            gone_hrefs = [href for href in known if href not in listed]
        else:
            known = self.store.synced_by_hrefs(self.mid, [*listed, *changes.deleted])
            gone_hrefs = [href for href in changes.deleted if href in known]
        wanted = [href for href, etag in listed.items() if href not in known or known[href][1] != etag]
        fetched, skipped_uids = {}, set()
        for start in range(0, len(wanted), FETCH_BATCH):
            got = self.remote.fetch(wanted[start:start + FETCH_BATCH])
            for skip in got.skipped:
                self.report.lines.append(Line("server", "skip", skip.href, detail=skip.reason))
                if skip.href in known:
                    skipped_uids.add(known[skip.href][0])
            gone_hrefs += [href for href in got.missing if href in known]
            for item in got.items:
                self._take(item, fetched, skipped_uids)
            self.progress("fetch", min(start + FETCH_BATCH, len(wanted)), len(wanted))
        gone = {known[href][0] for href in gone_hrefs} - set(fetched)
        uids = dict.fromkeys([*fetched, *gone])
        unsent = self.store.unsent(self.mid)
        for entity, _, uid in unsent:
            uids.setdefault(uid or self.mission_uid)
        for uid in skipped_uids:
            uids.pop(uid, None)
        synced = self.store.synced_items(self.mid, list(uids))
        open_by_uid: dict[str, dict[str, FieldConflict]] = {}
        for c in self.store.open_conflicts(self.mid):
            open_by_uid.setdefault(c.uid, {})[c.field] = FieldConflict(c.field, c.base, c.theirs, c.yours)
        locals_ = self.store.deliverables_by_uids([u for u in uids if u != self.mission_uid])
        mission = self.store.mission_by_id(self.mid)
        items = []
        for uid in uids:
            entity = "mission" if uid == self.mission_uid else "deliverable"
            local = mission if entity == "mission" else locals_.get(uid)
            item = _Item(uid, entity, synced.get(uid), fetched.get(uid), uid in gone, local, open_by_uid.get(uid, {}))
            if entity == "deliverable" and local is not None and local.mission_id != self.mid and item.synced is None:
                other = local.mission_ref
                self.report.lines.append(Line("server", "skip", item.title, detail=f"belongs to mission {other} here"))
                continue
            items.append(item)
        return items

    def _take(self, item, fetched: dict, skipped_uids: set) -> None:
        fields = item.fields
        if isinstance(fields, MissionFields):
            if fields.uid != self.mission_uid:
                if self.store.synced_mission(self.mid) is None and \
                        fields.reference.casefold() == self.link.reference.casefold():
                    self.mission_uid = fields.uid  # the same mission, published under another UID
                else:
                    raise SyncRefused.of("sync.other_mission", url=self.link.url, found=fields.reference,
                                         reference=self.link.reference)
        if fields.uid in fetched:
            self.report.lines.append(Line("server", "skip", item.href, detail=f"UID {fields.uid} is also at "
                                          f"{fetched[fields.uid].href}"))
            skipped_uids.add(fields.uid)
            return
        fetched[fields.uid] = item

    # ------------------------------------------------------------------ planning

    def _names(self, items: list[_Item]) -> _Names:
        wanted = {i.uid for i in items}
        for i in items:
            if i.remote is not None and isinstance(i.remote.fields, TaskFields):
                wanted.update(i.remote.fields.depends_on)
        ids = self.store.ids_of_uids(wanted)
        new = [i.uid for i in items if i.uid not in ids and i.entity == "deliverable"]
        ids.update({uid: -(n + 1_000_000) for n, uid in enumerate(new)})  # placeholders until created
        return _Names(self.store, ids)

    def _theirs(self, item: _Item, names: _Names) -> dict | None:
        base = item.synced.base if item.synced else None
        if item.remote is not None:
            fields = item.remote.fields
            names.editor(fields.editor)
            if isinstance(fields, MissionFields):
                return mission_state(fields, names.person_of)
            state, _unknown = task_state(fields, base, names.person_of, names.ids)
            return state
        if item.gone or base is None:
            return None
        return remote_known(base, item.open)

    def _yours(self, item: _Item) -> dict | None:
        if item.local is None:
            return None
        if item.entity == "mission":
            return local_mission_state(item.local)
        if item.local.mission_id != self.mid:
            return {"deleted": True}  # moved to another mission: gone from this one
        return deliverable_state(item.local)

    def _plan(self, items: list[_Item], names: _Names) -> None:
        for item in items:
            base = item.synced.base if item.synced else None
            item.plan = plan_item(item.entity, item.uid, base, self._theirs(item, names), self._yours(item), item.open)

    def _check_deletes(self, items: list[_Item]) -> None:
        if self.allow_deletes:
            return
        s = self.ctx.config.sync
        size = max(self.store.count_synced(self.mid), sum(1 for i in items if i.entity == "deliverable"))
        side = count_deletes(i.plan for i in items).exceeds(s.delete_threshold, s.delete_percent, size)
        if side:
            deletes = count_deletes(i.plan for i in items)
            raise SyncRefused.of("sync.too_many_deletes_here" if side == "here" else "sync.too_many_deletes_server",
                                 count=deletes.here if side == "here" else deletes.server,
                                 reference=self.link.reference)

    def _describe(self, items: list[_Item]) -> None:
        for item in items:
            self._note(item)

    def _note(self, item: _Item) -> None:
        plan, lines = item.plan, self.report.lines
        if plan.create_local:
            lines.append(Line("here", "create", item.title))
        elif plan.local:
            lines.append(Line("here", "update", item.title, tuple(plan.local)))
        if plan.tombstone:
            lines.append(Line("here", "delete", item.title))
        if plan.push == "create":
            lines.append(Line("server", "create", item.title))
        elif plan.push == "update":
            held = {c.field for c in plan.conflicts}  # a field in conflict keeps the server's value: not sent
            changed = tuple(n for n in MERGED[item.entity] if n in plan.pushed and item.plan.base is not None
                            and n not in held and plan.pushed[n] != plan.base.get(n))
            lines.append(Line("server", "update", item.title, changed))
        elif plan.push == "delete":
            lines.append(Line("server", "delete", item.title))
        if plan.conflicts:
            lines.append(Line("here", "conflict", item.title, tuple(c.field for c in plan.conflicts)))

    # ------------------------------------------------------------------ doing it

    def _settle(self, items: list[_Item]) -> bool:
        """Apply here, then send; items whose write met a newer version are fetched and settled again.
        True when an item was created on the server."""
        created = False
        while items:
            self._apply_here(items)
            created = any(i.plan.push == "create" for i in items) or created
            retry = self._send([i for i in items if i.plan.push])
            for item in retry:
                item.attempts += 1
                if item.attempts > STALE_RETRIES:
                    self.stale = True
                    self.report.lines.append(Line("server", "skip", item.title, detail="changed on the server "
                                                  "during the sync; it is merged at the next one"))
                    continue
                got = self.remote.fetch([item.remote.href if item.remote else self._href(item)])
                item.remote = got.items[0] if got.items else None
                item.gone = item.remote is None
                item.synced = self.store.synced_items(self.mid, [item.uid]).get(item.uid)
            items = [i for i in retry if i.attempts <= STALE_RETRIES]
        return created

    def _apply_here(self, items: list[_Item]) -> None:
        """The local side, in one transaction: re-read under the write lock and planned again (a
        colleague may have saved since the first plan), then written with the sync's records."""
        names = self._names(items)
        self._plan(items, names)
        if not self._backed_up and (names.new_people or any(i.plan.changes_here for i in items)):
            self.report.backup = backup_before_sync(self.ctx)
            self._backed_up = True
        today = self.ctx.today()
        with self.store.transaction():
            if self._refresh(items) or names.new_people:
                self._create_people(names)
                names = self._names(items)
                self._plan(items, names)
            creates = _in_dependency_order([i for i in items if i.plan.create_local])
            for n, item in enumerate(creates):
                self._create_here(item, names, today)
                self.progress("apply", n + 1, len(items))
            self._plan([i for i in items if not i.plan.create_local], names)
            for n, item in enumerate(items):
                if not item.plan.create_local:
                    self._change_here(item, today)
                    self.progress("apply", len(creates) + n + 1, len(items))
                if item.attempts == 0:
                    self._note(item)

    def _refresh(self, items: list[_Item]) -> bool:
        """Local states as they are now, under the write lock; True if any moved since the plan."""
        fresh = self.store.deliverables_by_uids([i.uid for i in items if i.entity == "deliverable"])
        mission = self.store.mission_by_id(self.mid)
        moved = False
        for item in items:
            now = mission if item.entity == "mission" else fresh.get(item.uid)
            before = item.local
            if (before is None) != (now is None) or (now is not None and before.version != now.version):
                moved = True
            item.local = now
        return moved

    def _actor_ctx(self, item: _Item) -> Context:
        fields = item.remote.fields if item.remote is not None else None
        actor = (fields.editor if fields is not None else "") or _host_actor(self.remote.host)
        return replace(self.ctx, actor=actor, source="sync")

    def _reason(self, item: _Item) -> str:
        return _stamp(item.remote.fields.last_modified) if item.remote is not None else ""

    def _create_people(self, names: _Names) -> None:
        if not names.new_people:
            return
        changes = tuple(Change("person", placeholder, {}, person_values({"name": name, "email": email}))
                        for placeholder, (name, email, _) in names.new_people.items())
        editor = next((e for _, _, e in names.new_people.values() if e), "") or _host_actor(self.remote.host)
        record(replace(self.ctx, actor=editor, source="sync"), ChangeSet(changes, source="sync"))

    def _create_here(self, item: _Item, names: _Names, today) -> None:
        theirs, _ = task_state(item.remote.fields, None, names.person_of, names.ids)
        theirs["depends_on"] = tuple(d for d in theirs["depends_on"] if d > 0)  # not a later create (a loop)
        try:
            values = deliverable_values({**theirs, "mission_id": self.mid}, None, today)
            check_links(self.ctx, None, values)
        except MissionError as exc:
            self._skip_item(item, str(exc))
            return
        ctx = self._actor_ctx(item)
        applied = record(ctx, ChangeSet((Change("deliverable", -1, {}, values, uid=item.uid),),
                                        self._reason(item), "sync"))
        created = self.store.deliverable(applied.id_of(-1))
        names.ids[item.uid] = created.id
        item.local, item.version = created, created.version
        base = {name: theirs[name] for name in MERGED["deliverable"]}
        self.store.save_synced([Synced(self.mid, item.uid, "deliverable", created.id, item.remote.href,
                                       item.remote.etag, base, self._extra(item), created.version)])
        self.store.replace_conflicts(self.mid, item.uid, ())

    def _skip_item(self, item: _Item, reason: str) -> None:
        self.report.lines.append(Line("here", "skip", item.title, detail=reason))
        item.plan = ItemPlan(item.uid, item.entity)  # nothing else happens to it in this run

    def _change_here(self, item: _Item, today) -> None:
        plan = item.plan
        try:  # a value the rules refuse (an empty title, a loop of dependencies): the item waits, listed
            change = self._local_change(item, today) if (plan.local or plan.tombstone) else None
        except MissionError as exc:
            self._skip_item(item, str(exc))
            return
        if change is not None:  # written only once checked: a failure past here undoes the whole transaction
            record(self._actor_ctx(item), ChangeSet((change,), self._reason(item), "sync"))
            item.local = (self.store.mission_by_id(change.entity_id) if item.entity == "mission"
                          else self.store.deliverable(change.entity_id, include_deleted=True))
        local = item.local
        item.version = local.version if local is not None else None
        if plan.forget and plan.push is None:
            self.store.forget_synced(self.mid, [item.uid])
            return
        if plan.base is not None:
            self.store.save_synced([self._synced(item, plan.base, self._etag(item),
                                                 item.version if plan.push is None else None)])
        self.store.replace_conflicts(self.mid, item.uid, [
            OpenConflict(self.mid, item.uid, item.entity, local.id if local is not None else 0, c.field, c.base,
                         c.theirs, c.yours, self.ctx.now()) for c in plan.conflicts])

    def _local_change(self, item: _Item, today) -> Change | None:
        """The change this item's plan makes here, checked against the rules; None if it changes nothing."""
        current = item.local
        if item.entity == "mission":
            before, after = diff("mission", local_mission_state(current), mission_values(item.plan.local))
            if "reference" in after:
                try:
                    other = self.store.mission(after["reference"])
                except NotFound:
                    other = None
                if other is not None and other.id != current.id:
                    raise InvalidInput.of("error.mission_exists", reference=after["reference"])
            return Change("mission", current.id, before, after, version=current.version) if after else None
        now = deliverable_state(current)
        proposed = {"deleted": True} if item.plan.tombstone else deliverable_values(item.plan.local, now, today)
        before, after = diff("deliverable", now, proposed)
        if not after:
            return None
        check_links(self.ctx, current.id, after)
        return Change("deliverable", current.id, before, after, version=current.version)

    def _etag(self, item: _Item) -> str | None:
        if item.remote is not None:
            return item.remote.etag
        if item.gone:
            return None
        return item.synced.etag if item.synced else None

    def _href(self, item: _Item) -> str:
        if item.remote is not None:
            return item.remote.href
        if item.synced is not None:
            return item.synced.href
        return self.remote.href_for(item.uid)

    def _extra(self, item: _Item) -> dict:
        if item.remote is not None:
            fields = item.remote.fields
            kept = foreign_lines(item.remote.data, read=True) if isinstance(fields, TaskFields) else ""
            return server_extra(fields, kept)
        return dict(item.synced.extra) if item.synced else {}

    def _synced(self, item: _Item, base: dict, etag: str | None, version: int | None,
                extra: dict | None = None) -> Synced:
        entity_id = item.local.id if item.local is not None else (item.synced.entity_id if item.synced else 0)
        return Synced(self.mid, item.uid, item.entity, entity_id, self._href(item), etag, base,
                      extra if extra is not None else self._extra(item), version)

    # ------------------------------------------------------------------ the server side

    def _send(self, items: list[_Item]) -> list[_Item]:
        """PUT or DELETE each planned push; (items to fetch and settle again)."""
        from missiontui.sync.transport import Deleted, Gone, Stale, Written

        if not items:
            return []
        lookups = self._push_lookups(items)
        retry, done, pending = [], 0, []
        for item in items:
            plan, href = item.plan, self._href(item)
            if plan.push == "delete":
                outcome = self.remote.delete(href, self._etag(item) or '"none"')
            else:
                text, extra = self._text(item, lookups)
                if plan.push == "create":
                    outcome = self.remote.put_new(href, text)
                elif self._etag(item):
                    outcome = self.remote.put_update(href, text, self._etag(item))
                else:  # the server never told us its version: ask again rather than overwrite
                    outcome = Stale(href)
            if isinstance(outcome, Stale | Gone) and plan.push == "delete":
                if isinstance(outcome, Gone):
                    pending.append(("forget", item, None))
                else:
                    retry.append(item)
            elif isinstance(outcome, Stale):
                retry.append(item)
            elif isinstance(outcome, Gone):
                item.remote, item.gone = None, True
                retry.append(item)
            elif isinstance(outcome, Deleted):
                pending.append(("forget", item, None))
            elif isinstance(outcome, Written):
                pending.append(("written", item, (outcome, extra)))
            done += 1
            if len(pending) >= RECORD_EVERY:
                self._record_sent(pending)
                pending = []
            self.progress("send", done, len(items))
        self._record_sent(pending)
        return retry

    def _record_sent(self, pending: list) -> None:
        if not pending:
            return
        with self.store.transaction():
            fresh = self.store.deliverables_by_uids([i.uid for _, i, _ in pending if i.entity == "deliverable"])
            for what, item, answer in pending:
                if what == "forget":
                    self.store.forget_synced(self.mid, [item.uid])
                    continue
                written, extra = answer
                now = self.store.mission_by_id(self.mid) if item.entity == "mission" else fresh.get(item.uid)
                unchanged = now is not None and item.version is not None and now.version == item.version
                base = item.plan.base_after_push if item.plan.base_after_push is not None else item.plan.pushed
                item.local = now if now is not None else item.local
                self.store.save_synced([Synced(self.mid, item.uid, item.entity, now.id if now else 0,
                                               written.href, written.etag, base, extra,
                                               now.version if unchanged else None)])

    def _push_lookups(self, items: list[_Item]) -> dict:
        deps = {d for i in items if i.entity == "deliverable" and i.plan.pushed
                for d in i.plan.pushed.get("depends_on", ())}
        people = {p.id: p for p in self.store.people()}
        return {"uids": self.store.uids_of(deps), "emails": {pid: p.email for pid, p in people.items()},
                "names": {pid: p.name for pid, p in people.items()}}

    def _text(self, item: _Item, lookups: dict) -> tuple[bytes, dict]:
        now = _moment(self.ctx.now())
        pushed, extra = item.plan.pushed, self._extra(item)
        sequence = item.local.sequence if item.entity == "deliverable" and item.local is not None else 0
        if item.entity == "mission":
            lead = lookups["names"].get(pushed.get("lead_id"), "") if pushed.get("lead_id") else ""
            people = tuple(MissionPerson(p.name, p.email, p.role, p.organisation)
                           for p in self.store.mission_people(self.mid))
            fields = mission_fields(pushed, uid=item.uid, lead=lead, people=people,
                                    sequence=int(extra.get("sequence", 0)) + (1 if item.synced else 0),
                                    editor=self.ctx.actor, now=now)
            return mission_text(fields), {"sequence": fields.sequence}
        owners = tuple(replace(o, name=lookups["names"].get(o.person_id, o.name)) for o in pushed.get("owners", ()))
        fields = task_fields({**pushed, "owners": owners}, uid=item.uid, mission_ref=self.link.reference,
                             emails=lookups["emails"], uid_of_id=lookups["uids"], extra=extra, sequence=sequence,
                             editor=self.ctx.actor, now=now)
        text = task_text(fields, keep=extra.get("kept", ""))
        return text, server_extra(fields, extra.get("kept", ""))


def _moment(at: str) -> datetime:
    """The clock's UTC time as a datetime, to the second (what LAST-MODIFIED holds)."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        moment = datetime.now(timezone.utc)
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).replace(microsecond=0)


def _in_dependency_order(items: list[_Item]) -> list[_Item]:
    """New items with what they depend on first, so each create can name the ones before it."""
    by_uid = {i.uid: i for i in items}
    ordered, seen = [], set()

    def visit(item: _Item, trail: set) -> None:
        if item.uid in seen or item.uid in trail:
            return
        trail.add(item.uid)
        for dep in item.remote.fields.depends_on:
            if dep in by_uid:
                visit(by_uid[dep], trail)
        seen.add(item.uid)
        ordered.append(item)

    for item in items:
        visit(item, set())
    return ordered


# ---------------------------------------------------------------------- backups


def backup_folder(database: Path) -> Path:
    return database.parent / f"{database.stem}-sync-backups"


def backup_before_sync(ctx: Context) -> Path:
    """An online backup of the database, the last `backups_kept` kept: `missiontui sync --restore`."""
    from missiontui.usecases import maintenance

    database = ctx.store.path
    folder = backup_folder(database)
    folder.mkdir(mode=0o700, exist_ok=True)
    moment = datetime.now(timezone.utc)  # to the microsecond: two syncs in one second keep two backups, in order
    done = maintenance.backup(database, folder / f"{database.stem}-before-sync-{moment:%Y%m%dT%H%M%S%fZ}.db")
    kept = max(1, ctx.config.sync.backups_kept)
    for old in sync_backups(database)[kept:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return done.backup


def sync_backups(database: Path) -> list[Path]:
    """Backups taken before syncs, newest first."""
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{database.stem}-before-sync-*.db"), key=lambda p: p.name, reverse=True)


# ---------------------------------------------------------------------- entry points


@contextlib.contextmanager
def one_sync_at_a_time(database: Path):
    """Two syncs of one database at once would both send the same changes: the second waits for nobody
    and is refused (the TUI's background sync and a `missiontui sync` in a terminal, say)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; the conditional writes still prevent any overwrite
        yield
        return
    lock = database.with_name(f".{database.name}.sync-lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SyncRefused.of("sync.running", path=str(database)) from None
        yield
    finally:
        os.close(fd)


def open_collection(ctx: Context, url: str):
    """The collection at `url`, logged in as the config's [sync] user with the password from the
    keyring, the environment or a 0600 file (never from the database)."""
    from missiontui.sync.credentials import find_password
    from missiontui.sync.transport import connect

    s = ctx.config.sync
    user = s.user.strip() or None
    password = None
    if user:
        password = find_password(user, keyring_service=s.keyring_service if s.keyring else None,
                                 env_var=s.password_env or "MISSIONTUI_SYNC_PASSWORD",
                                 file=s.password_file or None).value
    return connect(url, user, password, timeout=float(s.timeout), allow_http=s.allow_http,
                   verify=s.ca_bundle or True)


def sync(ctx: Context, reference: str | None = None, *, dry_run: bool = False, allow_deletes: bool = False,
         progress: Callable[[str, str, int, int], None] | None = None,
         connect: Callable[[str], Any] | None = None) -> list[SyncReport]:
    """Sync one linked mission (`reference`) or all of them. Stops at the first error, which names the
    mission; what was done before it is kept (each item is recorded as it settles)."""
    links = _links(ctx, reference)
    connect = connect or (lambda url: open_collection(ctx, url))
    reports = []
    with one_sync_at_a_time(ctx.store.path):
        for link in links:
            def step(stage: str, done: int, total: int, _ref=link.reference) -> None:
                if progress:
                    progress(_ref, stage, done, total)

            with connect(link.url) as remote:
                reports.append(MissionSync(ctx, link, remote, dry_run=dry_run, allow_deletes=allow_deletes,
                                           progress=step).run())
    return reports


def _links(ctx: Context, reference: str | None) -> list[Link]:
    if reference is None:
        links = ctx.store.sync_links()
        if not links:
            raise SyncRefused.of("sync.nothing_linked")
        return links
    mission = ctx.store.mission(reference)
    link = ctx.store.sync_link(mission.id)
    if link is None:
        raise SyncRefused.of("sync.not_linked", reference=mission.reference)
    return [link]


def pending_count(ctx: Context, mission_id: int) -> int:
    return len(ctx.store.unsent(mission_id))

