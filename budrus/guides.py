"""What a guide shows beyond its text: reading time, related guides, audience groups."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from .model import Entry
from .urls import slugify

# Words a reader takes in per minute; a calm pace, since these texts ask for thought.
WORDS_PER_MINUTE = 180
RELATED_LIMIT = 3
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class AudienceGroup:
    """Guides meant for one audience; `audience` is None for guides meant for everyone."""

    audience: str | None
    guides: tuple[Entry, ...]


def reading_minutes(entry: Entry) -> int:
    """Whole minutes to read the entry, its guide lists and self-check included; at least 1."""
    parts = [entry.title, entry.summary, entry.body]
    if entry.guide is not None:
        guide = entry.guide
        parts += [*guide.signs, *guide.what_to_do]
        parts += [f"{item.statement} {item.explanation}" for item in guide.self_check]
    words = sum(len(_WORD.findall(part)) for part in parts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def related_guides(guide: Entry, candidates: Sequence[Entry], limit: int = RELATED_LIMIT) -> tuple[Entry, ...]:
    """Other guides of the same language sharing tags or audience; shared tags weigh more."""
    return RelatedGuides(candidates).of(guide, limit)


class RelatedGuides:
    """Candidate guides indexed by folded tag and by audience, so that finding the guides
    related to one guide costs the candidates it shares something with, not all of them.
    Build one per language and build (the Site keeps it); a build asks it for every guide."""

    def __init__(self, candidates: Sequence[Entry]) -> None:
        self.candidates = tuple(candidates)
        self._by_tag: dict[str, list[int]] = {}
        self._by_audience: dict[str, list[int]] = {}
        for index, other in enumerate(self.candidates):
            for tag in _folded(other.tags):
                self._by_tag.setdefault(tag, []).append(index)
            for audience in set(other.audience):
                self._by_audience.setdefault(audience, []).append(index)

    def of(self, guide: Entry, limit: int = RELATED_LIMIT) -> tuple[Entry, ...]:
        """The same answer as scoring every candidate: the highest scores first, ties in
        candidate order; a shared tag scores 2, a shared audience 1."""
        scores: dict[int, int] = {}
        for tag in _folded(guide.tags):
            for index in self._by_tag.get(tag, ()):
                scores[index] = scores.get(index, 0) + 2
        for audience in set(guide.audience):
            for index in self._by_audience.get(audience, ()):
                scores[index] = scores.get(index, 0) + 1
        ranked = sorted((-score, index) for index, score in scores.items() if self._eligible(guide, index))
        return tuple(self.candidates[index] for _, index in ranked[:limit])

    def _eligible(self, guide: Entry, index: int) -> bool:
        other = self.candidates[index]
        return other.source != guide.source and other.lang == guide.lang


def group_by_audience(guides: Sequence[Entry], audiences: Mapping[str, object]) -> tuple[AudienceGroup, ...]:
    """Guides under each audience in the config's order (a guide may appear under several);
    guides that name no audience come last, meant for everyone."""
    groups = [AudienceGroup(key, tuple(g for g in guides if key in g.audience)) for key in audiences]
    groups.append(AudienceGroup(None, tuple(g for g in guides if not g.audience)))
    return tuple(group for group in groups if group.guides)


def _folded(tags: Sequence[str]) -> set[str]:
    """Tags as the site identifies them: spellings with one slug are one tag."""
    return {slugify(tag) for tag in tags}
