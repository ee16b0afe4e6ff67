"""#tags as Chinese and English users write them (issue 15 item 4): right after Chinese
text, the full-width ＃, ended by whitespace or Chinese/ASCII punctuation, and never a
number alone (`issue #123`)."""

from __future__ import annotations

import json

import pytest

from opslog.domain.text import extract_tags
from tests.conftest import Run

SENTENCES: list[tuple[str, list[str]]] = [
    ("上线了#双12。明天继续", ["双12"]),
    ("上线了＃双12。明天继续", ["双12"]),
    ("#发布 完成", ["发布"]),
    ("＃发布，完成", ["发布"]),
    ("今天#复盘、#周报 都写完了", ["复盘", "周报"]),
    ("#周报都写完了", ["周报都写完了"]),  # only a space or punctuation ends a tag
    ("搞定#大促！", ["大促"]),
    ("要不要#延期？", ["延期"]),
    ("原因#供应商；明天再谈", ["供应商"]),
    ("标签#物流：顺丰", ["物流"]),
    ("备注（#客服）", ["客服"]),
    ("他说「#退款」很多", ["退款"]),
    ("#双十一（预热）", ["双十一"]),
    ("issue #123 fixed", []),
    ("see #42, #7!", []),
    ("#2026年 计划", ["2026年"]),
    ("#12abc", ["12abc"]),
    ("banner live #release", ["release"]),
    ("#Release and #RELEASE", ["release"]),
    ("shipped #release.", ["release"]),
    ("shipped #release, then #qa!", ["release", "qa"]),
    ("why #oncall?", ["oncall"]),
    ("note: #ops; more", ["ops"]),
    ("(#infra)", ["infra"]),
    ("#on-call rota", ["on-call"]),
    ("#ops/infra done", ["ops/infra"]),
    ("C# and F# are languages", []),
    ("see https://example.com/page#top", []),
    ("&#123; is an entity", []),
    ("## heading", []),
    ("# not a tag", []),
    ("mail a#b.com", []),
    ("中文#标签 English #tag", ["标签", "tag"]),
    ("#双12#大促", ["双12"]),
    ("#x\u200by hidden", ["x"]),
    ("tab\t#t1\there", ["t1"]),
    ("#" + "长" * 65, []),  # longer than a tag may be: text, and the note is still saved
]


def test_the_table_has_at_least_30_sentences() -> None:
    assert len(SENTENCES) >= 30


@pytest.mark.parametrize(("text", "tags"), SENTENCES, ids=[t[:20] for t, _ in SENTENCES])
def test_tags_of_a_sentence(text: str, tags: list[str]) -> None:
    assert extract_tags(text) == tags


def test_note_search_week_log_and_export_agree_on_chinese_tags(run: Run) -> None:
    assert run("note", "上线了#双12。明天继续").exit_code == 0
    r = run("note", "＃发布，issue #123 关了")
    assert r.exit_code == 0 and r.stderr == "note 2 saved for 2026-11-27 #发布\n"
    assert run("note", "C# 重构 #双12").exit_code == 0
    exported = [json.loads(line) for line in run("export").stdout.splitlines()]
    assert [n["tags"] for n in exported if n["kind"] == "note"] == [["双12"], ["发布"], ["双12"]]
    week = json.loads(run("week", "-f", "json").stdout)
    assert week["stats"]["top_tags"] == [["双12", 2], ["发布", 1]]
    logged = run("log", "--tag", "双12").stdout.splitlines()
    assert [line.split("\t")[2] for line in logged] == ["1", "3"]
    assert run("log", "--tag", "123").stdout == ""
    found = run("search", "#双12").stdout.splitlines()
    assert [line.split("\t")[2] for line in found] == ["1", "3"]

