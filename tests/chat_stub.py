"""A stand-in for each chat platform's webhook, on 127.0.0.1: it checks what a real one
would (the signature, the message's shape, the size limit) and answers as the platform
does — success, its error code with HTTP 200, 429 with Retry-After, or 500.

The checks are written from the platforms' documentation, not from opslog's code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SECRET = "SECtest-sign-secret-0123456789"
TOKEN = "tok3n-abcdef-0123456789"

SUCCESS = {
    "dingtalk": (200, {"errcode": 0, "errmsg": "ok"}),
    "wecom": (200, {"errcode": 0, "errmsg": "ok"}),
    "feishu": (200, {"code": 0, "msg": "success", "data": {}}),
    "slack": (200, "ok"),
    "webhook": (204, ""),
}
ERROR = {  # what each platform answers for a refused message
    "dingtalk": (200, {"errcode": 310000, "errmsg": "keywords not in content"}),
    "wecom": (200, {"errcode": 93000, "errmsg": "invalid webhook url"}),
    "feishu": (200, {"code": 19021, "msg": "sign match fail"}),
    "slack": (404, "no_service"),
    "webhook": (400, "bad request"),
}
LIMIT = {"dingtalk": 20_000, "wecom": 4_096, "feishu": 20_000, "slack": 3_000}


@dataclass
class Stub:
    kind: str
    signed: bool
    port: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    script: list[tuple[int, Any, dict[str, str]]] = field(default_factory=list)

    @property
    def url(self) -> str:
        paths = {
            "dingtalk": f"/robot/send?access_token={TOKEN}",
            "wecom": f"/cgi-bin/webhook/send?key={TOKEN}",
            "feishu": f"/open-apis/bot/v2/hook/{TOKEN}",
            "slack": f"/services/T000/B000/{TOKEN}",
            "webhook": f"/hooks/{TOKEN}",
        }
        return f"http://127.0.0.1:{self.port}{paths[self.kind]}"

    def answer_with(self, *answers: tuple[int, Any] | tuple[int, Any, dict[str, str]]) -> None:
        self.script = [(a[0], a[1], a[2] if len(a) > 2 else {}) for a in answers]

    def check(self, path: str, body: dict[str, Any], raw: bytes) -> str | None:
        """What the platform would refuse, or None."""
        url = urlsplit(path)
        query = parse_qs(url.query)
        kind = self.kind
        if TOKEN not in path:
            return "token missing"
        if kind == "dingtalk":
            if self.signed:
                stamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
                mac = hmac.new(SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256)
                if not stamp or sign != base64.b64encode(mac.digest()).decode():
                    return "bad dingtalk signature"
            md = body.get("markdown", {})
            if body.get("msgtype") != "markdown" or not md.get("title") or not md.get("text"):
                return "bad dingtalk shape"
            if len(md["text"].encode()) > LIMIT[kind]:
                return "dingtalk text too long"
            if "|---" in md["text"] or "| ---" in md["text"]:
                return "table sent to dingtalk"
        elif kind == "wecom":
            content = body.get("markdown", {}).get("content")
            if body.get("msgtype") != "markdown" or not content:
                return "bad wecom shape"
            if len(content.encode()) > LIMIT[kind]:
                return "wecom content too long"
        elif kind == "feishu":
            if self.signed:
                stamp = body.get("timestamp", "")
                mac = hmac.new(f"{stamp}\n{SECRET}".encode(), b"", hashlib.sha256)
                if not stamp or body.get("sign") != base64.b64encode(mac.digest()).decode():
                    return "bad feishu signature"
            card = body.get("card", {})
            elements = card.get("elements", [])
            if body.get("msg_type") != "interactive" or not elements:
                return "bad feishu shape"
            if any(e.get("tag") != "markdown" for e in elements):
                return "bad feishu element"
            if any(line.startswith("#") for line in elements[0]["content"].split("\n")):
                return "heading sent to a feishu card"
            if len(raw) > LIMIT[kind]:
                return "feishu request too large"
        elif kind == "slack":
            blocks = body.get("blocks", [])
            if not body.get("text") or not blocks or len(blocks) > 50:
                return "bad slack shape"
            for block in blocks[1:]:
                if block.get("type") != "section" or block["text"]["type"] != "mrkdwn":
                    return "bad slack block"
                if len(block["text"]["text"]) > LIMIT[kind]:
                    return "slack section too long"
                if "**" in block["text"]["text"]:
                    return "markdown bold sent to slack"
        elif kind == "webhook" and not {"title", "text", "part", "parts"} <= set(body):
            return "bad webhook shape"
        return None


@contextmanager
def chat_stub(kind: str, signed: bool = False) -> Iterator[Stub]:
    stub = Stub(kind, signed)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.loads(raw.decode("utf-8"))
            stub.received.append({"path": self.path, "body": body})
            problem = stub.check(self.path, body, raw)
            if problem:
                stub.problems.append(problem)
                status, answer = ERROR[kind][0], ERROR[kind][1]
                headers: dict[str, str] = {}
            elif stub.script:
                status, answer, headers = stub.script.pop(0)
            else:
                status, answer, headers = SUCCESS[kind][0], SUCCESS[kind][1], {}
            data = (answer if isinstance(answer, str) else json.dumps(answer)).encode()
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
