"""Markdown to each chat platform's message: converted, split and signed. Pure (the
timestamp is passed in), so every rule here is tested without a network.

What each platform renders (and what is converted for it):
- DingTalk `markdown` message: headings, bold, links, lists, quotes — tables and code
  fences are not: tables become bullets, fences are dropped. Limit 20,000 bytes.
- WeCom (企业微信) `markdown`: headings, bold, links, quotes, inline code — the same
  conversions. Limit 4,096 bytes of content.
- Feishu (飞书) `interactive` card with a markdown element: bold, italic, links — no
  headings or lists: headings become bold lines, bullets become "•". The whole request
  is limited to 20 KB, so the text is held to 18,000 bytes.
- Slack blocks with `mrkdwn`: *bold*, <url|text>, ``` code — headings become bold lines,
  `**x**` `*x*`, links `<url|text>`, bullets "•", and & < > are escaped. A section block
  holds 3,000 characters; one message up to 12,000 (readable, far below Slack's cap).
- A plain `webhook`: `{"title", "text", "part", "parts"}`, the Markdown untouched.

A report longer than the limit is split at section boundaries (headings) into parts
numbered "(1/3)"; a section too long for one part is split between lines, never within
one: a single line over the limit is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from typing import Any
from urllib.parse import quote_plus

from opslog.domain.plain import plain
from opslog.errors import BadInput

LIMITS = {"dingtalk": 20_000, "wecom": 4_096, "feishu": 18_000, "slack": 12_000,
          "webhook": 1_000_000}  # fmt: skip
SLACK_BLOCK = 3_000
# Answers that mean "too many messages, try later", sent with HTTP 200.
RATE_LIMITED = {"dingtalk": {130101}, "wecom": {45009}, "feishu": {11232}}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")


def size(kind: str, text: str) -> int:
    """How the platform counts: characters for Slack, UTF-8 bytes elsewhere."""
    return len(text) if kind == "slack" else len(text.encode("utf-8"))


def unit(kind: str) -> str:
    return "characters" if kind == "slack" else "bytes"


def default_title(markdown: str) -> str:
    for line in markdown.splitlines():
        match = _HEADING.match(line)
        if match:
            return match.group(2).strip()[:100] or "opslog"
    return "opslog"


def sections(markdown: str) -> list[list[str]]:
    """The text cut before each heading (outside code fences); blank edges dropped."""
    out: list[list[str]] = [[]]
    fenced = False
    for line in markdown.replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and _HEADING.match(line) and out[-1]:
            out.append([])
        out[-1].append(line.rstrip())
    trimmed = []
    for part in out:
        while part and not part[-1].strip():
            part.pop()
        while part and not part[0].strip():
            part.pop(0)
        if part:
            trimmed.append(part)
    return trimmed


def tables_to_bullets(lines: list[str]) -> list[str]:
    """A Markdown table as one bullet per row: "- header: cell · header: cell"."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith("|"):
            out.append(lines[i])
            i += 1
            continue
        block = []
        while i < len(lines) and lines[i].lstrip().startswith("|"):
            block.append(lines[i])
            i += 1
        rows = [_cells(row) for row in block if not _TABLE_RULE.match(row.strip())]
        has_header = len(block) > 1 and bool(_TABLE_RULE.match(block[1].strip()))
        header, body = (rows[0], rows[1:]) if has_header else ([], rows)
        for row in body:
            pairs = [
                f"{header[j]}: {cell}" if j < len(header) and header[j] else cell
                for j, cell in enumerate(row)
                if cell
            ]
            out.append("- " + " · ".join(pairs))
    return out


def _cells(row: str) -> list[str]:
    text = row.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", text)]


def convert(kind: str, lines: list[str]) -> list[str]:
    """One section's lines in what the platform renders."""
    if kind == "webhook":
        return lines
    lines = tables_to_bullets(lines)
    out: list[str] = []
    fenced = False
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
            if kind in ("slack", "webhook"):
                out.append(line)
            continue
        if fenced:
            out.append(_slack_escape(line) if kind == "slack" else line)
            continue
        out.append(_convert_line(kind, line))
    return out


def _convert_line(kind: str, line: str) -> str:
    if kind in ("dingtalk", "wecom", "webhook"):
        return line
    heading = _HEADING.match(line)
    bullet = _BULLET.match(line)
    if kind == "feishu":
        if heading:
            return f"**{heading.group(2)}**"
        if bullet:
            return f"{bullet.group(1)}• {bullet.group(2)}"
        return line
    # slack mrkdwn
    if heading:
        return f"*{_slack_inline(heading.group(2)).strip('*')}*"
    if bullet:
        return f"{bullet.group(1)}• {_slack_inline(bullet.group(2))}"
    return _slack_inline(line)


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_inline(text: str) -> str:
    quote = text.startswith("> ")
    body = _slack_escape(text[2:] if quote else text)
    body = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", body)
    body = re.sub(r"\*\*(.+?)\*\*", r"*\1*", body)
    body = re.sub(r"~~(.+?)~~", r"~\1~", body)
    return f"> {body}" if quote else body


def part_header(kind: str, title: str, index: int, total: int) -> str:
    label = f"{title} ({index}/{total})"
    if kind == "slack":
        return f"*{_slack_escape(label)}*"
    return f"**{label}**"


def split(kind: str, markdown: str, title: str) -> list[str]:
    """The converted text in parts that each fit the platform's limit (with the
    "title (i/n)" line a part carries when there are several)."""
    limit = LIMITS[kind]
    budget = limit - size(kind, part_header(kind, title, 99, 99) + "\n\n")
    if budget < 200:
        raise BadInput(f"the title is too long for {kind} (limit {limit} {unit(kind)})")
    parts: list[list[str]] = []
    current: list[str] = []
    used = 0
    for section in sections(markdown):
        text = "\n".join(convert(kind, section))
        need = size(kind, text) + (2 if current else 0)
        if used + need <= budget:
            current.append(text)
            used += need
            continue
        if current:
            parts.append(current)
            current, used = [], 0
        if size(kind, text) <= budget:
            current, used = [text], size(kind, text)
            continue
        for line in text.split("\n"):  # one section longer than a part: between lines
            n = size(kind, line)
            if n > budget:
                raise BadInput(
                    f"a line is longer than {kind}'s limit of {limit} {unit(kind)}"
                    f" ({n}): {line[:40]!r}…"
                )
            if current and used + n + 1 > budget:
                parts.append(current)
                current, used = [], 0
            if current:
                current[-1] += "\n" + line
                used += n + 1
            else:
                current, used = [line], n
    if current:
        parts.append(current)
    if not parts:
        raise BadInput("nothing to send: the report is empty")
    texts = ["\n\n".join(p) for p in parts]
    if len(texts) > 99:
        raise BadInput(f"the report would need {len(texts)} {kind} messages: too long")
    if len(texts) == 1:
        return texts
    return [f"{part_header(kind, title, i, len(texts))}\n\n{t}" for i, t in enumerate(texts, 1)]


def part_title(title: str, index: int, total: int) -> str:
    return title if total == 1 else f"{title} ({index}/{total})"


def payload(kind: str, title: str, text: str, index: int, total: int) -> dict[str, Any]:
    """The JSON body of one part, before signing."""
    shown = part_title(title, index, total)
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": shown, "text": text}}
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if kind == "feishu":
        return {
            "msg_type": "interactive",
            "card": {
                "config": {"wide_screen_mode": True},
                "header": {"title": {"tag": "plain_text", "content": shown}},
                "elements": [{"tag": "markdown", "content": text}],
            },
        }
    if kind == "slack":
        blocks: list[dict[str, Any]] = [
            {"type": "header", "text": {"type": "plain_text", "text": shown[:150]}}
        ]
        for chunk in _slack_chunks(text):
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
        return {"text": shown, "blocks": blocks}
    return {"title": title, "text": text, "part": index, "parts": total}


def _slack_chunks(text: str) -> list[str]:
    """Section blocks of at most 3,000 characters, cut between paragraphs or lines."""
    chunks: list[str] = []
    for line in text.split("\n"):
        if (
            chunks
            and len(chunks[-1]) + 1 + len(line) <= SLACK_BLOCK
            and not (line == "" and len(chunks[-1]) > SLACK_BLOCK // 2)
        ):
            chunks[-1] += "\n" + line
        elif line or chunks:
            chunks.append(line)
    return [c.strip("\n") for c in chunks if c.strip()]


@plain(frozen=True)
class Request:
    url: str
    body: bytes


def signed(kind: str, url: str, body: dict[str, Any], secret: str | None, now_ms: int) -> Request:
    """The request to make: DingTalk signs in the url, Feishu in the body (HMAC-SHA256
    of "timestamp\\nsecret"; DingTalk keys it with the secret, Feishu with that string)."""
    if secret and kind == "dingtalk":
        stamp = str(now_ms)
        digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256)
        sign = quote_plus(base64.b64encode(digest.digest()).decode())
        url = f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}"
    elif secret and kind == "feishu":
        stamp = str(now_ms // 1000)
        digest = hmac.new(f"{stamp}\n{secret}".encode(), b"", hashlib.sha256)
        body = {"timestamp": stamp, "sign": base64.b64encode(digest.digest()).decode(), **body}
    return Request(url, json.dumps(body, ensure_ascii=False).encode("utf-8"))


@plain(frozen=True)
class Verdict:
    ok: bool
    retry: bool
    reason: str


def judge(kind: str, status: int, text: str) -> Verdict:
    """A platform's answer: DingTalk, WeCom and Feishu say "no" with HTTP 200 and an
    error code; 429 and 5xx are worth another try."""
    if status == 429 or status >= 500:
        return Verdict(False, True, f"HTTP {status}")
    if not 200 <= status < 300:
        return Verdict(False, False, f"HTTP {status}: {_short(text)}")
    if kind == "webhook":
        return Verdict(True, False, "ok")
    if kind == "slack":
        ok = text.strip() == "ok"
        return Verdict(ok, False, "ok" if ok else f"answer {_short(text)!r}")
    try:
        answer = json.loads(text)
    except ValueError:
        return Verdict(False, False, f"unexpected answer {_short(text)!r}")
    if not isinstance(answer, dict):
        return Verdict(False, False, f"unexpected answer {_short(text)!r}")
    if kind == "feishu":
        code = answer.get("code", answer.get("StatusCode"))
        message = answer.get("msg", answer.get("StatusMessage", ""))
    else:
        code, message = answer.get("errcode"), answer.get("errmsg", "")
    if code == 0:
        return Verdict(True, False, "ok")
    if code is None:
        return Verdict(False, False, f"unexpected answer {_short(text)!r}")
    retry = isinstance(code, int) and code in RATE_LIMITED.get(kind, set())
    return Verdict(False, retry, f"error {code}: {_short(str(message))}")


def _short(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= 160 else one[:159] + "…"


def redact(text: str, secrets: list[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "…")
    return text
