"""The raw-HTML rule across builds: the config switch decides, whatever the cache holds."""
from __future__ import annotations

from bs4 import BeautifulSoup

from support import NOW, copy_fixture, run_cli

EMBED = '---\ntitle: Video\n---\nWatch:\n\n<iframe src="https://video.example/v/1" title="Video"></iframe>\n'


def set_allow_raw_html(site, allowed: bool) -> None:
    config = site / "site_config.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("allow_raw_html")]
    config.write_text("\n".join(lines + [f"allow_raw_html: {str(allowed).lower()}"]) + "\n", encoding="utf-8")


def test_allowed_raw_html_reaches_the_page_and_turning_it_off_refuses_it_despite_the_cache(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    (site / "content/pages/video.en.md").write_text(EMBED, encoding="utf-8")
    out, cache = tmp_path / "public", tmp_path / "cache"

    set_allow_raw_html(site, True)
    allowed = run_cli("build", "--source", site, "--out", out, "--cache-dir", cache, "--now", NOW)
    assert allowed.code == 0, allowed.err
    page = BeautifulSoup((out / "en/video/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("iframe")["src"] == "https://video.example/v/1"

    set_allow_raw_html(site, False)
    refused = run_cli("build", "--source", site, "--out", out, "--cache-dir", cache, "--now", NOW)
    assert refused.code == 1
    assert refused.lines == ["content/pages/video.en.md:6: error: the HTML element <iframe> is not allowed in an "
                             "entry: pages show nothing from other sites inside them"]
