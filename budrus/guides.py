"""What a guide shows beyond its text: reading time, related guides, audience groups."""
from __future__ import annotations

import collections
import heapq
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
    """Candidate guides indexed by folded tag, and grouped by language and audience set, so
    that finding the guides related to one guide costs the candidates it shares a tag with
    and a few per group, not all candidates (most guides share some audience). Build one
    per language and build (the Site keeps it); a build asks it for every guide."""

    def __init__(self, candidates: Sequence[Entry]) -> None:
        self.candidates = tuple(candidates)
        self._audiences = tuple(frozenset(other.audience) for other in self.candidates)
        self._langs = tuple(other.lang for other in self.candidates)
        self._sources = tuple(other.source for other in self.candidates)
        self._by_tag: dict[str, list[int]] = {}
        self._by_audiences: dict[tuple[str, frozenset[str]], list[int]] = {}
        for index, other in enumerate(self.candidates):
            for tag in _folded(other.tags):
                self._by_tag.setdefault(tag, []).append(index)
            self._by_audiences.setdefault((other.lang, self._audiences[index]), []).append(index)
        self._answers: dict[tuple[str, int], tuple[Entry, tuple[Entry, ...]]] = {}

    def same_candidates(self, candidates: Sequence[Entry]) -> bool:
        """Whether candidates are the very objects this index was made of."""
        return len(candidates) == len(self.candidates) and all(
            a is b for a, b in zip(candidates, self.candidates))

    def of(self, guide: Entry, limit: int = RELATED_LIMIT) -> tuple[Entry, ...]:
        """The same answer as scoring every candidate: the highest scores first, ties in
        candidate order; a shared tag scores 2, a shared audience 1."""
        found = self._answers.get((guide.source, limit))
        if found is None or found[0] is not guide:   # entries are immutable: same object, same answer
            found = self._answers[(guide.source, limit)] = (guide, self._rank(guide, limit))
        return found[1]

    def _rank(self, guide: Entry, limit: int) -> tuple[Entry, ...]:
        audience = frozenset(guide.audience)
        # Counted in C: on a large site a popular tag lists a good share of all guides.
        shared_tags: collections.Counter = collections.Counter()
        for tag in _folded(guide.tags):
            shared_tags.update(self._by_tag.get(tag, ()))
        audiences, langs, sources = self._audiences, self._langs, self._sources
        lang, source = guide.lang, guide.source
        ranked = [(-2 * count - len(audiences[index] & audience), index) for index, count in shared_tags.items()
                  if langs[index] == lang and sources[index] != source]
        ranked += self._audience_only(guide, audience, shared_tags, limit)
        return tuple(self.candidates[index] for _, index in heapq.nsmallest(limit, ranked))

    def _audience_only(self, guide: Entry, audience: frozenset[str], tag_scores: Mapping[int, int],
                       limit: int) -> list[tuple[int, int]]:
        """Candidates sharing no tag but some audience: all of one group score the same, so
        only the first `limit` of each group can be among the best."""
        found = []
        for (lang, group_audience), indexes in self._by_audiences.items():
            shared = len(group_audience & audience)
            if lang != guide.lang or not shared:
                continue
            picked = (i for i in indexes if i not in tag_scores and self.candidates[i].source != guide.source)
            found.extend((-shared, index) for index, _ in zip(picked, range(limit)))
        return found


# The indexes of the last builds: a warm process's next Site, whose guides are the same
# objects when no guide changed, reuses them and the answers they already gave.
_RECENT_INDEXES: list[RelatedGuides] = []
RECENT_INDEXES = 4


def related_index(candidates: Sequence[Entry]) -> RelatedGuides:
    """RelatedGuides of candidates, reused while the candidates are the same objects."""
    for index in _RECENT_INDEXES:
        if index.same_candidates(candidates):
            return index
    index = RelatedGuides(candidates)
    _RECENT_INDEXES.insert(0, index)
    del _RECENT_INDEXES[RECENT_INDEXES:]
    return index


def group_by_audience(guides: Sequence[Entry], audiences: Mapping[str, object]) -> tuple[AudienceGroup, ...]:
    """Guides under each audience in the config's order (a guide may appear under several);
    guides that name no audience come last, meant for everyone."""
    groups = [AudienceGroup(key, tuple(g for g in guides if key in g.audience)) for key in audiences]
    groups.append(AudienceGroup(None, tuple(g for g in guides if not g.audience)))
    return tuple(group for group in groups if group.guides)


def _folded(tags: Sequence[str]) -> set[str]:
    """Tags as the site identifies them: spellings with one slug are one tag."""
    return {slugify(tag) for tag in tags}
