"""Old addresses that keep working: a redirect page per alias and a `_redirects` file."""
from __future__ import annotations

from ..assemble import Site
from ..model import OutputFile
from ..urls import REDIRECTS_URL, href, output_path
from .pages import Page

REDIRECT_STATUS = "301"


def redirect_pages(site: Site) -> list[Page]:
    """One small page per alias that sends the reader on to the entry's address."""
    by_url = {entry.url: entry for entry in site.entries}
    pages = []
    for alias, target in sorted(site.aliases.items()):
        entry = by_url[target]
        pages.append(Page("redirect", entry.lang, alias, entry.title, entry.summary, "redirect.html",
                          entry=entry, section=entry.section))
    return pages


def redirects_file(site: Site) -> OutputFile:
    """`_redirects` (one `from to status` line per alias), read by hosts that support it;
    elsewhere the redirect pages do the same work."""
    lines = [f"{href(site.config, alias)} {href(site.config, target)} {REDIRECT_STATUS}"
             for alias, target in sorted(site.aliases.items())]
    text = "".join(line + "\n" for line in lines)
    return OutputFile(output_path(REDIRECTS_URL), text.encode("utf-8"))
