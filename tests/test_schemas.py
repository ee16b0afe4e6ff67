"""The JSON Schemas in src/opslog/schemas/ are the machine-readable contract
(docs/formats.md says it in words). Real output is validated against them here, and by
the `run` fixture for every document any test prints (tests/fixtures/schemas.py)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.fixtures.schemas import RECORD, check_output, errors, schema_files, urn, validator

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample.jsonl"
DOCUMENTS = ("opslog.week/1", "opslog.team-week/1", "opslog.export/1")


def closed_objects(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every sub-schema that declares additionalProperties: false."""
    found = []
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            found.append((where, node))
        for key, value in node.items():
            found += closed_objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += closed_objects(value, f"{where}/{i}")
    return found


def test_every_schema_file_is_a_valid_2020_12_schema_named_by_its_id() -> None:
    files = schema_files()
    assert set(files) >= {
        "opslog.week-1.schema.json",
        "opslog.team-week-1.schema.json",
        "opslog.export-1.schema.json",
        "opslog.record-1.schema.json",
    }
    for name, schema in files.items():
        validator(schema["$id"])  # check_schema() raises on a malformed schema
        assert name == schema["$id"][4:].replace(":", ".").replace("/", "-") + ".schema.json"


def test_a_closed_object_requires_exactly_the_keys_it_declares() -> None:
    """So that adding a key to one without requiring it (or the reverse) is caught."""
    count = 0
    for name, schema in schema_files().items():
        for where, node in closed_objects(schema):
            assert set(node["required"]) == set(node["properties"]), f"{name}{where}"
            assert len(node["required"]) == len(set(node["required"])), f"{name}{where}"
            count += 1
    assert count >= 20


def test_docs_formats_names_every_key_of_every_schema() -> None:
    formats = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    for name, schema in schema_files().items():
        for where, node in closed_objects(schema):
            for key in node["properties"]:
                assert f"`{key}`" in formats, f"{key} ({name}{where}) not in docs/formats.md"
    for document in DOCUMENTS:
        assert f"`{document}`" in formats


def test_readme_links_the_formats() -> None:
    assert "docs/formats.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_schemas_ship_in_the_package_and_the_wheel_takes_the_package_whole() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["src/opslog"]  # hatch ships every file under it
    assert not wheel.get("exclude") and not wheel.get("only-include")
    shipped = ROOT / "src" / "opslog" / "schemas"
    assert sorted(p.name for p in shipped.glob("*.schema.json")) == sorted(schema_files())


@pytest.fixture
def sample(run: Run) -> Run:
    result = run("import", str(SAMPLE))
    assert result.exit_code == 0, result.stderr
    return run


def test_a_real_week_is_valid(sample: Run) -> None:
    result = sample("week", "2026-W47", "--author", "lin", "--format", "json")
    doc = json.loads(result.stdout)
    assert errors(doc, urn("opslog.week/1")) == []
    assert len(doc["goals"]) == 3 and doc["risks"] and doc["retro"] and doc["actions"]
    assert any(d["checkin"] for d in doc["days"]) and any(d["notes"] for d in doc["days"])


def test_a_real_team_week_is_valid(sample: Run) -> None:
    result = sample("week", "2026-W47", "--team", "--format", "json")
    doc = json.loads(result.stdout)
    assert errors(doc, urn("opslog.team-week/1")) == []
    assert [r["authors"] for r in doc["reports"]] == [["lin"]]


def test_a_real_export_is_valid_as_a_document_and_as_lines(sample: Run) -> None:
    doc = json.loads(sample("export", "--format", "json").stdout)
    assert errors(doc, urn("opslog.export/1")) == []
    assert len(doc["records"]) == 229  # the sample, KPIs and readings included
    kinds = {r["kind"] for r in doc["records"]}
    assert kinds == {"note", "checkin", "goal", "progress", "risk", "risk_review", "retro",
                     "action", "kpi", "reading"}  # fmt: skip
    lines = sample("export").stdout.splitlines()
    assert len(lines) == 229  # the sample, KPIs and readings included
    for line in lines:
        assert errors(json.loads(line), RECORD) == []


@pytest.fixture
def week_doc(sample: Run) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        sample("week", "2026-W47", "--author", "lin", "--format", "json").stdout
    )
    return doc


@pytest.mark.parametrize(
    ("path", "key"),
    [((), "stats"), (("goals", 0), "progress"), (("risks", 0), "level"),
     (("actions", 0), "from_week"), (("days", 0), "checkin"), (("stats",), "top_tags")],
)  # fmt: skip
def test_a_missing_key_is_caught(week_doc: dict[str, Any], path: tuple[Any, ...], key: str) -> None:
    broken = copy.deepcopy(week_doc)
    node = broken
    for step in path:
        node = node[step]
    del node[key]
    assert any(f"'{key}' is a required property" in e for e in errors(broken, urn("opslog.week/1")))


def test_a_misspelt_key_is_caught(week_doc: dict[str, Any]) -> None:
    broken = copy.deepcopy(week_doc)
    broken["goals"][0]["confidance"] = broken["goals"][0].pop("confidence")
    problems = errors(broken, urn("opslog.week/1"))
    assert any("'confidance' was unexpected" in e for e in problems)
    assert any("'confidence' is a required property" in e for e in problems)


def test_a_wrong_value_is_caught(week_doc: dict[str, Any]) -> None:
    broken = copy.deepcopy(week_doc)
    broken["goals"][0]["status"] = "on-track"
    broken["days"] = broken["days"][:6]
    problems = errors(broken, urn("opslog.week/1"))
    assert any(e.startswith("goals/0/status:") for e in problems)
    assert any(e.startswith("days:") for e in problems)


def test_a_record_of_the_wrong_shape_for_its_kind_is_caught(sample: Run) -> None:
    line = next(x for x in sample("export").stdout.splitlines() if '"kind": "risk"' in x)
    risk = json.loads(line)
    assert errors(risk, RECORD) == []
    assert errors({**risk, "kind": "note"}, RECORD)  # a risk's columns are not a note's
    assert errors({**risk, "probability": 6}, RECORD)
    assert errors({**risk, "kind": "kpi_reading"}, RECORD)  # an unknown kind


def test_the_run_fixture_checks_what_it_prints(week_doc: dict[str, Any]) -> None:
    assert check_output(json.dumps(week_doc)) == 1
    assert check_output("[]\n") == 0 and check_output("plain text\n") == 0
    broken = {**week_doc, "stats": None}
    with pytest.raises(AssertionError, match="stats"):
        check_output(json.dumps(broken))
    with pytest.raises(AssertionError, match="not a valid urn:opslog:record/1"):
        check_output('{"kind": "note", "uid": "u", "id": 1}\n{"kind": "note"}\n')


def test_an_unknown_document_schema_has_no_file_and_fails_loudly() -> None:
    with pytest.raises(Exception, match=re.escape("urn:opslog:nothing/1")):
        check_output('{"schema": "opslog.nothing/1"}')
