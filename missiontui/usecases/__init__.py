"""Use cases: one module per thing users do. Every front end changes data only through here."""

from missiontui.usecases.deliverables import *  # noqa: F401,F403
from missiontui.usecases.deliverables import Saved, open_store, resolve_due  # noqa: F401
