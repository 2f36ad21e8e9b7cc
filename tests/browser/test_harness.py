"""The browser harness itself works with the system Chromium: pages load from the local
server, scripts run under the theme's CSP, axe-core finds real problems, and the request
guard catches a page that tries to reach another host."""

from __future__ import annotations

from pathlib import Path

import pytest

CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">"


def write_page(folder: Path, name: str, body: str, title: str = "Smoke", csp: str = CSP) -> None:
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{csp}'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head><body><main>{body}</main></body></html>"
    )
    (folder / name).write_text(html, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, serve_folder) -> object:
    (tmp_path / "ready.js").write_text("document.body.dataset.ready = 'yes';\n", encoding="utf-8")
    write_page(tmp_path, "index.html", '<h1>Hello</h1><p>Plain text.</p><script src="/ready.js"></script>')
    write_page(tmp_path, "404.html", "<h1>Not found</h1>", title="Missing")
    return serve_folder(tmp_path)


def test_chromium_loads_a_local_page_and_runs_its_own_script_under_csp(site, new_page):
    page, log = new_page()
    page.goto(site.url("/"))
    assert page.title() == "Smoke"
    assert page.locator("body").get_attribute("data-ready") == "yes"
    log.assert_only(site.origin)


def test_missing_path_is_answered_with_the_404_page(site, new_page):
    page, _ = new_page()
    response = page.goto(site.url("/no/such/page/"))
    assert response.status == 404
    assert page.title() == "Missing"


def test_axe_passes_a_clean_page_and_names_the_rule_a_broken_page_breaks(tmp_path, serve_folder, new_page, axe):
    write_page(tmp_path, "good.html", "<h1>Fine</h1><p>Readable text.</p>")
    write_page(tmp_path, "bad.html", '<h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')
    server = serve_folder(tmp_path)
    page, _ = new_page()
    page.goto(server.url("/good.html"))
    assert axe(page) == []
    page.goto(server.url("/bad.html"))
    problems = axe(page)
    assert len(problems) == 1
    assert problems[0].startswith("image-alt (critical) at img:")


def test_request_guard_blocks_and_reports_a_request_to_another_host(tmp_path, serve_folder, new_page):
    leak = '<h1>Leaky</h1><img alt="" src="http://tracker.invalid/pixel.gif">'
    write_page(tmp_path, "leaky.html", leak, csp="")
    server = serve_folder(tmp_path)
    page, log = new_page()
    page.goto(server.url("/leaky.html"))
    assert log.foreign(server.origin) == ["http://tracker.invalid/pixel.gif"]
    with pytest.raises(AssertionError, match="tracker.invalid"):
        log.assert_only(server.origin)


def test_csp_refusals_are_reported_even_though_no_request_is_made(tmp_path, serve_folder, new_page):
    write_page(tmp_path, "styled.html", '<h1 style="color: red">Inline style</h1>')
    server = serve_folder(tmp_path)
    page, log = new_page()
    page.goto(server.url("/styled.html"))
    assert log.urls == [server.url("/styled.html")]
    assert len(log.csp_violations()) == 1


def test_location_replace_to_a_second_local_server_leaves_no_history_entry(site, tmp_path, serve_folder, new_page):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_page(elsewhere, "index.html", "<h1>Elsewhere</h1>", title="Elsewhere")
    other = serve_folder(elsewhere)
    page, _ = new_page()
    page.goto(site.url("/"))
    page.goto(site.url("/404.html"))
    with page.expect_navigation(url=other.url("/")):
        page.evaluate("url => location.replace(url)", other.url("/"))
    assert page.title() == "Elsewhere"
    page.go_back()
    assert page.url == site.url("/")


def test_chrome_path_names_the_browser_and_a_wrong_one_finds_none(monkeypatch, tmp_path):
    from browser.harness import find_chromium

    browser_file = tmp_path / "chromium"
    browser_file.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHROME_PATH", str(browser_file))
    assert find_chromium() == str(browser_file)
    monkeypatch.setenv("CHROME_PATH", str(tmp_path / "missing"))
    assert find_chromium() is None


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_missing_browser_fails_under_ci_and_skips_elsewhere(monkeypatch, ci, outcome):
    from browser.harness import skip_or_fail

    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no Chromium"):
        skip_or_fail("no Chromium found")
