"""The weekly JSON document (the contract in spec.md)."""

from __future__ import annotations

import json
from typing import Any

from opslog.domain.week import WeekSummary
from opslog.jsontext import json_safe


def dumps(document: Any) -> str:
    """UTF-8 as typed (Chinese stays readable), controls escaped, NaN refused."""
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False))


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
