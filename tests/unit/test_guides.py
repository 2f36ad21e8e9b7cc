"""Reading time, related guides and the guide list's audience groups."""
from dataclasses import replace
from pathlib import Path

import pytest

from budrus.diagnostics import Diagnostics
from budrus.guides import group_by_audience, reading_minutes, related_guides
from budrus.pipeline import BuildOptions, load_site

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "guides_events"


@pytest.fixture(scope="module")
def site():
    diagnostics = Diagnostics()
    found = load_site(BuildOptions(source=FIXTURE, now="2026-11-29T12:00"), diagnostics)
    assert found is not None, diagnostics.items
    return found


def guide(site, key, lang="lt"):
    return site.translations[f"guides/{key}"][lang]


def test_reading_time_counts_body_signs_steps_and_self_check_and_is_at_least_a_minute(site):
    short = guide(site, "loverboy")
    assert reading_minutes(short) == 1
    long_body = replace(short, body="žodis " * 1000)
    assert reading_minutes(long_body) == 6   # 1000 words plus the lists, at 180 a minute


def test_related_guides_share_tags_or_audience_in_the_same_language(site):
    job = guide(site, "job-offers")
    assert [g.key for g in related_guides(job, site.in_section("lt", "guides"))] == ["guides/loverboy"]
    assert [g.key for g in site.related_guides(guide(site, "job-offers", "en"))] == ["guides/loverboy"]
    assert related_guides(guide(site, "first-contact"), site.in_section("lt", "guides")) == ()


def test_shared_tags_weigh_more_than_a_shared_audience(site):
    job, love = guide(site, "job-offers"), guide(site, "loverboy")
    same_audience = replace(love, source="a.lt.md", tags=(), audience=("teachers",))
    same_tags = replace(love, source="b.lt.md", tags=("Darbas",), audience=())
    assert related_guides(job, [same_audience, same_tags]) == (same_tags, same_audience)


def test_guides_are_grouped_under_each_audience_in_config_order_then_for_everyone(site):
    groups = group_by_audience(site.in_section("lt", "guides"), site.config.audiences)
    assert [(g.audience, [e.slug for e in g.guides]) for g in groups] == [
        ("pupils", ["darbo-pasiulymas", "meiles-spastai"]),
        ("teachers", ["darbo-pasiulymas"]),
        (None, ["pirmasis-pokalbis"]),
    ]
