"""What slips if this slips: a deliverable moved later leaves the deliverables that depend on it due
before it — impossible as planned. Each of them is offered the same shift, and so on down the chain:
a dependent moved in turn may leave its own dependents behind.

Only open deliverables with a date move (a done one happened; an undated one has nothing to move).
A moved date is an exact day: the words it came from ("fin juin") no longer describe it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from missiontui.core.model import Due, Precision


def shift_of(old: Due | None, new: Due | None) -> int:
    """Days a deadline moved later (0 when it moved earlier, or has or had no date)."""
    if old is None or new is None:
        return 0
    return max((new.date - old.date).days, 0)


def slips(moved: int, new_day: date, shift: int, depends_on: Mapping[int, Iterable[int]],
          dues: Mapping[int, date | None], movable: set[int]) -> dict[int, date]:
    """The deliverables that would come before something they depend on once `moved` is due on
    `new_day`, each with its date moved `shift` days later, in the order the chain reaches them.
    `depends_on`: each deliverable's prerequisites; `dues`: the current dates; `movable`: the
    open, dated deliverables."""
    if shift <= 0:
        return {}
    dependents: dict[int, list[int]] = {}
    for d, prerequisites in depends_on.items():
        for p in prerequisites:
            dependents.setdefault(p, []).append(d)
    when = {moved: new_day}
    out: dict[int, date] = {}
    queue = [moved]
    while queue:
        prerequisite = queue.pop(0)
        for d in sorted(dependents.get(prerequisite, ())):
            day = dues.get(d)
            if d in when or d not in movable or day is None or day >= when[prerequisite]:
                continue
            when[d] = out[d] = day + timedelta(days=shift)
            queue.append(d)
    return out


def moved(day: date) -> Due:
    return Due(day, Precision.DAY, "")
