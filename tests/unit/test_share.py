from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from budrus.outputs.share import (
    NETWORKS,
    card_kind_key,
    card_path,
    default_jobs,
    share_links,
    short_url,
)

URL = "https://budrus.example.org/lt/atpazinimas/per-geras-darbo-pasiulymas/"
TITLE = "Per geras darbo pasiūlymas? Ne & ne"
LABELS = {network: network.title() for network in NETWORKS}


def test_a_card_lies_next_to_the_page_it_belongs_to():
    assert card_path("/lt/atpazinimas/loverboy/") == "/lt/atpazinimas/loverboy/card.png"
    assert card_path("/") == "/card.png"
    assert card_path("/404.html") == "/404-card.png"


def test_the_short_url_drops_the_scheme_and_the_trailing_slash():
    assert short_url(URL) == "budrus.example.org/lt/atpazinimas/per-geras-darbo-pasiulymas"
    assert short_url("https://example.org/") == "example.org"
    assert short_url("https://example.org/sub/lt/?a=1") == "example.org/sub/lt/?a=1"


def query(href: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


def test_every_network_gets_one_plain_link_with_its_label():
    links = share_links(URL, TITLE, LABELS)
    assert [link.network for link in links] == list(NETWORKS)
    assert [link.label for link in links] == [LABELS[n] for n in NETWORKS]


def test_share_links_carry_the_exact_url_and_title_after_decoding():
    links = {link.network: link.href for link in share_links(URL, TITLE, LABELS)}
    assert query(links["facebook"]) == {"u": URL}
    assert query(links["x"]) == {"url": URL, "text": TITLE}
    assert query(links["linkedin"]) == {"url": URL}
    assert query(links["telegram"]) == {"url": URL, "text": TITLE}
    assert query(links["whatsapp"]) == {"text": f"{TITLE} {URL}"}
    mail = query(links["email"])
    assert links["email"].startswith("mailto:?")
    assert mail == {"subject": TITLE, "body": f"{TITLE}\n\n{URL}"}


def test_share_links_escape_everything_a_query_could_misread():
    for link in share_links(URL, TITLE, LABELS):
        _base, _, rest = link.href.partition("?")
        assert " " not in rest and "+" not in rest and "?" not in rest
        assert rest.count("&") <= 1  # only between parameters, never from the title


@pytest.mark.parametrize(
    ("kind", "section", "key"),
    [
        ("entry", "guides", "card_kind_guides"),
        ("entry", "pages", "card_kind_pages"),
        ("entry", "events", "card_kind_events"),
        ("audience", "audiences", "section_audiences"),
        ("section", "events", "card_kind_home"),
        ("tag", "tags", "card_kind_home"),
        ("search", "search", "card_kind_home"),
        ("home", None, "card_kind_home"),
        ("landing", None, "card_kind_home"),
    ],
)
def test_the_card_names_the_kind_of_page(kind, section, key):
    assert card_kind_key(SimpleNamespace(kind=kind, section=section)) == key


def test_jobs_default_to_the_usable_cores_and_are_at_least_one():
    assert default_jobs(3) == 3
    assert default_jobs(0) == 1
    assert default_jobs(None) >= 1


def test_the_description_is_the_summary_when_there_is_one():
    from budrus.outputs.pages import describe

    assert describe(SimpleNamespace(summary="Trumpai."), "<p>Pirma pastraipa.</p>") == "Trumpai."


def test_without_a_summary_the_first_paragraph_is_trimmed_at_a_word():
    from budrus.outputs.pages import DESCRIPTION_LENGTH, describe

    words = "Prekeiviai žmonėmis dažnai siūlo darbą užsienyje &amp; <em>greitą</em> uždarbį, " * 4
    described = describe(SimpleNamespace(summary=""), f"<h2>Antraštė</h2><p>{words}</p><p>Kita.</p>")
    assert described.endswith("…") and len(described) <= DESCRIPTION_LENGTH + 1
    assert "<em>" not in described and "&amp;" not in described and " & greitą " in described
    full = words.replace("&amp;", "&").replace("<em>", "").replace("</em>", "")
    kept = described[:-1]
    assert full.startswith(kept) and full[len(kept)] in " ,;:."  # cut between words
    assert not kept.endswith((" ", ","))


def test_share_images_use_the_cache_dir_and_report_a_cache_they_cannot_use(tmp_path):
    from budrus.outputs.share import share_images

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    images = share_images(tmp_path, blocker, no_cache=False, jobs=1)
    images.cards.put("ab" * 32, b"png")
    assert len(images.problems()) == 1 and "cards" in images.problems()[0]
    assert share_images(tmp_path, None, no_cache=False, jobs=None).cards.root == tmp_path / ".cache"
    assert not share_images(tmp_path, None, no_cache=True, jobs=2).qr_codes.enabled
