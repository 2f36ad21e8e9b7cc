"""Read a generated site folder back, for the converters to other generators."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.generate import LANGUAGES, SECTIONS, slugify

try:  # the C loader when PyYAML has it: converting 10,000 files should take seconds
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader

SOURCE_LINK = re.compile(
    r"\]\(((?:\.\./(?:articles|guides|events|pages)/)?[a-z0-9-]+\.(?:lt|en)\.md)\)")


@dataclass(frozen=True)
class SourceEntry:
    """One entry file of the generated site."""

    section: str
    key: str
    lang: str
    meta: dict
    body: str

    @property
    def slug(self) -> str:
        return self.meta.get("slug") or slugify(self.meta["title"])


@dataclass
class Corpus:
    config: dict
    entries: list[SourceEntry]
    by_key: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key = {(e.section, e.key, e.lang): e for e in self.entries}

    def section_slug(self, section: str, lang: str) -> str:
        return self.config["languages"][lang]["sections"][section]

    def translation(self, entry: SourceEntry, lang: str) -> SourceEntry:
        return self.by_key[(entry.section, entry.key, lang)]

    def url(self, entry: SourceEntry, lang: str | None = None) -> str:
        """The Budrus URL of an entry (or of its translation into `lang`)."""
        lang = lang or entry.lang
        slug = self.translation(entry, lang).slug
        if entry.section == "pages":
            return f"/{lang}/{slug}/"
        return f"/{lang}/{self.section_slug(entry.section, lang)}/{slug}/"


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split `---` YAML front matter from the Markdown body."""
    _, head, body = text.split("---\n", 2)
    return yaml.load(head, Loader=Loader), body.lstrip("\n")


def read_corpus(site: Path) -> Corpus:
    """Load the config and every entry of a generated site, in a stable order."""
    config = yaml.load((site / "site_config.yaml").read_text(encoding="utf-8"), Loader=Loader)
    entries = []
    for section in SECTIONS:
        for path in sorted((site / "content" / section).glob("*.md")):
            key, lang, _ = path.name.rsplit(".", 2)
            if lang not in LANGUAGES:
                continue
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
            entries.append(SourceEntry(section, key, lang, meta, body))
    return Corpus(config, entries)


def rewrite_source_links(body: str, replace) -> str:
    """Apply `replace(path)` to every link written as a source path (`../guides/x.lt.md`)."""
    return SOURCE_LINK.sub(lambda m: f"]({replace(m.group(1))})", body)
