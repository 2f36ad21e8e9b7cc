"""robots.txt."""
from pathlib import Path

from budrus.config import load_config
from budrus.outputs.robots import robots_txt

ROOT = Path(__file__).resolve().parents[2]


def test_robots_allows_crawlers_and_names_the_absolute_sitemap():
    config, _ = load_config(ROOT, base_url="https://example.org/kampanija")
    lines = robots_txt(config).decode("utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert "Sitemap: https://example.org/kampanija/sitemap.xml" in lines


def test_a_build_with_drafts_keeps_crawlers_out():
    config, _ = load_config(ROOT)
    assert "Disallow: /" in robots_txt(config, drafts=True).decode("utf-8").splitlines()
