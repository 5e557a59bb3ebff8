"""Per-instance caching for the view: computed once, forgotten when a linted model is released."""

from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar, overload

_T = TypeVar("_T")


class cached_property(Generic[_T]):  # noqa: N801 - a drop-in for functools.cached_property
    """``functools.cached_property`` without its lock (Python < 3.12 takes one on every first access).

    The view computes a few properties for each of thousands of ops; the
    value is stored in the instance ``__dict__``, which shadows this
    descriptor from then on.
    """

    def __init__(self, func: Callable[[Any], _T]):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> "cached_property[_T]": ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> "_T | cached_property[_T]":
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


def forget_cached(instance: object) -> None:
    """Drop the values :class:`cached_property` stored on ``instance``; they are computed again if asked for."""
    owner = type(instance)
    for name in [n for n in vars(instance) if isinstance(getattr(owner, n, None), cached_property)]:
        del instance.__dict__[name]
