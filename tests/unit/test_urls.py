from budrus.urls import normalize_alias, output_path, slugify


def test_lithuanian_letters_are_transliterated():
    assert slugify("Ąžuolas, čiužinys ir ęėįšųūž") == "azuolas-ciuzinys-ir-eeisuuz"


def test_capitals_punctuation_and_spaces_become_single_hyphens():
    assert slugify("  Darbas   UŽSIENYJE: ką žinoti?! ") == "darbas-uzsienyje-ka-zinoti"


def test_other_accents_are_dropped():
    assert slugify("Café Ñandú") == "cafe-nandu"


def test_output_path_of_site_paths():
    assert output_path("/") == "index.html"
    assert output_path("/lt/x/") == "lt/x/index.html"
    assert output_path("/lt/feed.xml") == "lt/feed.xml"


def test_aliases_become_site_paths():
    assert normalize_alias("old/page") == "/old/page/"
    assert normalize_alias("/old/file.html") == "/old/file.html"
