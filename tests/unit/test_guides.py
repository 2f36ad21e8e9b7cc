"""Reading time, related guides and the guide list's audience groups."""
from dataclasses import replace
import random
from pathlib import Path

import pytest

from budrus.diagnostics import Diagnostics
from budrus.guides import RelatedGuides, group_by_audience, reading_minutes, related_guides
from budrus.pipeline import BuildOptions, load_site
from budrus.urls import slugify

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


def _related_by_scoring_all(guide, candidates, limit=3):
    """related_guides as first written: every candidate scored, tags slugified each time."""
    scored = []
    for index, other in enumerate(candidates):
        if other.source == guide.source or other.lang != guide.lang:
            continue
        shared_tags = {slugify(t) for t in guide.tags} & {slugify(t) for t in other.tags}
        score = 2 * len(shared_tags) + len(set(guide.audience) & set(other.audience))
        if score:
            scored.append((-score, index, other))
    return tuple(other for _, _, other in sorted(scored, key=lambda item: item[:2])[:limit])


@pytest.mark.parametrize("seed, most_tags", [(8, 3), (9, 1)])
def test_the_tag_index_gives_the_same_guides_in_the_same_order_as_scoring_every_candidate(site, seed, most_tags):
    base = guide(site, "loverboy")
    rng = random.Random(seed)
    spellings = ["Darbas", "darbas", "Meilė", "meile", "Internetas", "Pagalba", "Kelionė", "Ryšiai"]
    audiences = ["pupils", "teachers", "parents"]
    candidates = [
        replace(base, source=f"g{n}.lt.md", lang=rng.choice(["lt", "lt", "en"]),
                tags=tuple(rng.sample(spellings, rng.randint(0, most_tags))),
                audience=tuple(rng.sample(audiences, rng.randint(0, 2))))
        for n in range(120)
    ]
    index = RelatedGuides(candidates)
    assert sum(1 for one in candidates if len(index.of(one)) == 3) > 40   # the limit is reached
    for one in candidates:
        assert index.of(one) == _related_by_scoring_all(one, candidates)
        assert index.of(one, limit=10) == _related_by_scoring_all(one, candidates, limit=10)


def test_guides_are_grouped_under_each_audience_in_config_order_then_for_everyone(site):
    groups = group_by_audience(site.in_section("lt", "guides"), site.config.audiences)
    assert [(g.audience, [e.slug for e in g.guides]) for g in groups] == [
        ("pupils", ["darbo-pasiulymas", "meiles-spastai"]),
        ("teachers", ["darbo-pasiulymas"]),
        (None, ["pirmasis-pokalbis"]),
    ]


def test_the_same_guides_reuse_one_index_and_its_answers_and_other_guides_get_their_own(site):
    from budrus.guides import related_index
    guides = site.in_section("lt", "guides")
    index = related_index(guides)
    assert related_index(tuple(guides)) is index
    answers = [index.of(g) for g in guides]
    assert [index.of(g) for g in guides] == answers == [related_guides(g, guides) for g in guides]
    changed = tuple(replace(g, tags=("kita",)) if n == 0 else g for n, g in enumerate(guides))
    other = related_index(changed)
    assert other is not index
    assert [other.of(g) for g in changed] == [related_guides(g, changed) for g in changed]


def test_an_answer_is_given_again_only_for_the_very_same_guide(site):
    guides = site.in_section("lt", "guides")
    index = RelatedGuides(guides)
    first = guides[0]
    before = index.of(first)
    retagged = replace(first, tags=())
    assert index.of(retagged) == related_guides(retagged, guides)
    assert index.of(first) == before
