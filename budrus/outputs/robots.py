"""/robots.txt: lets crawlers in and points them to the sitemap."""
from __future__ import annotations

from ..config import SiteConfig

SITEMAP_PATH = "/sitemap.xml"


def robots_txt(config: SiteConfig, *, drafts: bool = False) -> bytes:
    """The robots.txt of the site; a build with drafts asks crawlers to stay out,
    since such a build is a preview that must not be indexed."""
    rule = "Disallow: /" if drafts else "Allow: /"
    lines = ["User-agent: *", rule, "", f"Sitemap: {config.absolute(SITEMAP_PATH)}", ""]
    return "\n".join(lines).encode("utf-8")
