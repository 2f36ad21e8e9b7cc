from pathlib import Path

import pytest

from budrus.config import load_config
from budrus.diagnostics import ConfigFailed

FIXTURE = Path(__file__).parents[1] / "fixtures" / "basic" / "site_config.yaml"


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "site_config.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigFailed) as failed:
        load_config(write(tmp_path, text))
    return [str(d) for d in failed.value.diagnostics.sorted()]


def test_the_fixture_config_loads():
    config, warnings = load_config(FIXTURE.parent)
    assert config.language_codes == ("lt", "en")
    assert config.languages["lt"].sections["guides"] == "atpazinimas"
    assert config.help[0].tel == "tel:112"
    assert warnings.items == []


def test_base_url_override_and_sub_folder_path():
    config, _ = load_config(FIXTURE.parent, base_url="https://a.example/campaign/")
    assert config.base_path == "/campaign"
    assert config.absolute("/lt/") == "https://a.example/campaign/lt/"


def test_missing_key_names_the_key(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace("quick_exit_url: https://example.com/\n", "")
    assert messages(tmp_path, text) == ['site_config.yaml:1: error: missing required key "quick_exit_url"']


def test_unknown_time_zone_and_default_language(tmp_path):
    text = (FIXTURE.read_text(encoding="utf-8")
            .replace("timezone: Europe/Vilnius", "timezone: Europe/Kaunas")
            .replace("default_language: lt", "default_language: de"))
    problems = messages(tmp_path, text)
    assert 'site_config.yaml:2: error: default_language "de" is not one of the languages (lt, en)' in problems
    assert 'site_config.yaml:3: error: unknown time zone "Europe/Kaunas" (write it like Europe/Vilnius)' in problems


def test_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigFailed) as failed:
        load_config(tmp_path)
    assert "no site_config.yaml in" in str(failed.value.diagnostics.items[0])
