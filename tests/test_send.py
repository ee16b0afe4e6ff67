"""`opslog send` against a stub of each platform on 127.0.0.1 (tests/chat_stub.py): the
stub checks signature, shape and size as the platform would and answers with success,
its error code, 429 or 500. No real address is ever contacted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.chat_stub import ERROR, SECRET, TOKEN, chat_stub
from tests.conftest import Run

REPORT = """# 周报 2026-W48

## 本周完成
- 上线 **双11** 活动页 [看板](https://example.invalid/board)
- 供应商对账

## 数据
| 指标 | 值 |
|---|---|
| GMV | 120 |
| 转化率 | 3.4% |
"""


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr("opslog.send.transport.pause", waited.append)
    return waited


def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, url: str,
              signed: bool = False) -> None:  # fmt: skip
    lines = ["[send.team]", f'type = "{kind}"', 'url_env = "CHAT_URL"']
    if signed:
        lines.append('secret_env = "CHAT_SECRET"')
        monkeypatch.setenv("CHAT_SECRET", SECRET)
    config = tmp_path / "config.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("OPSLOG_CONFIG", str(config))
    monkeypatch.setenv("CHAT_URL", url)


def no_secret(*texts: str) -> None:
    for text in texts:
        assert TOKEN not in text and SECRET not in text


KINDS = [("dingtalk", True), ("feishu", True), ("wecom", False), ("slack", False),
         ("webhook", False), ("dingtalk", False)]  # fmt: skip


@pytest.mark.parametrize(("kind", "signed"), KINDS)
def test_each_platform_gets_its_format_signed(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: list[float],
    kind: str, signed: bool,
) -> None:  # fmt: skip
    with chat_stub(kind, signed) as stub:
        configure(tmp_path, monkeypatch, kind, stub.url, signed)
        result = run("send", "team", input=REPORT)
    assert stub.problems == []
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"sent to send.team ({kind}): 1 part\n"
    assert len(stub.received) == 1 and sleeps == []
    body = stub.received[0]["body"]
    if kind == "dingtalk":
        assert body["markdown"]["title"] == "周报 2026-W48"
        text = body["markdown"]["text"]
        assert "- 指标: GMV · 值: 120\n- 指标: 转化率 · 值: 3.4%" in text
        assert "## 本周完成" in text and "**双11**" in text
    elif kind == "wecom":
        assert "- 指标: GMV · 值: 120" in body["markdown"]["content"]
    elif kind == "feishu":
        assert body["card"]["header"]["title"]["content"] == "周报 2026-W48"
        text = body["card"]["elements"][0]["content"]
        assert text.startswith("**周报 2026-W48**\n\n**本周完成**\n• 上线 **双11**")
        assert "• 指标: GMV · 值: 120" in text
    elif kind == "slack":
        text = body["blocks"][1]["text"]["text"]
        assert body["blocks"][0]["text"]["text"] == "周报 2026-W48"
        assert text.startswith("*周报 2026-W48*\n\n*本周完成*\n• 上线 *双11* 活动页 "
                               "<https://example.invalid/board|看板>")  # fmt: skip
    else:
        assert body == {"title": "周报 2026-W48", "text": REPORT.strip(), "part": 1, "parts": 1}
    no_secret(result.stdout, result.stderr)


def test_slack_escapes_angle_brackets_and_ampersands(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with chat_stub("slack") as stub:
        configure(tmp_path, monkeypatch, "slack", stub.url)
        result = run("send", "team", "--title", "W48", input="- a < b & <!channel>\n")
    assert result.exit_code == 0, result.stderr
    assert stub.received[0]["body"]["blocks"][1]["text"]["text"] == (
        "• a &lt; b &amp; &lt;!channel&gt;"
    )


@pytest.mark.parametrize("kind", ["dingtalk", "feishu", "wecom", "slack"])
def test_an_error_answer_is_a_failure_without_the_token(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: list[float], kind: str
) -> None:
    with chat_stub(kind) as stub:
        configure(tmp_path, monkeypatch, kind, stub.url)
        stub.answer_with(ERROR[kind])
        result = run("send", "team", input=REPORT)
    assert result.exit_code == 1
    expected = {
        "dingtalk": "error 310000: keywords not in content",
        "wecom": "error 93000: invalid webhook url",
        "feishu": "error 19021: sign match fail",
        "slack": "HTTP 404: no_service",
    }[kind]
    assert result.stderr.strip().splitlines() == [
        f"opslog: send.team ({kind}): not sent: {expected}"
    ]
    assert len(stub.received) == 1 and sleeps == []  # a refusal is not retried
    no_secret(result.stdout, result.stderr)


def test_429_waits_as_told_then_succeeds(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    with chat_stub("slack") as stub:
        configure(tmp_path, monkeypatch, "slack", stub.url)
        stub.answer_with((429, "rate_limited", {"Retry-After": "7"}))
        result = run("send", "team", input=REPORT)
    assert result.exit_code == 0, result.stderr
    assert sleeps == [7.0]
    assert len(stub.received) == 2


def test_a_platform_rate_limit_code_is_retried(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    with chat_stub("dingtalk", signed=True) as stub:
        configure(tmp_path, monkeypatch, "dingtalk", stub.url, signed=True)
        stub.answer_with((200, {"errcode": 130101, "errmsg": "send too fast"}))
        result = run("send", "team", input=REPORT)
    assert result.exit_code == 0, result.stderr
    assert sleeps == [1.0] and len(stub.received) == 2 and stub.problems == []


def test_500_three_times_gives_up_after_three_tries(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    with chat_stub("feishu", signed=True) as stub:
        configure(tmp_path, monkeypatch, "feishu", stub.url, signed=True)
        stub.answer_with(*[(500, {"code": 1, "msg": "internal"})] * 5)
        result = run("send", "team", input=REPORT)
    assert result.exit_code == 1
    assert len(stub.received) == 3
    assert sleeps == [1.0, 2.0]  # backoff without Retry-After
    assert result.stderr == "opslog: send.team (feishu): not sent: HTTP 500 after 3 tries\n"


def long_report(sections: int) -> str:
    out = ["# 周报"]
    for s in range(1, sections + 1):
        out.append(f"## 第{s}节")
        out += [f"- 第{s}节第{i}行：运营数据核对与复盘记录" for i in range(1, 31)]
    return "\n".join(out) + "\n"


def test_a_long_report_is_split_at_sections_into_numbered_parts(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = long_report(5)  # each section ~1.5 KB: two fit in WeCom's 4,096 bytes
    with chat_stub("wecom") as stub:
        configure(tmp_path, monkeypatch, "wecom", stub.url)
        result = run("send", "team", input=report)
    assert result.exit_code == 0, result.stderr
    assert stub.problems == []
    contents = [r["body"]["markdown"]["content"] for r in stub.received]
    assert len(contents) == 3
    assert result.stderr == "sent to send.wecom (wecom): 3 parts\n".replace("wecom (", "team (")
    lines: list[str] = []
    for i, content in enumerate(contents, 1):
        assert len(content.encode()) <= 4096
        head, _, rest = content.partition("\n\n")
        assert head == f"**周报 ({i}/3)**"
        lines += [line for line in rest.split("\n") if line]
        assert rest.split("\n")[0].startswith(("# 周报", "## 第"))  # a part starts a section
    assert lines == [line for line in report.split("\n") if line]  # nothing lost or cut


def test_a_failed_part_says_which_parts_were_sent(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    with chat_stub("wecom") as stub:
        configure(tmp_path, monkeypatch, "wecom", stub.url)
        stub.answer_with((200, {"errcode": 0, "errmsg": "ok"}), ERROR["wecom"])
        result = run("send", "team", input=long_report(5))
    assert result.exit_code == 1
    assert result.stderr == (
        "opslog: send.team (wecom): part 2 of 3 failed (error 93000: invalid webhook url);"
        " part 1 of 3 was sent\n"
    )
    assert len(stub.received) == 2


def test_a_line_longer_than_the_limit_is_refused_before_sending(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with chat_stub("wecom") as stub:
        configure(tmp_path, monkeypatch, "wecom", stub.url)
        result = run("send", "team", input="# t\n" + "长" * 2000 + "\n")
    assert result.exit_code == 2
    assert "longer than wecom's limit of 4096 bytes (6000)" in result.stderr
    assert stub.received == []


def test_dry_run_prints_the_messages_without_url_or_secret(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with chat_stub("dingtalk", signed=True) as stub:
        configure(tmp_path, monkeypatch, "dingtalk", stub.url, signed=True)
        result = run("send", "team", "--dry-run", "--title", "W48 周报", input=REPORT)
    assert result.exit_code == 0, result.stderr
    assert stub.received == []
    head, _, rest = result.stdout.partition("\n")
    assert head == ("# part 1 of 1: POST to send.team (dingtalk), url from environment "
                    "CHAT_URL, signed with $CHAT_SECRET")  # fmt: skip
    body = json.loads(rest)
    assert body["markdown"]["title"] == "W48 周报"
    assert "sign=" not in result.stdout and "timestamp" not in result.stdout
    no_secret(result.stdout, result.stderr)


def test_a_url_in_the_config_file_is_never_shown(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    config = tmp_path / "config.toml"
    url = f"http://127.0.0.1:9/robot/send?access_token={TOKEN}"  # port 9: nothing listens
    config.write_text(f'[send.team]\ntype = "dingtalk"\nurl = "{url}"\n', encoding="utf-8")
    monkeypatch.setenv("OPSLOG_CONFIG", str(config))
    result = run("send", "team", input=REPORT)
    assert result.exit_code == 1
    assert result.stderr.startswith("opslog: send.team (dingtalk): not sent: cannot connect")
    assert result.stderr.endswith("after 3 tries\n")
    no_secret(result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('type = "teams"\nurl_env = "CHAT_URL"',
         "bad config: [send.team] type 'teams': expected dingtalk or feishu or wecom"),
        ('type = "slack"', "bad config: [send.team] needs exactly one of url and url_env"),
        ('type = "slack"\nurl_env = "UNSET_URL"',
         "[send.team]: the environment variable UNSET_URL is not set"),
        ('type = "slack"\nurl_env = "CHAT_URL"\nsecret_env = "S"',
         "bad config: [send.team] secret_env: slack webhooks are not signed"),
        ('type = "slack"\nurl = "ftp://x"', "url (from config) must start with https://"),
    ],
)  # fmt: skip
def test_bad_settings_are_refused_with_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, message: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[send.team]\n{table}\n", encoding="utf-8")
    monkeypatch.setenv("OPSLOG_CONFIG", str(config))
    monkeypatch.setenv("CHAT_URL", f"https://hooks.invalid/{TOKEN}")
    result = run("send", "team", input=REPORT)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    no_secret(result.stderr)


@pytest.mark.parametrize(
    ("table", "english", "chinese"),
    [
        ('type = "teams"\nurl_env = "CHAT_URL"',
         "bad config: [send.team] type 'teams': expected dingtalk or feishu or wecom or slack"
         " or webhook",
         "配置有误：[send.team] 的 type 'teams' 无效：应为 dingtalk 或 feishu 或 wecom 或 slack"
         " 或 webhook"),
        ('type = "slack"', "bad config: [send.team] needs exactly one of url and url_env",
         "配置有误：[send.team] 需要 url 和 url_env 二者之一（且只能有一个）"),
        ('type = "slack"\nurl_env = "UNSET_URL"',
         "[send.team]: the environment variable UNSET_URL is not set",
         "[send.team]：环境变量 UNSET_URL 未设置"),
        ('type = "slack"\nurl_env = "CHAT_URL"\nsecret_env = "S"',
         "bad config: [send.team] secret_env: slack webhooks are not signed",
         "配置有误：[send.team] 的 secret_env：slack 的 webhook 不做签名"),
        ('type = "slack"\nurl = "ftp://x"',
         "bad config: [send.team] url (from config) must start with https://",
         "配置有误：[send.team] 的 url（来自配置）必须以 https:// 开头"),
        ('type = "slack"\nurl_env = "EMPTY_URL"',
         "bad config: [send.team] url (from environment EMPTY_URL) must start with https://",
         "配置有误：[send.team] 的 url（来自环境变量 EMPTY_URL）必须以 https:// 开头"),
        ('type = "slack"\nurl = "https://x"\ncolour = "red"',
         "bad config: [send.team] has unknown key 'colour'",
         "配置有误：[send.team] 有未知的键 'colour'"),
        ('type = "slack"\nurl = " "', "bad config: [send.team] url must be a non-empty string",
         "配置有误：[send.team] 的 url 必须是非空字符串"),
    ],
)  # fmt: skip
def test_bad_settings_are_refused_in_the_users_language(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, english: str,
    chinese: str,
) -> None:
    """The whole line in English as before, and in Chinese in zh."""
    config = tmp_path / "config.toml"
    config.write_text(f"[send.team]\n{table}\n", encoding="utf-8")
    monkeypatch.setenv("OPSLOG_CONFIG", str(config))
    monkeypatch.setenv("CHAT_URL", f"https://hooks.invalid/{TOKEN}")
    monkeypatch.setenv("EMPTY_URL", "ftp://nothing.invalid/")
    result = run("send", "team", input=REPORT)
    assert (result.exit_code, result.stderr) == (2, f"opslog: {english}\n")
    result = run("send", "team", input=REPORT, env={"OPSLOG_LANG": "zh"})
    assert (result.exit_code, result.stderr) == (2, f"opslog: {chinese}\n")


def test_an_unknown_target_names_the_known_ones_in_the_users_language(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(tmp_path, monkeypatch, "slack", "https://hooks.invalid/x")
    result = run("send", "ops", input=REPORT, env={"OPSLOG_LANG": "zh"})
    assert result.exit_code == 2
    assert result.stderr == "opslog: config.toml 中没有 [send.ops]（已有：team）\n"


def test_an_unknown_target_names_the_known_ones(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(tmp_path, monkeypatch, "slack", "https://hooks.invalid/x")
    result = run("send", "ops", input=REPORT)
    assert result.exit_code == 2
    assert result.stderr == "opslog: no [send.ops] in config.toml (known: team)\n"


def test_the_http_client_is_imported_only_by_send(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from opslog.cli.app import main\n"
        "sys.argv = ['opslog', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('urllib.request', 'http.client', 'opslog.send.transport')"
        " if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "OPSLOG_DB": str(tmp_path / "o.db")}
    for argv, expected in ((["note", "x"], "[]"), (["week"], "[]")):
        done = subprocess.run([sys.executable, "-c", probe, *argv], env=env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        assert done.stderr.strip().splitlines()[-1] == expected, (argv, done.stderr)


def test_the_chat_report_sent_in_chinese_says_daka_as_the_views_do(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check-in is 打卡 in the chat report that `send` posts, as in the views (the
    chat's numbers said 签到)."""
    for day in ("2026-11-02", "2026-11-03"):
        assert run("checkin", "--date", day, "--done", "x").exit_code == 0
    zh = {"OPSLOG_LANG": "zh"}
    assert "打卡 2/" in run("report", "2026-11", env=zh).stdout  # the table's word
    chat = run("report", "2026-11", "--format", "chat", env=zh).stdout
    with chat_stub("wecom") as stub:
        configure(tmp_path, monkeypatch, "wecom", stub.url)
        result = run("send", "team", "--dry-run", input=chat, env=zh)
    assert result.exit_code == 0, result.stderr
    sent = json.dumps(json.loads(result.stdout.partition("\n")[2]), ensure_ascii=False)
    assert "- 打卡：2/" in sent and "签到" not in sent
