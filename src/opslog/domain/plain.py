"""Plain data classes that compile nothing when their module is imported (issue 18).

`@dataclass` writes `__init__`, `__repr__` and `__eq__` (a frozen class also `__setattr__`,
`__delattr__` and `__hash__`) as source text and compiles each one as the class is made:
about 0.1 ms a method, 158 of them on `opslog week`'s path, a fifth of its start.
`@plain` makes the same dataclass -- `dataclasses.fields()`, `replace()`, `asdict()` and
`match` work on it, and type checkers read it as one (`dataclass_transform`) -- and gives
it those methods written once, here, generic over the class's fields: the same
arguments and defaults, `==`, repr, hash and frozenness as `@dataclass` writes.
tests/test_plain.py holds every such class to a twin made by `@dataclass`.

Not supported (refused when a class asks for them): `field(init=False)` and keyword-only
fields; none is used, nor is `InitVar`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, field
from reprlib import recursive_repr
from typing import Any, NoReturn, TypeVar, dataclass_transform, overload

T = TypeVar("T")


class Plan:
    """What the generic methods need to know of one class, read off its fields once."""

    __slots__ = (
        "compared",
        "defaults",
        "factories",
        "hashed",
        "known",
        "names",
        "post_init",
        "shown",
    )

    def __init__(self, fields: tuple[Field[Any], ...], post_init: bool) -> None:
        self.names = tuple(f.name for f in fields)  # in __init__'s order
        self.known = frozenset(self.names)
        self.defaults = {f.name: f.default for f in fields if f.default is not MISSING}
        self.factories: dict[str, Callable[[], Any]] = {
            f.name: f.default_factory for f in fields if f.default_factory is not MISSING
        }
        self.post_init = post_init
        # field(repr=False, compare=False, hash=...) as @dataclass reads them:
        self.shown = tuple(f.name for f in fields if f.repr)
        self.compared = tuple(f.name for f in fields if f.compare)
        self.hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))


@overload
def plain(cls: type[T], /) -> type[T]: ...


@overload
def plain(*, frozen: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(field, Field))
def plain(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """`@plain` or `@plain(frozen=True)`: `@dataclass` without the compiles."""

    def wrap(cls: type[T]) -> type[T]:
        return _make(cls, frozen)

    return wrap if cls is None else wrap(cls)


def _make(cls: type[T], frozen: bool) -> type[T]:
    if not cls.__dict__.get("__doc__"):
        # @dataclass would write "Name(a: int, ...)" from inspect.signature (costly);
        # the class's own name is enough.
        cls.__doc__ = cls.__name__
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    defaulted = False
    for f in fields:
        if not f.init or f.kw_only is True:
            raise TypeError(f"@plain {cls.__qualname__}.{f.name}: init=False, kw_only unsupported")
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        if defaulted and not has_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        defaulted = defaulted or has_default
    cls.__plain__ = Plan(fields, hasattr(cls, "__post_init__"))  # type: ignore[attr-defined]
    own = cls.__dict__
    methods: dict[str, Any] = {"__init__": _init, "__repr__": _repr, "__eq__": _eq}
    if frozen:
        methods.update(__setattr__=_refuse_set, __delattr__=_refuse_delete)
    for name, method in methods.items():
        if name not in own:  # what the class writes itself stays, as with @dataclass
            setattr(cls, name, method)
    # @dataclass's rule for eq=True: a frozen class hashes its fields; a mutable one,
    # compared by value, is unhashable. A __hash__ the class writes itself stays.
    if own.get("__hash__") is None:
        cls.__hash__ = _hash if frozen else None  # type: ignore[assignment,method-assign]
    return cls


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    plan: Plan = type(self).__plain__
    names = plan.names
    if not kwargs and len(args) == len(names):  # every field, in order
        self.__dict__.update(zip(names, args, strict=True))
        if plan.post_init:
            self.__post_init__()
        return
    values = plan.defaults.copy()
    if args:
        if len(args) > len(names):
            _refuse(type(self), args, kwargs)
        values.update(zip(names, args, strict=False))
    if kwargs:
        if not kwargs.keys() <= plan.known or (
            args and not kwargs.keys().isdisjoint(names[: len(args)])
        ):
            _refuse(type(self), args, kwargs)
        values.update(kwargs)
    for name, factory in plan.factories.items():
        if name not in values:
            values[name] = factory()
    if len(values) != len(names):
        _refuse(type(self), args, kwargs)
    # Straight into the instance's dict: as @dataclass's `self.x = x` (or a frozen
    # class's `object.__setattr__`) puts them, with dict operations in C.
    self.__dict__.update(values)
    if plan.post_init:
        self.__post_init__()


def from_fields(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of a @plain class from a dict holding every field and nothing else
    (a row read back): what `cls(**values)` makes, without binding the arguments --
    the store makes thousands of records this way (store/convert.py)."""
    made = cls.__new__(cls)
    made.__dict__.update(values)
    if cls.__plain__.post_init:  # type: ignore[attr-defined]
        made.__post_init__()  # type: ignore[attr-defined]
    return made


def _refuse(cls: type, args: tuple[Any, ...], kwargs: dict[str, Any]) -> NoReturn:
    """The TypeError Python raises for the same call of @dataclass's __init__: too many
    positional arguments, an unknown or repeated one, or missing ones."""
    plan: Plan = cls.__plain__  # type: ignore[attr-defined]
    names = plan.names
    where = f"{cls.__qualname__}.__init__()"
    if len(args) > len(names):
        total = len(names) + 1  # self included, as Python counts
        required = total - len(plan.defaults) - len(plan.factories)
        takes = f"from {required} to {total}" if required < total else f"{total}"
        s = "" if takes == "1" else "s"
        raise TypeError(
            f"{where} takes {takes} positional argument{s} but {len(args) + 1} were given"
        )
    given = set(names[: len(args)])
    for key in kwargs:
        if key in given:
            raise TypeError(f"{where} got multiple values for argument {key!r}")
        if key not in plan.known:
            raise TypeError(f"{where} got an unexpected keyword argument {key!r}")
        given.add(key)
    missing = [repr(n) for n in names if n not in given and n not in plan.defaults
               and n not in plan.factories]  # fmt: skip
    n = len(missing)
    listed = " and ".join(missing) if n <= 2 else f"{', '.join(missing[:-1])}, and {missing[-1]}"
    raise TypeError(
        f"{where} missing {n} required positional argument{'s' if n > 1 else ''}: {listed}"
    )


def _eq(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented  # type: ignore[no-any-return]  # another class: never equal
    names = type(self).__plain__.compared
    return tuple([getattr(self, n) for n in names]) == tuple([getattr(other, n) for n in names])


def _hash(self: Any) -> int:
    return hash(tuple([getattr(self, n) for n in type(self).__plain__.hashed]))


@recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in type(self).__plain__.shown)
    return f"{self.__class__.__qualname__}({shown})"


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")
