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
    scored = []
    for index, other in enumerate(candidates):
        if other.source == guide.source or other.lang != guide.lang:
            continue
        score = 2 * len(_folded(guide.tags) & _folded(other.tags)) + len(set(guide.audience) & set(other.audience))
        if score:
            scored.append((-score, index, other))
    return tuple(other for _, _, other in sorted(scored, key=lambda item: item[:2])[:limit])


def group_by_audience(guides: Sequence[Entry], audiences: Mapping[str, object]) -> tuple[AudienceGroup, ...]:
    """Guides under each audience in the config's order (a guide may appear under several);
    guides that name no audience come last, meant for everyone."""
    groups = [AudienceGroup(key, tuple(g for g in guides if key in g.audience)) for key in audiences]
    groups.append(AudienceGroup(None, tuple(g for g in guides if not g.audience)))
    return tuple(group for group in groups if group.guides)


def _folded(tags: Sequence[str]) -> set[str]:
    """Tags as the site identifies them: spellings with one slug are one tag."""
    return {slugify(tag) for tag in tags}
