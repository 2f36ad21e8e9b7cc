"""Closed schemas kept as data: one validator for the config and every content section.

Unknown keys are warnings with a "did you mean" hint; a wrong type or a missing required
key is an error at the key's line. Every problem is reported, not only the first.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

from .diagnostics import Diagnostics, did_you_mean
from .yamlsource import YamlDoc

MISSING = object()
# Characters that no page, feed or calendar may carry (XML 1.0 forbids most of them); they
# arrive invisibly, pasted from word processors or written as YAML escapes such as "\a".
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Field:
    """What one key may hold."""

    kind: str                      # str int bool date datetime url list map localized any
    required: bool = False
    default: Any = None
    max_len: int | None = None
    pattern: str | None = None
    pattern_hint: str = ""
    choices: tuple[str, ...] | None = None
    item: "Field | None" = None   # for list
    fields: "dict[str, Field] | None" = None  # for map with fixed keys
    values: "Field | None" = None  # for map with free keys
    min_items: int = 0
    check: Callable[[Any], str | None] | None = None  # extra rule: returns a message


@dataclass
class Checker:
    """Validates one YAML document against a schema, collecting diagnostics."""

    doc: YamlDoc
    path: str
    diagnostics: Diagnostics
    languages: tuple[str, ...] = ()
    ok: bool = field(default=True)

    def error(self, keys: tuple, message: str) -> None:
        self.ok = False
        self.diagnostics.error(self.path, self.doc.line(*keys), message)

    def warning(self, keys: tuple, message: str) -> None:
        self.diagnostics.warning(self.path, self.doc.line(*keys), message)

    def mapping(self, data: Any, schema: dict[str, Field], keys: tuple = ()) -> dict[str, Any]:
        """Validate a mapping; returns the cleaned values (defaults filled)."""
        if not isinstance(data, dict):
            self.error(keys, f"{_name(keys) or 'this'} must be a mapping of keys to values")
            return {name: f.default for name, f in schema.items()}
        for key in sorted(set(data) - set(schema), key=str):
            self.warning(keys + (key,), f'unknown key "{_name(keys + (key,))}"'
                         f"{did_you_mean(key, schema)}; it is ignored")
        cleaned = {}
        for name, rule in schema.items():
            if name not in data or data[name] is None:
                if rule.required:
                    self.error(keys, f'missing required key "{_name(keys + (name,))}"')
                cleaned[name] = rule.default
                continue
            cleaned[name] = self.value(data[name], rule, keys + (name,))
        return cleaned

    def value(self, value: Any, rule: Field, keys: tuple) -> Any:
        """Validate one value against its rule; returns the cleaned value or MISSING."""
        result = _CONVERTERS[rule.kind](self, value, rule, keys)
        if result is MISSING:
            self.ok = False
            return rule.default
        message = _rules_message(result, rule)
        if message:
            self.error(keys, f'"{_name(keys)}" {message}')
            return rule.default
        return result


def _name(keys: tuple) -> str:
    return ".".join(str(k) if not isinstance(k, int) else f"[{k + 1}]" for k in keys).replace(".[", "[")


def _rules_message(value: Any, rule: Field) -> str | None:
    if rule.max_len is not None and isinstance(value, str) and len(value) > rule.max_len:
        return f"is {len(value)} characters long; at most {rule.max_len} are allowed"
    if rule.pattern and isinstance(value, str) and not re.fullmatch(rule.pattern, value):
        return f"is {value!r}; {rule.pattern_hint or 'it must match ' + rule.pattern}"
    if rule.choices is not None and value not in rule.choices:
        return f"is {value!r}; allowed values: {', '.join(rule.choices)}{did_you_mean(str(value), rule.choices)}"
    if rule.check:
        return rule.check(value)
    return None


def _type_error(checker: Checker, keys: tuple, expected: str, value: Any) -> object:
    checker.diagnostics.error(checker.path, checker.doc.line(*keys),
                              f'"{_name(keys)}" must be {expected}, not {_describe(value)}')
    return MISSING


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return repr(value)


def _to_str(checker, value, rule, keys):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return _type_error(checker, keys, "text", value)
    text = str(value).strip()
    control = CONTROL_CHARACTERS.search(text)
    if control:
        checker.diagnostics.error(checker.path, checker.doc.line(*keys), f'"{_name(keys)}" contains an invisible '
                                  f"control character (U+{ord(control.group()):04X}); delete it")
        return MISSING
    if not text and rule.required:
        checker.diagnostics.error(checker.path, checker.doc.line(*keys), f'"{_name(keys)}" must not be empty')
        return MISSING
    return text


def _to_int(checker, value, rule, keys):
    if isinstance(value, bool) or not isinstance(value, int):
        return _type_error(checker, keys, "a whole number", value)
    return value


def _to_bool(checker, value, rule, keys):
    if not isinstance(value, bool):
        return _type_error(checker, keys, "true or false", value)
    return value


# Years an entry or event may carry: beyond them, adding a time zone or a day overflows, and
# no campaign publishes in year 1 or 9999; such a year is a typing accident.
YEARS = range(1900, 3000)


def _to_date(checker, value, rule, keys):
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    try:
        parsed = dt.date.fromisoformat(text) if text and len(text) == 10 else _raise()
    except ValueError:
        return _type_error(checker, keys, "a real date written YYYY-MM-DD", value)
    return _in_years(checker, keys, parsed)


def _in_years(checker, keys, parsed):
    if parsed.year not in YEARS:
        checker.diagnostics.error(checker.path, checker.doc.line(*keys),
                                  f'"{_name(keys)}" is in the year {parsed.year}; write a year from '
                                  f"{YEARS.start} to {YEARS.stop - 1}")
        return MISSING
    return parsed


def _to_datetime(checker, value, rule, keys):
    text = value.strip() if isinstance(value, str) else None
    try:
        parsed = dt.datetime.fromisoformat(text) if text and len(text) >= 16 else _raise()
    except ValueError:
        return _type_error(checker, keys, "a real local date and time written YYYY-MM-DDTHH:MM", value)
    if parsed.tzinfo is not None:
        checker.diagnostics.error(checker.path, checker.doc.line(*keys),
                                  f'"{_name(keys)}" must be a local time without a UTC offset '
                                  "(it is read in the site's time zone)")
        return MISSING
    return _in_years(checker, keys, parsed)


def _raise():
    raise ValueError


def _to_url(checker, value, rule, keys):
    text = _to_str(checker, value, rule, keys)
    if text is MISSING:
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return _type_error(checker, keys, "an absolute http:// or https:// address", value)
    return text


def _to_list(checker, value, rule, keys):
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and rule.item and rule.item.kind == "str":
        value = [value]  # `tags: safety` means a list of one
    if not isinstance(value, list):
        return _type_error(checker, keys, "a list", value)
    if len(value) < rule.min_items:
        checker.diagnostics.error(checker.path, checker.doc.line(*keys),
                                  f'"{_name(keys)}" needs at least {rule.min_items} items, it has {len(value)}')
        return MISSING
    items = [checker.value(item, rule.item, keys + (i,)) if rule.item else item
             for i, item in enumerate(value)]
    return tuple(items)


def _to_map(checker, value, rule, keys):
    if rule.fields is not None:
        if not isinstance(value, dict):
            return _type_error(checker, keys, "a mapping of keys to values", value)
        return checker.mapping(value, rule.fields, keys)
    if not isinstance(value, dict):
        return _type_error(checker, keys, "a mapping of keys to values", value)
    return {str(k): checker.value(v, rule.values, keys + (k,)) if rule.values else v
            for k, v in value.items()}


def _to_localized(checker, value, rule, keys):
    """Text in every language: {lt: ..., en: ...}."""
    if not isinstance(value, dict):
        return _type_error(checker, keys, "a text for each language ({" +
                           ", ".join(f"{lang}: ..." for lang in checker.languages) + "})", value)
    texts = {}
    for lang in checker.languages:
        if lang not in value or value[lang] in (None, ""):
            checker.error(keys, f'"{_name(keys)}" has no text for the language "{lang}"')
            continue
        texts[lang] = _to_str(checker, value[lang], Field("str"), keys + (lang,))
    for extra in sorted(set(value) - set(checker.languages), key=str):
        checker.warning(keys + (extra,), f'"{_name(keys + (extra,))}": "{extra}" is not a language '
                        f"of this site{did_you_mean(str(extra), checker.languages)}; it is ignored")
    return texts if all(t is not MISSING for t in texts.values()) else MISSING


_CONVERTERS = {
    "str": _to_str, "int": _to_int, "bool": _to_bool, "date": _to_date,
    "datetime": _to_datetime, "url": _to_url, "list": _to_list, "map": _to_map,
    "localized": _to_localized, "any": lambda checker, value, rule, keys: value,
}
