"""Outputs go into the staging folder as they are made, not held until the end: a build
that fails after some of them were written leaves the previous output byte-identical and
no staging folder; cards taken from the cache are the right files, damaged ones redrawn."""
from __future__ import annotations

from pathlib import Path

import pytest

from budrus import pipeline, workers, writer
from budrus.diagnostics import BuildFailed
from budrus.outputs import cards
from budrus.render import RenderError
from support import NOW, copy_fixture, run_cli, tree_digest


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_fixture("basic", tmp_path / "site")


@pytest.fixture(params=[1, 2], ids=["one-job", "forked-workers"])
def jobs(request, monkeypatch) -> int:
    """Pages and cards made in this process, or written away by forked workers."""
    monkeypatch.setattr(workers, "MIN_ITEMS_PER_WORKER", 1)
    return request.param


def options(site: Path, tmp_path: Path, jobs: int = 1, out: str = "public", **more) -> pipeline.BuildOptions:
    return pipeline.BuildOptions(source=site, out=tmp_path / out, now=NOW, jobs=jobs,
                                 cache_dir=tmp_path / "cache", **more)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*"))


def count_files_staged(monkeypatch) -> list[str]:
    """The paths put into a staging tree by this process (workers count their own)."""
    staged: list[str] = []
    real = writer.Staging.record

    def recording(self, path, token):
        staged.append(path)
        return real(self, path, token)

    monkeypatch.setattr(writer.Staging, "record", recording)
    return staged


def test_a_build_that_fails_after_streaming_pages_and_cards_leaves_the_output_intact(
        site, tmp_path, jobs, monkeypatch):
    pipeline.build(options(site, tmp_path, jobs))
    pipeline.build(options(site, tmp_path, jobs))   # so that the next build starts from a spare tree
    before = tree_digest(tmp_path / "public")
    (site / "content/articles/what-is.en.md").write_text(
        (site / "content/articles/what-is.en.md").read_text("utf-8") + "\nA new last line.\n", "utf-8")
    # A static file on the address of a page is found only after every page and card is made.
    (site / "static/en").mkdir(parents=True)
    (site / "static/en/index.html").write_text("in the way of the English home page")
    staged = count_files_staged(monkeypatch)
    with pytest.raises(BuildFailed) as failed:
        pipeline.build(options(site, tmp_path, jobs))
    assert [d.path for d in failed.value.diagnostics.errors] == ["static/en/index.html"]
    assert sum(path.endswith("card.png") for path in staged) > 10 and "en/index.html" in staged
    assert tree_digest(tmp_path / "public") == before
    assert leftovers(tmp_path / "public") == []


def test_a_page_that_fails_to_render_midway_leaves_the_output_intact(site, tmp_path, jobs, monkeypatch):
    pipeline.build(options(site, tmp_path, jobs, no_cache=True))
    before = tree_digest(tmp_path / "public")
    real = pipeline.render_page

    def failing_for_the_guide(target, env, source, page):
        if getattr(page, "kind", "") == "entry" and page.section == "guides":
            raise RenderError("templates/guide.html", 7, "broken on purpose")
        return real(target, env, source, page)

    monkeypatch.setattr(pipeline, "render_page", failing_for_the_guide)
    with pytest.raises(BuildFailed):
        pipeline.build(options(site, tmp_path, jobs, no_cache=True))
    assert tree_digest(tmp_path / "public") == before
    assert leftovers(tmp_path / "public") == []


def test_an_internal_fault_after_streaming_leaves_the_output_intact(site, tmp_path, monkeypatch):
    assert run_cli("build", "--source", site, "--out", tmp_path / "public", "--now", NOW).code == 0
    before = tree_digest(tmp_path / "public")

    def broken(*args):
        raise RuntimeError("a bug in the feeds")

    monkeypatch.setattr(pipeline, "feed_file", broken)
    # Without the cache: with nothing changed, the first build's record would answer unbuilt.
    result = run_cli("build", "--source", site, "--out", tmp_path / "public", "--now", NOW, "--no-cache")
    assert result.code == 70
    assert tree_digest(tmp_path / "public") == before
    assert leftovers(tmp_path / "public") == []


def test_cards_taken_from_the_cache_equal_freshly_drawn_ones(site, tmp_path, jobs):
    reference = tmp_path / "reference"
    assert run_cli("build", "--source", site, "--out", reference, "--now", NOW, "--no-cache").code == 0
    pipeline.build(options(site, tmp_path, jobs))
    (tmp_path / "public").rename(tmp_path / "cold")
    pipeline.build(options(site, tmp_path, jobs))   # every card from the cache
    assert tree_digest(tmp_path / "cold") == tree_digest(reference)
    assert tree_digest(tmp_path / "public") == tree_digest(reference)


def test_a_damaged_card_in_the_cache_is_drawn_again_never_copied(site, tmp_path, jobs, monkeypatch):
    pipeline.build(options(site, tmp_path, jobs))
    reference = tree_digest(tmp_path / "public")
    entries = sorted(p for p in (tmp_path / "cache/cards").rglob("*") if p.is_file())
    flipped, truncated = entries[0], entries[1]
    raw = bytearray(flipped.read_bytes())
    raw[-100] ^= 0xFF   # one pixel byte of the PNG, past the entry's header
    flipped.write_bytes(bytes(raw))
    truncated.write_bytes(truncated.read_bytes()[:-1000])
    drawn: list[str] = []
    real = cards.render_card
    monkeypatch.setattr(cards, "render_card", lambda spec: drawn.append(spec.title) or real(spec))
    pipeline.build(options(site, tmp_path, 1, out="second"))
    assert len(drawn) == 2
    assert tree_digest(tmp_path / "second") == reference
    assert flipped.read_bytes() != bytes(raw)   # stored again, whole
