"""`new` followed by `check`: a scaffold is valid in every language, as a draft and rendered."""
from __future__ import annotations

import pytest

from budrus.cli import main


@pytest.fixture
def site(basic_site):
    return basic_site


def test_new_entries_of_every_kind_pass_check_in_both_languages(site, capsys):
    for kind, title in [("article", "Naujas straipsnis apie darbą"), ("guide", "Kaip atpažinti verbuotoją"),
                        ("event", "Susitikimas su mokytojais"), ("page", "Apie projektą")]:
        assert main(["new", kind, title, "--source", str(site)]) == 0
    written = capsys.readouterr().out.split()
    assert len(written) == 8 and {p.rsplit(".", 2)[1] for p in written} == {"lt", "en"}
    assert main(["check", "--source", str(site)]) == 0
    assert "check passed (0 errors, 0 warnings)" in capsys.readouterr().out
    # --drafts renders the new drafts too: their Markdown, links and templates are valid
    assert main(["check", "--source", str(site), "--drafts"]) == 0
    assert "check passed (0 errors, 0 warnings)" in capsys.readouterr().out


def test_a_new_draft_is_built_under_its_transliterated_address_in_each_language(site, tmp_path, capsys):
    assert main(["new", "guide", "Kaip atpažinti verbuotoją", "--source", str(site)]) == 0
    out = tmp_path / "out"
    assert main(["build", "--source", str(site), "--out", str(out), "--drafts", "--no-cache",
                 "--now", "2026-12-01"]) == 0
    assert (out / "lt/atpazinimas/kaip-atpazinti-verbuotoja/index.html").is_file()
    assert (out / "en/guides/kaip-atpazinti-verbuotoja/index.html").is_file()
