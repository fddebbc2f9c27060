"""Every error a user can cause is a MissionError: front ends print its message, never a traceback."""


class MissionError(Exception):
    """Base class: the message is one clear sentence meant for the user."""


class NotFound(MissionError):
    pass


class InvalidInput(MissionError):
    pass


class RuleViolation(MissionError):
    """A domain rule refused the change (a dependency cycle, an unknown owner, ...)."""


class Conflict(MissionError):
    """Someone changed the record since it was read: the edit was not applied."""

    def __init__(self, message: str, current=None):
        super().__init__(message)
        self.current = current  # the record as the colleague left it


class DamagedDatabase(MissionError):
    pass
