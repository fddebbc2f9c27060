"""How a database may be opened: its own module, so front ends name a mode without loading sqlite3."""

from enum import Enum


class Create(Enum):
    """What opening may create. Commands that only read pass NO: a wrong --db creates nothing."""

    NO = "no"  # the file must already be a database
    IF_MISSING = "if-missing"  # commands that make data: a missing file (and its folder) is created
    INIT = "init"  # `missiontui init`: also an empty (0-byte) file, such as `touch` makes, becomes one
