"""Posting the parts: urllib from the standard library (one JSON POST per part needs
no client library), retries on 429 / 5xx / a platform's rate-limit code with backoff
honouring Retry-After, at most 3 tries. Imported only by `opslog send`.

`sleep` and `now_ms` are passed in: tests run the retries without waiting.
"""

from __future__ import annotations

import contextlib
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import field
from email.utils import parsedate_to_datetime
from typing import Any

from opslog import __version__
from opslog.domain.plain import plain
from opslog.errors import OpslogError
from opslog.send.formats import judge, redact, signed
from opslog.send.targets import Target

TRIES = 3
MAX_WAIT = 60.0  # seconds: a longer Retry-After is capped
TIMEOUT = 15.0


def pause(seconds: float) -> None:
    """The wait between tries (tests replace it)."""
    time.sleep(seconds)


class SendFailed(OpslogError):
    exit_code = 1


@plain
class Answer:
    status: int
    text: str
    headers: dict[str, str] = field(default_factory=dict)


def post(url: str, body: bytes, timeout: float = TIMEOUT) -> Answer:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": f"opslog/{__version__}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, _text(response.read()), dict(response.headers))
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, _text(exc.read()), dict(exc.headers or {}))


def _text(data: bytes) -> str:
    return data[:4096].decode("utf-8", "replace")


def retry_after(headers: dict[str, str], attempt: int, now: float) -> float:
    """Seconds to wait before the next try: Retry-After (seconds or a date), else 1, 2."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    wait = float(2 ** (attempt - 1))
    if value:
        try:
            wait = float(value)
        except ValueError:
            with contextlib.suppress(TypeError, ValueError):
                wait = parsedate_to_datetime(value).timestamp() - now
    return min(max(wait, 0.0), MAX_WAIT)


def deliver(
    target: Target,
    bodies: list[dict[str, Any]],
    *,
    sleep: Callable[[float], None] = time.sleep,
    now_ms: Callable[[], int] = lambda: int(time.time() * 1000),
    poster: Callable[[str, bytes], Answer] = post,
) -> int:
    """Post each part in order; raise SendFailed naming what was sent."""
    assert target.url is not None
    secrets = target.secrets()
    total = len(bodies)
    for index, body in enumerate(bodies, 1):
        reason = "not tried"
        for attempt in range(1, TRIES + 1):
            request = signed(target.type, target.url, body, target.secret, now_ms())
            try:
                answer = poster(request.url, request.body)
            except (urllib.error.URLError, OSError, ValueError) as exc:
                reason = f"cannot connect: {getattr(exc, 'reason', exc)}"
                answer = None
            if answer is not None:
                verdict = judge(target.type, answer.status, answer.text)
                if verdict.ok:
                    break
                reason = verdict.reason
                if not verdict.retry:
                    raise SendFailed(redact(_failed(target, index, total, reason), secrets))
            if attempt < TRIES:
                headers = answer.headers if answer is not None else {}
                sleep(retry_after(headers, attempt, now_ms() / 1000))
        else:
            reason = f"{reason} after {TRIES} tries"
            raise SendFailed(redact(_failed(target, index, total, reason), secrets))
    return total


def _failed(target: Target, index: int, total: int, reason: str) -> str:
    if total == 1:
        return f"{target.label}: not sent: {reason}"
    if index == 1:
        sent = f"no part was sent (0 of {total})"
    elif index == 2:
        sent = f"part 1 of {total} was sent"
    else:
        sent = f"parts 1–{index - 1} of {total} were sent"
    return f"{target.label}: part {index} of {total} failed ({reason}); {sent}"
