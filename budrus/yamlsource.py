"""YAML with line numbers: every key and list item keeps the line it was written on.

Dates stay strings here (the schema parses them with a clear message), and anchors and
aliases are refused, so that a small file can never expand into a huge one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """Safe loader without the implicit timestamp type."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
}

Path = tuple  # a key path: ("self_check", 0, "answer")
MAX_DEPTH = 32  # front matter and config need four levels; far more is a broken or hostile file


class _AliasFound(Exception):
    """A node reached twice: the document uses an alias."""


class YamlError(Exception):
    """A YAML problem at a line (1-based, in the file the text came from)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class YamlDoc:
    """Parsed YAML and the line of every key path in it."""

    data: Any
    lines: dict[Path, int]

    def line(self, *path: Any) -> int:
        """The line of `path`, or of its nearest written parent."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, self.lines.get((), 1))


def load_yaml(text: str, first_line: int = 1) -> YamlDoc:
    """Parse one YAML document; line numbers start at `first_line`."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path, int] = {(): first_line}
        if node is None:
            return YamlDoc(None, lines)
        data = _convert(loader, node, (), lines, set(), first_line)
        return YamlDoc(data, lines)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct began (an unclosed bracket's
        # line), which is where an editor has to look; the problem mark is often later.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + first_line if mark else first_line
        raise YamlError(line, _plain_problem(exc)) from None
    except yaml.reader.ReaderError as exc:   # a character YAML does not allow, such as a control character
        line = text[: exc.position].count("\n") + first_line
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlError(line, f"invalid YAML: the character U+{code:04X} is not allowed in YAML "
                              "(an invisible control character; delete it)") from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, "invalid YAML: " + " ".join(str(exc).split())) from None
    except _AliasFound:
        raise YamlError(_first_alias_line(text, first_line), "anchors and aliases (& and *) are not allowed") from None
    except RecursionError:   # the pure-Python parser recurses once per level
        raise YamlError(first_line, f"invalid YAML: lists or mappings nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()


def _first_alias_line(text: str, first_line: int) -> int:
    """The line of the first *alias: the composed node only knows where its anchor was."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + first_line
    return first_line


def _plain_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if exc.context:
        problem = f"{exc.context}, {problem}"
    return f"invalid YAML: {problem}"


def _convert(loader, node, path, lines, seen, first_line):
    if id(node) in seen:
        raise _AliasFound
    seen.add(id(node))
    line = node.start_mark.line + first_line
    if len(path) > MAX_DEPTH:
        raise YamlError(line, f"invalid YAML: lists or mappings nested more than {MAX_DEPTH} levels deep")
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + first_line
            items.append(_convert(loader, item, path + (index,), lines, seen, first_line))
        return items
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(loader, node, path, lines, seen, first_line)
    raise YamlError(line, "unsupported YAML node")


def _convert_mapping(loader, node, path, lines, seen, first_line):
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + first_line
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError(key_line, "a key must be a plain word, not a list or mapping")
        key = loader.construct_object(key_node)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise YamlError(key_line, f"invalid key {key!r}")
        key = str(key) if not isinstance(key, str) else key
        if key in mapping:
            raise YamlError(key_line, f'the key "{key}" is written twice')
        lines[path + (key,)] = key_line
        mapping[key] = _convert(loader, value_node, path + (key,), lines, seen, first_line)
    return mapping
