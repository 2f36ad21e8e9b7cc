"""Measure one page of every type with Lighthouse (mobile) and print a Markdown table.

    python tests/browser/lighthouse.py [--source .] [--now 2026-11-29T12:00] [--lang lt]

Builds the site into a temporary folder with its base URL set to a local server (so
canonical and alternate links point where the pages are served), serves it, and runs
`npx lighthouse@12.2.3` with CHROME_PATH (default /usr/bin/chromium) for each page type.
Needs Node.js and npm; nothing else is sent anywhere but the local server.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from browser.harness import StaticServer, find_chromium  # noqa: E402
from browser.test_theme import pages_by_type  # noqa: E402

LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(source: Path, out: Path, base_url: str, now: str) -> None:
    command = [sys.executable, "build.py", "build", "--source", str(source), "--out", str(out),
               "--base-url", base_url, "--now", now, "--no-cache"]
    subprocess.run(command, cwd=HERE.parents[1], check=True, stdout=subprocess.DEVNULL)


def measure(url: str, report: Path, chrome: str) -> dict[str, int]:
    """Category scores (0-100) of one Lighthouse run, and the failed audits' ids."""
    command = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome})
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    failed = sorted(
        audit_id
        for name in CATEGORIES
        for ref in result["categories"][name]["auditRefs"]
        if ref["weight"] > 0
        for audit_id in [ref["id"]]
        if (result["audits"][audit_id].get("score") is not None and result["audits"][audit_id]["score"] < 1)
    )
    return {**scores, "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("."))
    parser.add_argument("--now", default="2026-11-29T12:00")
    parser.add_argument("--lang", default="lt", help="the language of the per-language pages")
    args = parser.parse_args()
    chrome = find_chromium() or sys.exit("no Chromium found: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        out = Path(tmp) / "public"
        build(args.source.resolve(), out, f"http://127.0.0.1:{port}", args.now)
        server = StaticServer(out, port=port).start()
        try:
            print("| page type | page | performance | accessibility | best practices | SEO | audits below 100 |")
            print("| --- | --- | --- | --- | --- | --- | --- |")
            for kind, path in sorted(pages_by_type(out).items()):
                if ":" in kind and not kind.endswith(":" + args.lang):
                    continue
                scores = measure(server.url(path), Path(tmp) / "report.json", chrome)
                row = [kind, f"`{path}`"] + [str(scores[name]) for name in CATEGORIES]
                print("| " + " | ".join(row + [", ".join(scores["failed"]) or "–"]) + " |", flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
