"""`Store`: one object per open database, the sum of its parts."""

from missiontui.store.agenda import AgendaMixin
from missiontui.store.base import StoreBase
from missiontui.store.calendar_rows import CalendarRowsMixin
from missiontui.store.deliverables import DeliverablesMixin
from missiontui.store.history import HistoryMixin
from missiontui.store.missions import MissionsMixin
from missiontui.store.people import PeopleMixin
from missiontui.store.reports import ReportsMixin
from missiontui.store.tokens import TokensMixin
from missiontui.store.writes import WritesMixin


class Store(AgendaMixin, PeopleMixin, MissionsMixin, DeliverablesMixin, HistoryMixin, TokensMixin, CalendarRowsMixin,
            ReportsMixin, WritesMixin, StoreBase):
    pass
