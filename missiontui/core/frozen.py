"""Frozen value classes without the start-up cost of dataclasses.

A dataclass writes and compiles its methods when its module is imported: about half a millisecond a
class, which a dozen classes on the path of every command turn into a good part of a small
command's start-up. A `Frozen` class names its fields in `__slots__` and writes its `__init__` by
hand (setting each field with `object.__setattr__`, as a frozen dataclass does); equality, hashing,
repr, copying and immutability come from here, field by field, as a frozen dataclass has them.
"""

from __future__ import annotations

_set = object.__setattr__


class Frozen:
    __slots__ = ()
    _compared: tuple[str, ...] = ()  # the fields equality and hashing look at; empty: all of them

    def _key(self) -> tuple:
        return tuple(getattr(self, name) for name in (self._compared or self.__slots__))

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({values})"

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is frozen")

    def __reduce__(self):  # copy and pickle rebuild through __init__ (fields in __slots__ order)
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


def replace(obj, **changes):
    """A copy of `obj` with some fields changed, as dataclasses.replace does for a dataclass: for a
    Frozen class, a dataclass, or a class that says how (`__replace__`, as Python 3.13's copy.replace)."""
    if isinstance(obj, Frozen):
        return type(obj)(**{name: changes.pop(name, getattr(obj, name)) for name in obj.__slots__}, **changes)
    if hasattr(obj, "__replace__"):
        return obj.__replace__(**changes)
    import dataclasses

    return dataclasses.replace(obj, **changes)
