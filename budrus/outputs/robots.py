"""/robots.txt: lets crawlers in and points them to the sitemap."""
from __future__ import annotations

from ..config import SiteConfig
from ..model import OutputFile
from ..urls import ROBOTS_URL, SITEMAP_URL, output_path


def robots_txt(config: SiteConfig, *, drafts: bool = False) -> bytes:
    """The robots.txt of the site; a build with drafts asks crawlers to stay out,
    since such a build is a preview that must not be indexed."""
    rule = "Disallow: /" if drafts else "Allow: /"
    lines = ["User-agent: *", rule, "", f"Sitemap: {config.absolute(SITEMAP_URL)}", ""]
    return "\n".join(lines).encode("utf-8")


def robots_file(config: SiteConfig, *, drafts: bool = False) -> OutputFile:
    """/robots.txt as an output file."""
    return OutputFile(output_path(ROBOTS_URL), robots_txt(config, drafts=drafts))
