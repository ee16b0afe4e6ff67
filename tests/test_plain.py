"""Every `@plain` class (domain/plain.py) behaves as `@dataclass` would make it: the same
arguments and errors, ==, repr, hash and frozenness, and dataclasses' own functions work
on it (issue 18: the methods written once instead of compiled per class at every start)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import opslog
from opslog.domain.plain import from_fields, plain

SRC = Path(opslog.__file__).parent


def plain_classes() -> list[Any]:
    found = []
    for info in pkgutil.walk_packages([str(SRC)], "opslog."):
        if info.name == "opslog.__main__":  # runs the command line
            continue
        module = importlib.import_module(info.name)
        found += [
            c
            for c in vars(module).values()
            if isinstance(c, type) and c.__module__ == info.name and "__plain__" in vars(c)
        ]
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


CLASSES = plain_classes()


def is_frozen(cls: Any) -> bool:
    return "__setattr__" in vars(cls)


def twin(cls: Any) -> Any:
    """The same fields in a class for which @dataclass writes every method itself."""
    spec = [(f.name, f.type, f) for f in dataclasses.fields(cls)]
    namespace = (
        {"__post_init__": vars(cls)["__post_init__"]} if "__post_init__" in vars(cls) else {}
    )
    made = dataclasses.make_dataclass(
        cls.__name__, spec, frozen=is_frozen(cls), namespace=namespace
    )
    made.__qualname__ = cls.__qualname__
    return made


def sample(cls: Any, **changes: Any) -> dict[str, Any]:
    """A value for each field; days make a valid week and period (a Monday to a Sunday)."""
    days = {"start": date(2026, 11, 23), "end": date(2026, 11, 29)}
    values = {
        f.name: days.get(f.name, date(2026, 11, 27))
        if str(f.type).startswith("date")
        else f"{f.name}!"
        for f in dataclasses.fields(cls)
    }
    return {**values, **changes}


def other(cls: Any) -> dict[str, Any]:
    """Another value for the last field (a week later, for a day)."""
    name, value = list(sample(cls).items())[-1]
    return {name: value + timedelta(days=7) if isinstance(value, date) else "other"}


def error(call: Any, cls: Any) -> str:
    with pytest.raises(TypeError) as caught:
        call(cls)
    return str(caught.value)


def test_every_class_of_opslog_is_plain() -> None:
    """A class made with @dataclass would be correct but compile its methods at import."""
    pattern = re.compile(r"^@(dataclasses\.)?dataclass\b", re.M)
    slow = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if pattern.search(p.read_text())]
    assert slow == []
    assert len(CLASSES) > 80


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_a_plain_class_is_the_dataclass_it_stands_for(cls: Any) -> None:
    made = twin(cls)
    ours, theirs = cls(**sample(cls)), made(**sample(cls))
    names = [f.name for f in dataclasses.fields(cls)]
    assert repr(ours) == repr(theirs)
    assert ours == cls(**sample(cls))
    assert ours == cls(*sample(cls).values())  # positionally too
    assert ours != cls(**sample(cls, **other(cls)))
    assert ours.__eq__(theirs) is NotImplemented and ours != theirs  # another class
    if is_frozen(cls):
        assert hash(ours) == hash(theirs)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(ours, names[0], "x")
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(ours, names[0])
    elif cls.__hash__ is None:
        assert made.__hash__ is None  # compared by value and mutable: unhashable
    assert cls.__match_args__ == made.__match_args__
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert dataclasses.replace(ours, **other(cls)) == cls(**sample(cls, **other(cls)))
    assert from_fields(cls, sample(cls)) == ours  # the store's way from a row


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_defaults_and_wrong_arguments_as_a_dataclass(cls: Any) -> None:
    made = twin(cls)
    required = {
        f.name: v
        for f, v in zip(dataclasses.fields(cls), sample(cls).values(), strict=True)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    ours, theirs = cls(**required), made(**required)
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)  # fresh lists, dicts
    too_many = [*sample(cls).values(), "extra"]
    calls = [lambda c: c(*too_many), lambda c: c(**required, unknown=1)]
    if required:  # repeated and missing arguments
        calls += [lambda c: c(*list(required.values())[:1], **required), lambda c: c()]
    for call in calls:
        assert error(call, cls) == error(call, made)


def test_a_class_writes_its_own_methods_over_the_generic_ones() -> None:
    @plain(frozen=True)
    class Point:
        x: int
        y: int = 0

        def __repr__(self) -> str:
            return f"<{self.x}, {self.y}>"

    assert repr(Point(1)) == "<1, 0>"
    assert Point(1, 0) == Point(1) and hash(Point(1, 2)) == hash((1, 2))
    assert {Point(1), Point(1, 0)} == {Point(1)}


def test_refused_what_the_generic_init_cannot_do() -> None:
    with pytest.raises(TypeError, match="follows default argument"):

        @plain
        class Wrong:
            x: int = 0
            y: int  # type: ignore[misc]

    with pytest.raises(TypeError, match="unsupported"):

        @plain
        class Hidden:
            x: int = dataclasses.field(default=0, init=False)
