"""Remake the README's report screenshots (docs/report-q4-*.png) from the sample logbook:

    python docs/make_screenshots.py

Imports examples/sample.jsonl into a temporary logbook, renders `opslog report 2026-Q4
--format html` with the clock at 2026-11-30, and has headless Chromium photograph it at
1280 px and at 390 px (a phone). Needs Debian's chromium."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures.browser import probe, read_png, screenshot_page  # noqa: E402


def write_png(path: Path, rows: list[bytes], width: int) -> None:
    raw = b"".join(b"\x00" + row[: 3 * width] for row in rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "OPSLOG_DB": str(folder / "sample.db"), "OPSLOG_AUTHOR": "lin",
               "OPSLOG_NOW": "2026-11-30T18:00:00+08:00", "OPSLOG_LANG": "en", "HOME": tmp,
               "XDG_CONFIG_HOME": tmp, "XDG_DATA_HOME": tmp}  # fmt: skip
        opslog = [sys.executable, "-m", "opslog"]
        subprocess.run([*opslog, "import", str(ROOT / "examples/sample.jsonl")], env=env,
                       check=True, capture_output=True)  # fmt: skip
        page = folder / "q4.html"
        subprocess.run([*opslog, "report", "2026-Q4", "-f", "html", "-o", str(page)], env=env,
                       check=True, capture_output=True)  # fmt: skip
        for width, name in ((1280, "report-q4-desktop.png"), (390, "report-q4-phone.png")):
            height = int(probe(page, width).facts["height"])
            shot = folder / name
            screenshot_page(page, shot, width, height)
            _w, _h, rows = read_png(shot)
            write_png(ROOT / "docs" / name, rows[:height], width)
            print(f"docs/{name}: {width}×{height}")


if __name__ == "__main__":
    main()
