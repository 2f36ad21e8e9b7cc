"""Discover content files and read each into an Entry: front matter validated per section."""
from __future__ import annotations

import datetime as dt
import os
import stat as stat_module
import time
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .config import SECTIONS, SLUG, SLUG_HINT, SiteConfig
from .diagnostics import Diagnostics, did_you_mean
from .model import Entry, EventData, GuideData, SelfCheckItem, TeacherNotes
from .schema import CONTROL_CHARACTERS, Checker, Field
from .static import unreadable_reason
from .urls import slugify
from .yamlsource import YamlError, load_yaml

CONTENT = "content"
MAX_FILE_BYTES = 2_000_000   # a longer entry is an editing accident; split it
# Each becomes a folder name of the output, and file systems refuse names over 255 bytes.
MAX_SLUG = 150   # titles (at most 120 characters) make slugs that fit
MAX_TAG = 80


@dataclass(frozen=True)
class SourceFile:
    """A content file found on disk, named <key>.<lang>.md."""

    path: str        # relative to the site folder, with forward slashes
    section: str
    key: str
    lang: str
    data: bytes


def _common_schema(config: SiteConfig) -> dict[str, Field]:
    return {
        "title": Field("str", required=True, max_len=120),
        "slug": Field("str", pattern=SLUG, pattern_hint=SLUG_HINT, max_len=MAX_SLUG),
        "summary": Field("str", default=""),
        "date": Field("date"),
        "updated": Field("date"),
        "tags": Field("list", item=Field("str", required=True, max_len=MAX_TAG), default=()),
        "audience": Field("list", item=Field("str", choices=tuple(config.audiences)), default=()),
        "draft": Field("bool", default=False),
        "image": Field("str"),
        "image_alt": Field("str"),
        "aliases": Field("list", item=Field("str", pattern=r"/?[A-Za-z0-9._~%/-]+",
                                             pattern_hint="write a path like /old/address/",
                                             check=_alias_rule), default=()),
        "weight": Field("int", default=0),
    }


def _alias_rule(value: str) -> str | None:
    if ".." in value.split("/") or "//" in value:
        return "must not contain '..' or '//'"
    if any(len(part) > MAX_SLUG for part in value.split("/")):
        return f"has a part longer than {MAX_SLUG} characters between slashes"
    return None


_SELF_CHECK = {
    "statement": Field("str", required=True),
    "answer": Field("str", required=True, choices=("safe", "risky")),
    "explanation": Field("str", default=""),
}
_FOR_TEACHERS = {
    "age": Field("str", default=""),
    "minutes": Field("int"),
    "questions": Field("list", item=Field("str", required=True), default=()),
}
SECTION_FIELDS = {
    "articles": {"date": Field("date", required=True)},
    "guides": {
        "signs": Field("list", required=True, min_items=3, item=Field("str", required=True)),
        "what_to_do": Field("list", item=Field("str", required=True), default=()),
        "self_check": Field("list", item=Field("map", fields=_SELF_CHECK), default=()),
        "for_teachers": Field("map", fields=_FOR_TEACHERS),
    },
    "events": {
        "start": Field("datetime", required=True),
        "end": Field("datetime"),
        "location": Field("str"),
        "address": Field("str"),
        "online": Field("bool", default=False),
        "registration_url": Field("url"),
    },
    "pages": {},
}


# A file whose time stamp is this close to when it was looked at may change again within
# the same tick of the file system's clock, keeping size and time: its bytes are compared.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Seen:
    """A content file as a warm process last found it: its stat, when it was taken, what it held."""

    stat: tuple          # (size, mtime_ns, ctime_ns, inode, device)
    taken_ns: int        # the clock when the stat was taken
    file: SourceFile


def discover(source: Path, config: SiteConfig, diagnostics: Diagnostics,
             seen: dict[str, Seen] | None = None) -> list[SourceFile]:
    """Every content file, in a stable order; misplaced or unreadable files are errors.

    `seen` (kept by a warm process between builds) spares reading a file again whose
    stat is unchanged; a file changed within the same tick as it was seen is read again."""
    kept = None if seen is None else dict(seen)
    if seen is not None:
        seen.clear()
    root = source / CONTENT
    if not root.is_dir():
        diagnostics.error(CONTENT, 0, "there is no content/ folder in the site folder")
        return []
    files = []
    real_source = source.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        for name in sorted(dirnames):
            _refuse_outside_link(here / name, source, real_source, diagnostics, dirnames)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if seen is None:
                found = _source_file(here / name, source, real_source, config, diagnostics)
            else:
                found = _look_again(os.path.join(dirpath, name), source, real_source, config, diagnostics,
                                    kept, seen)
            if found:
                files.append(found)
    return files


def _look_again(full: str, source: Path, real_source: Path, config: SiteConfig, diagnostics: Diagnostics,
                kept: dict[str, Seen], seen: dict[str, Seen]) -> SourceFile | None:
    """_source_file, skipped for a regular file whose stat is the one it had last time."""
    before = kept.get(full)
    taken_ns = time.time_ns()   # before the stat, and the stat before any read
    try:
        found = os.lstat(full)
    except OSError:
        found = None
    snapshot = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev) \
        if found is not None and stat_module.S_ISREG(found.st_mode) else None
    if before is not None and snapshot == before.stat and not _racy(before) and before.file.lang in config.languages:
        seen[full] = before   # it was not racy then, so the look of then still stands
        return before.file
    file = _source_file(Path(full), source, real_source, config, diagnostics)
    if file is not None and before is not None and file == before.file:
        file = before.file   # the same object again: later stages find it by identity
    if file is not None and snapshot is not None:
        seen[full] = Seen(snapshot, taken_ns, file)
    return file


def _racy(seen: Seen) -> bool:
    """Whether the file's time stamp was too recent when it was seen to show a later change."""
    return seen.stat[1] >= seen.taken_ns - RACY_NS


def _relative(path: Path, source: Path) -> str:
    return path.relative_to(source).as_posix()


def _refuse_outside_link(path: Path, source, real_source, diagnostics, dirnames) -> None:
    if path.is_symlink() and not path.resolve().is_relative_to(real_source):
        diagnostics.error(_relative(path, source), 1, "is a symbolic link to a folder outside the site; refused")
        dirnames.remove(path.name)
    elif path.is_symlink():
        dirnames.remove(path.name)  # linked folders inside the site would be read twice


def _source_file(path: Path, source: Path, real_source: Path, config: SiteConfig,
                 diagnostics: Diagnostics) -> SourceFile | None:
    rel = _relative(path, source)
    if CONTROL_CHARACTERS.search(rel) or any(c in rel for c in "\t\n\r"):
        # Shown escaped: a line break in the name would break the one-line message itself.
        diagnostics.error(rel.encode("unicode_escape").decode("ascii"), 1,
                          "the file name contains an invisible control character or a line break; rename it")
        return None
    parts = rel.split("/")
    if len(parts) < 3:
        diagnostics.error(rel, 1, "a content file must be inside a section folder: "
                          + ", ".join(f"content/{s}/" for s in SECTIONS))
        return None
    section = parts[1]
    if section not in SECTIONS:
        diagnostics.error(rel, 1, f'"{section}" is not a section folder{did_you_mean(section, SECTIONS)}; '
                          f"sections are {', '.join(SECTIONS)}")
        return None
    problem = unreadable_reason(path)
    if problem:
        diagnostics.error(rel, 1, problem)
        return None
    if path.is_symlink() and not path.resolve().is_relative_to(real_source):
        diagnostics.error(rel, 1, "is a symbolic link to a file outside the site; refused")
        return None
    name = parts[-1]
    if not name.endswith(".md"):
        diagnostics.error(rel, 1, "content/ holds only Markdown entries named <name>.<language>.md; "
                          "put images and other files in static/")
        return None
    stem = name[:-3]
    if "." not in stem:
        diagnostics.error(rel, 1, f"the file name needs a language: {stem}.{config.default_language}.md "
                          f"(languages: {', '.join(config.language_codes)})")
        return None
    base, lang = stem.rsplit(".", 1)
    if lang not in config.languages:
        diagnostics.error(rel, 1, f'"{lang}" is not a language of this site{did_you_mean(lang.lower(), config.languages)}; '
                          f"languages are {', '.join(config.language_codes)}")
        return None
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        diagnostics.error(rel, 1, f"the file is {size / 1_000_000:.1f} MB; an entry may be at most "
                          f"{MAX_FILE_BYTES // 1_000_000} MB, split it into several entries")
        return None
    key = "/".join(parts[1:-1] + [base])
    return SourceFile(rel, section, key, lang, path.read_bytes())


def parse_entry(file: SourceFile, config: SiteConfig, diagnostics: Diagnostics) -> Entry | None:
    """Split front matter and Markdown, validate the front matter; None when it has errors."""
    text = _decode(file, diagnostics)
    if text is None:
        return None
    split = _split_front_matter(file.path, text, diagnostics)
    if split is None:
        return None
    yaml_text, body, body_line = split
    try:
        doc = load_yaml(yaml_text, first_line=2)
    except YamlError as exc:
        diagnostics.error(file.path, exc.line, exc.message)
        return None
    if not isinstance(doc.data, dict):
        diagnostics.error(file.path, 2, "the front matter must be keys and values, like `title: ...`")
        return None
    checker = Checker(doc, file.path, diagnostics, tuple(config.languages))
    values = checker.mapping(doc.data, {**_common_schema(config), **SECTION_FIELDS[file.section]})
    _check_relations(checker, values, file.section)
    if not checker.ok:
        return None
    return _entry(file, config, values, body, body_line, doc.lines)


def _decode(file: SourceFile, diagnostics: Diagnostics) -> str | None:
    if b"\x00" in file.data:
        diagnostics.error(file.path, 1, "is a binary file, not Markdown text")
        return None
    try:
        text = file.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = file.data[: exc.start].count(b"\n") + 1
        diagnostics.error(file.path, line, "is not valid UTF-8 text; save it as UTF-8")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL_CHARACTERS.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        diagnostics.error(file.path, line, f"this line contains an invisible control character "
                          f"(U+{ord(control.group()):04X}); delete it")
        return None
    return text


def _split_front_matter(path: str, text: str, diagnostics: Diagnostics):
    if not text.strip():
        diagnostics.error(path, 1, "the file is empty; it needs front matter between two --- lines and a text")
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        diagnostics.error(path, 1, "the file must begin with a --- line, then the front matter (title: ...), then ---")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    diagnostics.error(path, 1, "the front matter opened on line 1 is never closed with a --- line")
    return None


def _check_relations(checker: Checker, values: dict, section: str) -> None:
    if values.get("image") and not values.get("image_alt"):
        checker.error(("image",), '"image_alt" is required when "image" is set: describe the picture '
                      "for readers who cannot see it")
    if section == "events":
        start, end = values.get("start"), values.get("end")
        if start and end and end < start:
            checker.error(("end",), f'"end" ({end:%Y-%m-%d %H:%M}) is before "start" ({start:%Y-%m-%d %H:%M})')
        if not values.get("online") and not values.get("location"):
            checker.error((), 'missing required key "location" (or set "online: true")')


def _entry(file: SourceFile, config: SiteConfig, values: dict, body: str, body_line: int, lines) -> Entry:
    slug = values["slug"] or slugify(values["title"]) or slugify(file.key.rsplit("/", 1)[-1])
    top_lines = MappingProxyType({k[0]: v for k, v in lines.items() if len(k) == 1})
    return Entry(
        source=file.path, section=file.section, key=file.key, lang=file.lang,
        title=values["title"], slug=slug, url="", summary=values["summary"] or "",
        date=values["date"], updated=values["updated"], tags=tuple(values["tags"] or ()),
        audience=tuple(values["audience"] or ()), draft=values["draft"],
        image=values["image"], image_alt=values["image_alt"], aliases=tuple(values["aliases"] or ()),
        weight=values["weight"], body=body, body_line=body_line, line_of=top_lines,
        guide=_guide(values) if file.section == "guides" else None,
        event=_event(values, config) if file.section == "events" else None,
    )


def _guide(values: dict) -> GuideData:
    teachers = values["for_teachers"]
    return GuideData(
        signs=tuple(values["signs"]),
        what_to_do=tuple(values["what_to_do"] or ()),
        self_check=tuple(SelfCheckItem(i["statement"], i["answer"], i["explanation"] or "")
                         for i in values["self_check"] or ()),
        for_teachers=TeacherNotes(teachers["age"] or "", teachers["minutes"], tuple(teachers["questions"] or ()))
        if teachers else None,
    )


def _event(values: dict, config: SiteConfig) -> EventData:
    def local(moment: dt.datetime | None) -> dt.datetime | None:
        return moment.replace(tzinfo=config.timezone) if moment else None

    return EventData(local(values["start"]), local(values["end"]), values["location"],
                     values["address"], values["online"], values["registration_url"])
