"""Jinja rendering: StrictUndefined, autoescape, the site's templates/ over the built-in theme.

Template problems become diagnostics with the template's path and line and the page
being rendered.
"""
from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .diagnostics import Diagnostics
from .i18n import MissingString, format_date, format_event_range, format_month

THEME_TEMPLATES = Path(__file__).parent / "theme" / "templates"
SITE_TEMPLATES = "templates"


class RenderError(Exception):
    """A template failed for one page; carries the template path and line."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


def make_environment(source: Path) -> jinja2.Environment:
    """The template environment; the site's templates/ override the theme file by file."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(source / SITE_TEMPLATES), str(THEME_TEMPLATES)]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        # An environment serves one state of the templates (a build makes a new one when
        # their fingerprint changes): no need to stat every included file on every page.
        auto_reload=False,
    )
    env.globals.update(t=_text, date=_date, month=_month, event_when=_event_when)
    return env


@jinja2.pass_context
def _text(context, key: str, **values: Any) -> str:
    return context["catalogs"].text(context["lang"], key, **values)


@jinja2.pass_context
def _date(context, value) -> str:
    return format_date(value, context["site"].config.languages[context["lang"]].locale)


@jinja2.pass_context
def _month(context, value) -> str:
    return format_month(value, context["site"].config.languages[context["lang"]].locale)


@jinja2.pass_context
def _event_when(context, entry) -> str:
    """When an event happens, as a date and time range in the page's language."""
    locale = context["site"].config.languages[context["lang"]].locale
    return format_event_range(entry.event.start, entry.event.end, locale)


def check_templates(env: jinja2.Environment, source: Path, diagnostics: Diagnostics) -> None:
    """Compile every template so that a syntax error is reported even if no page uses it."""
    for name in sorted(env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml")))):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            diagnostics.error(shown_path(exc.filename, source), exc.lineno or 0, f"template error: {exc.message}")


def render_template(env: jinja2.Environment, source: Path, name: str, context: dict[str, Any]) -> str:
    """Render one template; any failure is a RenderError naming the template and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(shown_path(exc.filename, source), exc.lineno or 0, f"template error: {exc.message}") from None
    except RecursionError as exc:
        path, line = _template_frame(exc, source, name)
        raise RenderError(path, line, "template error: a template includes or calls itself without end") from None
    except (jinja2.TemplateError, MissingString, TypeError, ValueError, LookupError, AttributeError,
            ArithmeticError) as exc:
        path, line = _template_frame(exc, source, name)
        message = exc.args[0] if isinstance(exc, MissingString) else str(exc)
        raise RenderError(path, line, f"template error: {_plain(message)}") from None


_OBJECT = re.compile(r"'(?:\w+\.)*(\w+) object' has no attribute '(\w+)'")


def _plain(message: str) -> str:
    """Jinja names Python classes ('budrus.model.Entry object'); a template author knows "Entry"."""
    return _OBJECT.sub(lambda m: f'{m.group(1)} has no attribute "{m.group(2)}"', message)


def _template_frame(exc: BaseException, source: Path, name: str) -> tuple[str, int]:
    """The innermost template line in the traceback (Jinja maps frames to template lines)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml")):
            return shown_path(frame.filename, source), frame.lineno or 0
    return f"templates/{name}", 0


def shown_path(filename: str | None, source: Path) -> str:
    """A template path as an editor knows it: relative to the site, or marked built-in."""
    if not filename:
        return "templates"
    path = Path(filename)
    for root, prefix in ((source.resolve(), ""), (THEME_TEMPLATES.parent.resolve(), "(built-in theme) ")):
        try:
            return prefix + path.resolve().relative_to(root).as_posix()
        except ValueError:
            continue
    return filename


def markup(html: str) -> Markup:
    """The single place where rendered Markdown is trusted as HTML."""
    return Markup(html)
