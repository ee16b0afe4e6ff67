"""The weekly JSON document (the contract in spec.md)."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from opslog.jsontext import json_safe

if TYPE_CHECKING:  # `log` and `search` use finite() without the week's modules
    from opslog.domain.week import WeekSummary


def dumps(document: Any) -> str:
    """UTF-8 as typed (Chinese stays readable), controls escaped; a number JSON cannot
    hold (NaN, infinity: never written by opslog, but a view survives any stored
    number) is null."""
    return json_safe(json.dumps(finite(document), ensure_ascii=False, indent=2, allow_nan=False))


def finite(document: Any) -> Any:
    if isinstance(document, float):
        return document if math.isfinite(document) else None
    if isinstance(document, dict):
        return {k: finite(v) for k, v in document.items()}
    if isinstance(document, list | tuple):
        return [finite(v) for v in document]
    return document


def render_week_json(summary: WeekSummary) -> str:
    return dumps(summary.to_json())


def render_team_json(summaries: list[WeekSummary], summary: dict[str, Any] | None = None) -> str:
    first = summaries[0]
    document: dict[str, Any] = {
        "schema": "opslog.team-week/1",
        "week": first.week.label,
        "start": first.week.start.isoformat(),
        "end": first.week.end.isoformat(),
        "authors": [a for s in summaries for a in s.authors],
    }
    if summary is not None:
        document["summary"] = summary
    document["reports"] = [s.to_json() for s in summaries]
    return dumps(document)
