"""Every page of the campaign's own site, in real Chromium: axe-core WCAG 2.0/2.1/2.2 A
and AA reports nothing, and no page asks any host but the site's own."""
from __future__ import annotations

from pathlib import Path

import pytest

from support import NOW, run_cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def campaign(tmp_path_factory, serve_folder):
    root = tmp_path_factory.mktemp("campaign-a11y")
    out = root / "public"
    result = run_cli("build", "--source", ROOT, "--out", out, "--now", NOW, "--cache-dir", root / "cache")
    assert result.code == 0, result.err
    return out, serve_folder(out)


def page_paths(out: Path) -> list[str]:
    """The site path of every HTML page, redirects from aliases left out."""
    paths = []
    for html in sorted(out.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        rel = html.relative_to(out).as_posix()
        paths.append("/" + rel.removesuffix("index.html"))
    return paths


def test_the_campaign_site_has_more_than_a_hundred_pages(campaign):
    out, _ = campaign
    assert len(page_paths(out)) > 100


def in_group(path: str, group: str) -> bool:
    """Pages by language; "shared" is the bilingual landing page and the 404 page."""
    if group == "shared":
        return not path.startswith(("/lt/", "/en/"))
    return path.startswith(f"/{group}/")


# One test per language, so that parallel test runs can share the work.
@pytest.mark.parametrize("group", ["lt", "en", "shared"])
def test_every_campaign_page_passes_axe_and_stays_on_its_own_host(campaign, new_page, axe, group):
    out, server = campaign
    page, log = new_page(viewport={"width": 390, "height": 844})
    paths = [path for path in page_paths(out) if in_group(path, group)]
    assert paths
    problems = []
    for path in paths:
        page.goto(server.url(path), wait_until="load")
        problems += [f"{path}: {v}" for v in axe(page)]
    log.assert_only(server.origin)
    assert not log.csp_violations(), log.csp_violations()
    assert not problems, f"{len(problems)} accessibility problem(s):\n  " + "\n  ".join(problems)
