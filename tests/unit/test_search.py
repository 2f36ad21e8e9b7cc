"""The offline search index: folding, tokens and the index layout."""
import json
import unicodedata

from budrus.outputs import search as search_module
from budrus.outputs.search import (
    BODY,
    SUMMARY,
    TITLE,
    SearchRecord,
    _Memo,
    _record_words,
    build_index,
    encode_index,
    fold,
    plain_text,
    search_index_bytes,
    tokenize,
)


def record(url="/lt/a/", title="T", summary="", section="Straipsniai", text=""):
    return SearchRecord(url=url, title=title, summary=summary, section=section, text=text)


def test_fold_removes_lithuanian_diacritics_and_case():
    assert fold("ŽMONĖMIS") == "zmonemis"
    assert fold("žmonėmis") == "zmonemis"
    assert fold("Ąžuolas ČIA ĘĖĮŠŲŪ") == "azuolas cia eeisuu"


def test_fold_of_dotted_capital_i_leaves_no_mark():
    assert fold("İ") == "i"


def test_fold_is_stable_when_applied_twice():
    text = "Prekyba žmonėmis – Darbas užsienyje"
    assert fold(fold(text)) == fold(text)


def test_tokenize_splits_on_punctuation_and_drops_one_letter_words():
    assert tokenize("Darbas užsienyje: ar tai saugu? 112, a") == [
        "darbas", "uzsienyje", "ar", "tai", "saugu", "112",
    ]


def test_tokenize_treats_underscores_and_dashes_as_separators():
    assert tokenize("loverboy_metodas – apgaulė") == ["loverboy", "metodas", "apgaule"]


def test_plain_text_drops_tags_scripts_and_extra_whitespace():
    html = "<h2>Ženklai</h2>\n<p>Jis <em>žada</em>&nbsp;darbą.</p><script>alert(1)</script><ul><li>a</li><li>b</li></ul>"
    assert plain_text(html) == "Ženklai Jis žada darbą. a b"


def test_plain_text_reads_entities_attributes_comments_and_hidden_blocks():
    html = ('<p title="a > b">Skolos&nbsp;&amp; dokumentai</p><!-- pastaba -->'
            '<style>p{}</style><TEMPLATE><p>x</p></TEMPLATE><table><tr><td>1</td><td>2</td></tr></table>'
            '<p>Tel.<br />112</p><p>a <em>b</em>c</p>')
    assert plain_text(html) == "Skolos & dokumentai 1 2 Tel. 112 a b c"   # a no-break space is a space


def test_plain_text_equals_a_full_html_parser_on_the_markdown_of_real_entries():
    from html.parser import HTMLParser

    class Parsed(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts, self.hidden = [], 0

        def handle_starttag(self, tag, attrs):
            self.hidden += tag in ("script", "style", "template")
            self.parts.append(" ")

        def handle_endtag(self, tag):
            self.hidden -= tag in ("script", "style", "template") and self.hidden > 0
            self.parts.append(" ")

        def handle_data(self, data):
            self.parts.append("" if self.hidden else data)

    from pathlib import Path

    from budrus.diagnostics import Diagnostics
    from budrus.pipeline import BuildOptions, load_site

    root = Path(__file__).resolve().parents[2]
    site = load_site(BuildOptions(source=root, now="2026-11-29T12:00", no_cache=True), Diagnostics())
    assert len(site.html) > 40
    for source, html in site.html.items():
        parser = Parsed()
        parser.feed(html)
        parser.close()
        assert plain_text(html) == " ".join("".join(parser.parts).split()), source


def test_index_records_in_which_fields_a_word_occurs():
    index = build_index([
        record(url="/lt/x/", title="Prekyba žmonėmis", summary="Apie žmones", text="žmonėmis prekiaujama"),
        record(url="/lt/y/", title="Kita", text="Prekyba"),
    ])
    assert index["terms"]["zmonemis"] == [0, TITLE | BODY]
    assert index["terms"]["prekyba"] == [0, TITLE, 1, BODY]
    assert index["terms"]["zmones"] == [0, SUMMARY]


def test_index_keeps_display_fields_with_original_spelling_and_section_numbers():
    index = build_index([
        record(url="/lt/b/", title="Ženklai", summary="Kaip atpažinti", section="Atpažinimas"),
        record(url="/lt/a/", title="Naujiena", section="Straipsniai"),
    ])
    assert index["sections"] == ["Atpažinimas", "Straipsniai"]
    assert index["docs"] == [["/lt/b/", "Ženklai", "Kaip atpažinti", 0], ["/lt/a/", "Naujiena", "", 1]]


def test_encoded_index_is_compact_utf8_json_that_round_trips():
    index = build_index([record(title="Žmonės")])
    data = encode_index(index)
    assert "Žmonės".encode("utf-8") in data
    assert b": " not in data and b", " not in data
    assert json.loads(data.decode("utf-8")) == index


def test_same_records_give_identical_bytes():
    records = [record(url=f"/en/{n}/", title=f"Title {n}", text="word " * n) for n in range(5)]
    assert search_index_bytes(records) == search_index_bytes(list(records))


def test_terms_are_written_in_sorted_order():
    data = search_index_bytes([record(title="zeta alpha mu")])
    terms = list(json.loads(data)["terms"])
    assert terms == sorted(terms)


def test_index_of_forty_long_entries_stays_far_below_150_kb():
    words = [f"zodis{n}" for n in range(600)]
    records = [
        record(url=f"/lt/s/{n}/", title=f"Antraštė {n}", summary="Santrauka " * 5,
               text=" ".join(words[(n * 37) % 300:(n * 37) % 300 + 300]) * 3)
        for n in range(40)
    ]
    assert len(search_index_bytes(records)) < 150 * 1024


def test_records_of_a_site_carry_base_path_urls_section_labels_and_guide_signs():
    from pathlib import Path

    from budrus.diagnostics import Diagnostics
    from budrus.outputs.search import search_records
    from budrus.pipeline import BuildOptions, load_site

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "discovery"
    site = load_site(BuildOptions(source=fixture, now="2026-11-29T12:00"), Diagnostics())
    records = {record.title: record for record in search_records(site, "lt")}
    guide = records["Mylimasis, kuris verbuoja"]
    assert guide.url == "/kampanija/lt/atpazinimas/mylimasis-kuris-verbuoja/"
    assert guide.section == "Atpažinimo gidai"
    assert "Prašo laikyti paslaptį." in guide.text and "Skambink pagalbos linijai." in guide.text
    assert records["Kur gauti pagalbos"].section == site.catalogs.text("lt", "section_pages")
    assert all(record.url.startswith("/kampanija/lt/") for record in records.values())


def test_fold_drops_every_combining_mark_and_keeps_other_characters():
    text = "".join(chr(code) for code in range(0x00C0, 0x0400)) + "e\u0301 \u20dd ﬁ ½ Å"
    expected = "".join(
        ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.category(ch).startswith("M")
    )
    assert fold(text) == expected


def test_a_second_index_of_the_same_entries_reads_their_words_from_memory(monkeypatch):
    monkeypatch.setattr(search_module, "KEEP_MEMOS", True)   # as in a process that builds again
    records = [record(url=f"/lt/{n}/", title=f"Antraštė {n}", text=f"tekstas numeris {n} " * 50) for n in range(4)]
    first = search_index_bytes(records)
    before = _record_words.hits
    changed = [*records[:3], record(url="/lt/3/", title="Nauja antraštė", text="kitas tekstas")]
    second = search_index_bytes(changed)
    assert _record_words.hits - before == 3
    assert second != first
    assert search_index_bytes(records) == first
    assert json.loads(second)["terms"]["nauja"] == [3, TITLE]


def test_the_memo_keeps_a_bounded_number_of_answers_and_drops_the_oldest(monkeypatch):
    monkeypatch.setattr(search_module, "KEEP_MEMOS", True)   # as in a process that builds again
    calls = []
    memo = _Memo(lambda text: calls.append(text) or text.upper(), size=2)
    assert [memo("a"), memo("b"), memo("a"), memo("c"), memo("a"), memo("b")] == ["A", "B", "A", "C", "A", "B"]
    assert calls == ["a", "b", "c", "a", "b"]
    assert memo.hits == 1


# -- the index kept up to date one record at a time ------------------------------------------

def random_record(rng, number: int) -> SearchRecord:
    words = ["prekyba", "žmonėmis", "darbas", "užsienyje", "pagalba", "112", "mokykla", "ĮSPĖJIMAS",
             "apgaulė", "draugas", "skelbimas", "sutartis", "pasas", "skola", "verbavimas"]
    def text(count):
        return " ".join(rng.choice(words) for _ in range(count))
    return record(url=f"/lt/a/{number}-{rng.randint(0, 9)}/", title=text(3), summary=text(rng.randint(0, 6)),
                  section=rng.choice(["Straipsniai", "Gidai", "Renginiai"]), text=text(rng.randint(0, 40)))


def test_an_index_kept_per_record_equals_the_index_made_from_scratch_after_edits_adds_and_deletes():
    import random
    from budrus.outputs.search import IndexedRecords
    rng = random.Random(5)
    records = [random_record(rng, n) for n in range(40)]
    kept = IndexedRecords()
    assert kept.update(records) == search_index_bytes(records)
    for step in range(120):
        action = rng.choice(["edit", "edit", "edit", "add", "delete", "same"])
        if action == "edit":
            records[rng.randrange(len(records))] = random_record(rng, rng.randint(0, 99))
        elif action == "add":
            records.insert(rng.randrange(len(records) + 1), random_record(rng, rng.randint(0, 99)))
        elif action == "delete" and len(records) > 1:
            del records[rng.randrange(len(records))]
        assert kept.update(records) == search_index_bytes(records), (step, action)


def test_an_edit_that_removes_a_words_last_use_drops_the_word_from_the_kept_index():
    from budrus.outputs.search import IndexedRecords
    records = [record(url=f"/lt/{n}/", title=f"Bendras {n}", text="bendras tekstas") for n in range(8)]
    kept = IndexedRecords()
    kept.update(records)
    records[3] = record(url="/lt/3/", title="Bendras 3", text="vienintelis žodis")
    assert b"vienintelis" in kept.update(records)
    records[3] = record(url="/lt/3/", title="Bendras 3", text="bendras tekstas")
    data = kept.update(records)
    assert b"vienintelis" not in data and data == search_index_bytes(records)


def test_the_kept_index_reads_the_text_of_an_unchanged_body_once():
    from budrus.outputs import search
    kept = search.IndexedRecords()
    html = "<p>Pagalba visą parą</p>" * 40
    calls = []
    original = search.plain_text
    try:
        search.plain_text = lambda text: calls.append(text) or original(text)
        for _ in range(3):
            assert kept.plain_text(html) == original(html)
            kept.update([])
    finally:
        search.plain_text = original
    assert len(calls) == 1


def test_the_index_files_of_a_site_are_the_same_whether_indexes_are_kept_or_not(monkeypatch):
    from pathlib import Path

    from budrus.diagnostics import Diagnostics
    from budrus.outputs import search
    from budrus.pipeline import BuildOptions, load_site

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "discovery"
    site = load_site(BuildOptions(source=fixture, now="2026-11-29T12:00"), Diagnostics())
    monkeypatch.setattr(search, "_indexes", None)
    fresh = search.search_index_files(site)
    assert search._indexes is None   # a one-shot build keeps nothing
    search.keep_indexes()
    assert search.search_index_files(site) == fresh
    assert sorted(search._indexes) == sorted(file.path for file in fresh)
    assert search.search_index_files(site) == fresh   # from the kept indexes


def test_a_one_shot_build_keeps_no_memo_of_entry_words(monkeypatch):
    from budrus.outputs import search

    monkeypatch.setattr(search, "KEEP_MEMOS", False)
    monkeypatch.setattr(search._record_words, "_found", {})
    assert search._record_words("Žmonės", "", "")[0] == ("zmones",)
    assert search._record_words._found == {}
