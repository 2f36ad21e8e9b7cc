"""`new`: scaffold an entry in every language with the front matter its section needs.

Every required key gets an editable value marked `# TODO`, optional keys are written as
comments, and the entry starts as a draft, so a scaffold passes `check` at once and is
never published half-written.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path

from . import assemble
from .config import SiteConfig, load_config
from .content import CONTENT, SourceFile, discover, parse_entry
from .diagnostics import ConfigFailed, Diagnostics
from .urls import entry_url, slugify

SECTION_OF = {"article": "articles", "guide": "guides", "event": "events", "page": "pages"}
_LAST = "\uffff"           # sorts after every real path
MAX_KEY_LENGTH = 60       # file names stay readable; the slug itself is not shortened
EVENT_DAYS_AHEAD = 14

# Placeholder texts per language; a language not listed here gets the English ones.
TEXTS = {
    "lt": {
        "translate": "TODO: išversk pavadinimą",
        "translate_slug": "TODO: sudaryk iš išversto pavadinimo (mažosios raidės be diakritikų ir brūkšneliai)",
        "slug": "adresas; keisk tik prieš pirmą paskelbimą (vėliau seną adresą įrašyk į aliases)",
        "summary": "TODO: vienas ar du sakiniai sąrašams, paieškai ir dalijimosi kortelei",
        "draft": "TODO: ištrink šią eilutę, kai įrašas bus paruoštas skelbti",
        "updated": "paskutinio esminio pakeitimo data; pagal ją `status` lygina vertimus",
        "audience": "leistinos reikšmės",
        "signs": ("Pirmasis požymis, kurį skaitytojas gali pastebėti", "Antrasis požymis",
                  "Trečiasis požymis"),
        "sign_note": "TODO: įrašyk tikrą požymį",
        "step": "Pirmas žingsnis",
        "statement": "Teiginys, kurį skaitytojas įvertina",
        "explanation": "Kodėl tai saugu ar rizikinga",
        "question": "Klausimas klasei",
        "location": "Vieta bus patikslinta",
        "location_note": "TODO: vieta (arba ištrink ir įrašyk online: true)",
        "start_note": "TODO: pradžia, vietos laiku",
        "body": "TODO: čia rašyk tekstą. Markdown: **paryškinta**, sąrašai su -.",
    },
    "en": {
        "translate": "TODO: translate the title",
        "translate_slug": "TODO: make it from the translated title (lowercase letters, digits, hyphens)",
        "slug": "the address; change it only before the first publication (later, add the old one to aliases)",
        "summary": "TODO: one or two sentences for lists, search and the share card",
        "draft": "TODO: delete this line when the entry is ready to publish",
        "updated": "the date of the last real change; `status` compares translations by it",
        "audience": "allowed values",
        "signs": ("The first warning sign a reader may notice", "The second warning sign",
                  "The third warning sign"),
        "sign_note": "TODO: write a real warning sign",
        "step": "The first step to take",
        "statement": "A statement the reader judges",
        "explanation": "Why it is safe or risky",
        "question": "A question for the class",
        "location": "Venue to be confirmed",
        "location_note": "TODO: the venue (or delete it and write online: true)",
        "start_note": "TODO: the start, local time",
        "body": "TODO: write the text here. Markdown: **bold**, lists with -.",
    },
}


def run(source: Path, kind: str, title: str, lang_option: str | None) -> int:
    """Write the scaffold files and print their paths; raises ConfigFailed on bad input."""
    config, _warnings = load_config(source)
    problems = Diagnostics()
    languages = _languages(lang_option, config, problems)
    section = SECTION_OF[kind]
    slug = _slug(title, problems)
    _stop_if(problems)
    key = _key(slug)
    paths = [source / CONTENT / section / f"{key}.{lang}.md" for lang in languages]
    for path in paths:
        if path.exists():
            problems.error(path.relative_to(source).as_posix(), 0,
                           "already exists; `new` never overwrites (use --lang for a missing translation)")
    _stop_if(problems)
    today = dt.datetime.now(config.timezone).date()
    original = languages[0] if config.default_language not in languages else config.default_language
    texts = {path: scaffold_text(config, section, lang, title, slug, today, translated=lang == original)
             for path, lang in zip(paths, languages)}
    new_files = [SourceFile(path.relative_to(source).as_posix(), section, f"{section}/{key}", lang,
                            text.encode("utf-8")) for (path, text), lang in zip(texts.items(), languages)]
    _refuse_taken_addresses(source, config, new_files, problems)
    _stop_if(problems)
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
        print(path.relative_to(source).as_posix())
    print(f"created {len(paths)} draft{'s' * (len(paths) != 1)}: fill in the TODOs, preview with "
          "`budrus serve`, then delete `draft: true`", file=sys.stderr)
    return 0


def _refuse_taken_addresses(source: Path, config: SiteConfig, new_files: list[SourceFile],
                            problems: Diagnostics) -> None:
    """The new entries' addresses must be free, or `check` would fail on the scaffold.

    The site's entries (drafts too) and the new ones go through the URL assignment that
    `check` uses. It blames the later of two files in path order, so the new files are
    named to sort last while they are checked: every clash is reported on a new file."""
    ignored = Diagnostics()  # the site's own problems are for `check`
    existing = [parse_entry(f, config, ignored) for f in discover(source, config, ignored)]
    last = {_LAST + f.path: f.path for f in new_files}
    fresh = [parse_entry(replace(f, path=_LAST + f.path), config, ignored) for f in new_files]
    found = Diagnostics()
    assemble.assign_urls([e for e in existing + fresh if e is not None], config, found)
    for item in found.errors:
        if item.path in last:
            problems.error(last[item.path], 0, f"{item.message} (choose another title)")


def _stop_if(problems: Diagnostics) -> None:
    if problems.has_errors():
        raise ConfigFailed(problems)


def _languages(option: str | None, config: SiteConfig, problems: Diagnostics) -> list[str]:
    if not option:
        return list(config.language_codes)
    wanted = [code.strip() for code in option.split(",") if code.strip()]
    for code in wanted:
        if code not in config.languages:
            problems.error("--lang", 0, f'"{code}" is not a language of this site; '
                           f"languages are {', '.join(config.language_codes)}")
    if not wanted:
        problems.error("--lang", 0, "name at least one language, like --lang lt,en")
    return [code for code in config.language_codes if code in wanted]


def _slug(title: str, problems: Diagnostics) -> str:
    if not title.strip():
        problems.error("title", 0, "the title is empty")
    elif len(title.strip()) > 120:
        problems.error("title", 0, f"the title is {len(title.strip())} characters long; at most 120 are allowed")
    slug = slugify(title)
    if title.strip() and not slug:
        problems.error("title", 0, "the title has no letters or digits to make an address from")
    return slug


def _key(slug: str) -> str:
    """The file name: the slug, cut at a hyphen when it is long."""
    if len(slug) <= MAX_KEY_LENGTH:
        return slug
    return slug[:MAX_KEY_LENGTH].rsplit("-", 1)[0] or slug[:MAX_KEY_LENGTH]


def scaffold_text(config: SiteConfig, section: str, lang: str, title: str, slug: str,
                  today: dt.date, translated: bool) -> str:
    """The text of one new entry file."""
    words = TEXTS.get(lang, TEXTS["en"])
    title_line = f"title: {_quoted(title.strip())}" + ("" if translated else f"   # {words['translate']}")
    lines = ["---", title_line,
             f"slug: {slug}   # {entry_url(config, lang, section, slug)} : "
             + (words["slug"] if translated else words["translate_slug"]),
             f"summary: \"\"   # {words['summary']}"]
    if section == "articles":
        lines.append(f"date: {today.isoformat()}")
    lines += [f"# updated: {today.isoformat()}   # {words['updated']}",
              f"draft: true   # {words['draft']}",
              "# tags: [tag, another tag]",
              f"# audience: [{next(iter(config.audiences), 'pupils')}]   # {words['audience']}: "
              + ", ".join(config.audiences),
              "# image: /images/example.jpg",
              "# image_alt: \"...\"",
              "# aliases: [/old/address/]",
              "# weight: 0"]
    lines += SECTION_LINES[section](words, today)
    lines += ["---", "", words["body"], ""]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _guide_lines(words: dict, today: dt.date) -> list[str]:
    signs = [f"  - {_quoted(sign)}   # {words['sign_note']}" for sign in words["signs"]]
    return ["signs:", *signs,
            "# what_to_do:",
            f"#   - {_quoted(words['step'])}",
            "# self_check:",
            f"#   - statement: {_quoted(words['statement'])}",
            "#     answer: risky   # safe / risky",
            f"#     explanation: {_quoted(words['explanation'])}",
            "# for_teachers:",
            "#   age: \"14-18\"",
            "#   minutes: 45",
            f"#   questions: [{_quoted(words['question'])}]"]


def _event_lines(words: dict, today: dt.date) -> list[str]:
    start = dt.datetime.combine(today + dt.timedelta(days=EVENT_DAYS_AHEAD), dt.time(18, 0))
    return [f"start: \"{start:%Y-%m-%dT%H:%M}\"   # {words['start_note']}",
            f"# end: \"{start + dt.timedelta(hours=2):%Y-%m-%dT%H:%M}\"",
            f"location: {_quoted(words['location'])}   # {words['location_note']}",
            "# address: \"...\"",
            "# online: true",
            "# registration_url: https://..."]


SECTION_LINES = {
    "articles": lambda words, today: [],
    "guides": _guide_lines,
    "events": _event_lines,
    "pages": lambda words, today: [],
}
