"""Every error a user can cause is a MissionError: front ends print its message, never a traceback.

Raise with `SomeError.of("error.key", **params)`: the message exists in English and French
(core/i18n.py), `str(error)` is the English one (the CLI), `error.localized(lang)` the TUI's.
"""

import errno


class MissionError(Exception):
    """Base class: the message is one clear sentence meant for the user."""

    key: str | None = None
    params: dict = {}

    @classmethod
    def of(cls, key: str, /, **params):
        from missiontui.core.i18n import t

        error = cls(t(key, "en", **params))
        error.key, error.params = key, params
        return error

    def localized(self, lang: str) -> str:
        if not self.key:
            return str(self)
        from missiontui.core.i18n import error_message

        return error_message(self.key, lang, self.params)

    def phrase(self):
        """The message as a core.i18n.Phrase, to be said inside another one in its reader's language."""
        from missiontui.core.i18n import Phrase

        return Phrase(self.key, self.params) if self.key else str(self)


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


class MergeConflict(Conflict):
    """You and a colleague changed the same fields differently: nothing was saved until you choose.

    `conflicts` holds core.changes.FieldConflict (base, theirs, yours) per field; `current` the
    record as it is now, whose version a re-run with choices must name."""

    conflicts: tuple = ()


class DatabaseFileError(MissionError):
    """The database file cannot be used as it is; nothing was written to it.

    `problem` names the case for scripts and `missiontui check`: missing, empty, not-a-database,
    damaged, truncated, not-a-file, unreadable, read-only-file, read-only-folder, locked, foreign,
    newer-schema. `path` is the file concerned."""

    problem = "unusable"

    def __init__(self, message: str, problem: str | None = None, path=None):
        super().__init__(message)
        if problem:
            self.problem = problem
        self.path = path

    @classmethod
    def of(cls, key: str, /, *, problem: str | None = None, path=None, **params):
        """The message names the file as {file} (made visible: a file name may hold control characters)."""
        from missiontui.core.textsafe import visible

        if path is not None:
            params.setdefault("file", visible(str(path)))
        error = super().of(key, **params)
        if problem:
            error.problem = problem
        error.path = path
        return error


class MissingDatabase(DatabaseFileError):
    """No file at the path and the command only reads: nothing was created."""

    problem = "missing"


class DamagedDatabase(DatabaseFileError):
    """The file holds no usable database (damaged, truncated, empty, another kind of file):
    `missiontui restore` may replace it, keeping it aside."""

    problem = "damaged"


class StorageBusy(MissionError):
    """The database could not take the write (locked too long, read-only, disk full): nothing changed."""


_OS_REASONS = {  # errno → why, in words a user reads in their own language
    errno.ENOENT: "os.not_found", errno.EACCES: "os.denied", errno.EPERM: "os.denied",
    errno.EISDIR: "os.is_folder", errno.ENOTDIR: "os.not_a_folder", errno.ENOSPC: "os.disk_full",
    errno.EROFS: "os.read_only", errno.ENAMETOOLONG: "os.name_too_long",
}


def os_reason(exc: OSError):
    """Why the system refused a file, as a Phrase said in the reader's language for the usual
    cases (a missing folder, no permission, a full disk…), else the system's own words."""
    from missiontui.core.i18n import Phrase

    key = _OS_REASONS.get(exc.errno)
    return Phrase(key, {}) if key else Phrase("os.other", {"reason": exc.strerror or str(exc)})
