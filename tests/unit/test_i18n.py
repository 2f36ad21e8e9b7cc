import datetime as dt
from pathlib import Path

from budrus.config import load_config
from budrus.diagnostics import Diagnostics
from budrus.i18n import format_date, format_month, load_catalogs

FIXTURE = Path(__file__).parents[1] / "fixtures" / "basic"


def test_dates_in_lithuanian_and_english():
    day = dt.date(2026, 12, 3)
    assert format_date(day, "lt_LT") == "2026 m. gruodžio 3 d."
    assert format_date(day, "en_GB") == "3 December 2026"
    assert format_month(day, "lt_LT") == "2026 m. gruodis"
    assert format_month(day, "en_GB") == "December 2026"


def test_built_in_catalogs_have_the_same_keys_in_both_languages():
    config, _ = load_config(FIXTURE)
    diagnostics = Diagnostics()
    catalogs = load_catalogs(FIXTURE, config, diagnostics)
    assert diagnostics.items == []
    assert set(catalogs.strings["lt"]) == set(catalogs.strings["en"])
    assert catalogs.text("en", "tag_title", tag="x") == "Tag: x"


def test_a_string_missing_in_one_language_is_an_error(tmp_path):
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "en.yaml").write_text("only_english: Hello\n", encoding="utf-8")
    config, _ = load_config(FIXTURE)
    diagnostics = Diagnostics()
    load_catalogs(tmp_path, config, diagnostics)
    assert [str(d) for d in diagnostics.items] == [
        '(built-in theme) i18n/lt.yaml:1: error: the UI string "only_english" is missing in "lt" '
        "(it exists in en); add it to i18n/lt.yaml"]


def test_site_catalog_overrides_a_built_in_string(tmp_path):
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "lt.yaml").write_text("home: Į pradžią\n", encoding="utf-8")
    config, _ = load_config(FIXTURE)
    catalogs = load_catalogs(tmp_path, config, Diagnostics())
    assert catalogs.text("lt", "home") == "Į pradžią"


def test_placeholders_are_plain_names_and_braces_pair_up():
    from budrus.i18n import placeholders

    assert placeholders("Tag: {tag} ({count})") == ["tag", "count"]
    assert placeholders("{{literal}} braces") == []
    for broken in ("{count pages", "count}", "{count:>99999}", "{tag.__class__}", "{0}"):
        assert placeholders(broken) is None
