"""Risk scales, levels and the probability x impact matrix. Pure, no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from opslog.domain.plain import plain
from opslog.domain.records import Risk
from opslog.errors import BadInput
from opslog.i18n import _

LEVELS = ("low", "medium", "high", "critical")
SCALE = range(1, 6)

_INT_RE = re.compile(r"[+-]?\d+", re.ASCII)


def risk_level(score: int) -> str:
    """low <= 4, medium 5-9, high 10-16, critical >= 17 (score = probability * impact)."""
    if score <= 4:
        return "low"
    if score <= 9:
        return "medium"
    if score <= 16:
        return "high"
    return "critical"


def check_scale(value: int, what: str) -> int:
    """Return `value` if it is an integer 1..5, else raise BadInput naming it."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise BadInput(
            _("{what}: {value!r} is not on the scale 1..5").format(what=what, value=value)
        )
    return value


def parse_scale(text: str, what: str) -> int:
    """Parse a 1..5 scale value from CLI text, naming the value when refusing it."""
    stripped = text.strip()
    if not _INT_RE.fullmatch(stripped):
        raise BadInput(
            _("{what}: {text!r} is not a whole number 1..5").format(what=what, text=text)
        )
    value = int(stripped)
    if value not in SCALE:
        raise BadInput(_("{what}: {text!r} is not on the scale 1..5").format(what=what, text=text))
    return value


def review_due(risk: Risk, asof: date) -> bool:
    """A risk not closed whose review day has come."""
    return risk.status != "closed" and risk.review_by is not None and risk.review_by <= asof


@plain
class NewRisk:
    """A risk as a check-in collects it, before it is written."""

    title: str
    probability: int
    impact: int
    owner: str = ""
    mitigation: str = ""


@plain(frozen=True)
class RegisterLine:
    """A risk as the register lists it on `asof`."""

    risk: Risk
    level: str
    review_due: bool


def register_lines(risks: Iterable[Risk], asof: date) -> list[RegisterLine]:
    return [RegisterLine(r, risk_level(r.score), review_due(r, asof)) for r in risks]


@plain(frozen=True)
class RiskMatrix:
    """The 5×5 matrix of the risks not closed: counts per (probability, impact)."""

    counts: dict[tuple[int, int], int]
    total: int


def open_matrix(risks: Iterable[Risk]) -> RiskMatrix:
    """The matrix of the risks given that are not closed."""
    still_open = [r for r in risks if r.status != "closed"]
    return RiskMatrix(matrix_counts(still_open), len(still_open))


def matrix_counts(risks: Iterable[Risk]) -> dict[tuple[int, int], int]:
    """(probability, impact) -> number of risks; all 25 cells present, zero-filled.

    Counts every risk given: callers filter by status first if they want open ones.
    """
    counts = {(p, i): 0 for p in SCALE for i in SCALE}
    for risk in risks:
        key = (risk.probability, risk.impact)
        counts[key] = counts.get(key, 0) + 1
    return counts
