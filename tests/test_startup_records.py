"""Records compare and print exactly as @dataclass would make them (issue 18: `Common`
defines `==` and repr once instead of fourteen generated pairs at every start)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from opslog.domain import records
from opslog.domain.kinds import ALL

CLASSES: list[Any] = [records.Common, *(k.record for k in ALL)]
VALUES: dict[str, Any] = {
    "id": 7, "uid": "u-7", "author": "ann", "created_at": "t0", "updated_at": "t1",
    "day": date(2026, 11, 27), "text": "双11 'banner'\n", "tags": ["release", "上线"],
}  # fmt: skip


def generated_twin(cls: Any) -> Any:
    """The same fields in a class for which @dataclass writes `==` and repr itself."""
    spec = [(f.name, f.type, f) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, spec)


def sample(cls: type, **changes: Any) -> dict[str, Any]:
    values = {f.name: VALUES.get(f.name, f"{f.name}!") for f in dataclasses.fields(cls)}
    return {**values, **changes}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_record_compares_and_prints_as_a_generated_dataclass(cls: Any) -> None:
    twin = generated_twin(cls)
    ours, theirs = cls(**sample(cls)), twin(**sample(cls))
    assert repr(ours) == repr(theirs)
    assert repr(ours).startswith(f"{cls.__qualname__}(id=7, uid='u-7', author='ann'")
    assert ours == cls(**sample(cls))
    assert (ours == cls(**sample(cls, author="bob"))) is False
    assert ours != cls(**sample(cls, updated_at="t2"))
    assert ours.__eq__(theirs) is NotImplemented  # another class: never equal
    assert ours != theirs
    with pytest.raises(TypeError):
        hash(ours)  # compared by value and mutable: unhashable, as @dataclass makes it
    assert cls.__match_args__ == twin.__match_args__
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert dataclasses.replace(ours, author="bob") == cls(**sample(cls, author="bob"))


def test_every_record_uses_the_shared_comparison() -> None:
    """A record class made with plain @dataclass would be correct but slow to import."""
    slow = [c.__name__ for c in CLASSES[1:] if "__eq__" in vars(c) or "__repr__" in vars(c)]
    assert slow == []
