"""The settings table: the docs are generated from it, every `NEWSROOM_*` name the plugin
uses is in it, and a misspelt, mistyped or internal setting stops a real build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from newsroom.core.errors import NewsroomError
from newsroom.core.settings import SETTINGS_BY_NAME, check_settings, settings_markdown
from newsroom.site.build import run_pelican

from ..conftest import REPO, SiteCopy

SETTINGS_DOC = REPO / "docs" / "settings.md"


def test_docs_settings_md_is_generated_from_the_table() -> None:
    assert SETTINGS_DOC.read_text(encoding="utf-8") == settings_markdown(), (
        "docs/settings.md differs from the table: run"
        " `PYTHONPATH=plugins python -m newsroom.core.settings > docs/settings.md`"
    )


def test_every_newsroom_name_the_plugin_uses_is_in_the_table() -> None:
    """A new read cannot bypass the table: Python's string literals and the names the
    plugin's and the theme's templates write."""
    plugin = REPO / "plugins" / "newsroom"
    starter_site = plugin / "starter" / "files"  # a site's files: they read environment variables
    used = {
        name
        for path in plugin.rglob("*.py")
        if not path.is_relative_to(starter_site)
        for name in re.findall(r"[\"'](NEWSROOM_[A-Z_]+)[\"']", path.read_text(encoding="utf-8"))
    }
    for folder in (plugin / "templates", REPO / "theme" / "templates"):
        for path in folder.rglob("*.html"):
            used |= set(re.findall(r"\bNEWSROOM_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert len(used) > 15
    assert sorted(used - set(SETTINGS_BY_NAME)) == []


def settings_of(root: Path, **values: object) -> dict[str, object]:
    return {"PATH": str(root / "content"), "SITE_ABSOLUTE_URL": "https://example.org", **values}


def test_the_build_s_own_names_pass_as_overrides(tmp_path: Path) -> None:
    check_settings(
        settings_of(tmp_path, NEWSROOM_PREVIEW=True, NEWSROOM_LIVE_OUTPUT="output/",
                    NEWSROOM_LANGUAGE_PATHS={"en": ""}, NEWSROOM_LANGUAGES=("en", "cy"))
    )  # fmt: skip


def test_a_misspelt_override_is_unknown_with_the_closest_name(tmp_path: Path) -> None:
    with pytest.raises(NewsroomError) as error:
        check_settings(settings_of(tmp_path, NEWSROOM_UNIT_FEILD="unit_id"))
    (problem,) = error.value.problems
    assert problem.code == "setting-unknown"
    assert problem.location.file == "pelicanconf.py"
    assert 'Did you mean "NEWSROOM_UNIT_FIELD"?' in problem.message


@pytest.mark.parametrize(
    ("name", "value", "told"),
    [
        ("NEWSROOM_SPATIAL", "England and Wales", "'England and Wales' is not an IRI"),
        ("NEWSROOM_SPATIAL_BBOX", "POLYGON((1 2))", "is not a WKT POLYGON"),
        ("NEWSROOM_SPATIAL_CENTROID", "POINT(52.5)", "is not a WKT POINT"),
        ("NEWSROOM_THEMES", ["http://publications.europa.eu/resource/authority/data-theme/CRIME"],
         "is not one of http://publications.europa.eu/resource/authority/data-theme/AGRI"),
        ("NEWSROOM_PUBLISHER_TYPE", "Regional authority", "is not one of http://purl.org/adms/"),
        ("NEWSROOM_CONTACT", {"name": "Data team"}, "it has neither an email nor a url"),
        ("NEWSROOM_CONTACT", {"name": "Data team", "email": "data team"}, "not an email address"),
        ("NEWSROOM_CATALOGUE_LICENCE", "CC0", "not a licence whose kind the catalogue knows"),
        ("NEWSROOM_AVAILABILITY", "stable", "is not one of http://publications.europa.eu/"),
    ],
)  # fmt: skip
def test_a_catalogue_value_outside_its_vocabulary_is_told_at_its_line(
    tmp_path: Path, name: str, value: object, told: str
) -> None:
    (tmp_path / "pelicanconf.py").write_text(f'AUTHOR = "x"\n{name} = {value!r}\n')
    with pytest.raises(NewsroomError) as error:
        check_settings(settings_of(tmp_path, **{name: value}))
    (problem,) = error.value.problems
    assert (problem.code, problem.location.file, problem.location.line) == (
        "setting-invalid",
        "pelicanconf.py",
        2,
    )
    assert problem.message.startswith(f"{name} is not valid: ") and told in problem.message


def add_setting(site: SiteCopy, line: str) -> int:
    """Add a line to the copy's pelicanconf.py; its line number."""
    settings = site.root / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8").rstrip("\n") + "\n"
    settings.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_a_misspelt_setting_stops_the_build_at_its_line(site: SiteCopy) -> None:
    line = add_setting(site, 'NEWSROOM_DATA_PAHT = "data"')
    result = site.run_build_command()
    assert result.returncode == 1
    assert (
        f"error[setting-unknown] pelicanconf.py:{line}: NEWSROOM_DATA_PAHT is not a setting"
        in result.stderr
    )
    assert 'Did you mean "NEWSROOM_DATA_PATH"?' in result.stderr
    assert not site.output.exists()


def test_a_value_of_the_wrong_type_stops_the_build(site: SiteCopy) -> None:
    settings = site.root / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    old = 'NEWSROOM_LANGUAGES = ["en", "cy"]'
    settings.write_text(text.replace(old, 'NEWSROOM_LANGUAGES = "en"'), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    failure = site.build_fails()
    assert f"error[setting-invalid] pelicanconf.py:{line}: NEWSROOM_LANGUAGES must be a list" in (
        failure
    )
    assert "language-unknown" not in failure  # checked before anything reads it


def test_the_build_s_own_name_in_the_settings_file_stops_the_build(site: SiteCopy) -> None:
    line = add_setting(site, "NEWSROOM_PREVIEW = True")
    failure = site.build_fails()
    assert f"error[setting-invalid] pelicanconf.py:{line}: NEWSROOM_PREVIEW is not a setting" in (
        failure
    )


def test_a_plain_pelican_run_checks_the_settings_too(site: SiteCopy) -> None:
    """The plugin checks on Pelican's `initialized`, for runs without the build command."""
    add_setting(site, "NEWSROOM_SPATIAL = 3")
    report = run_pelican(site.root / "pelicanconf.py", site.root / "out", {})
    assert [problem.code for problem in report.problems] == ["setting-invalid"]
    assert report.build is None


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_public_address_is_told_as_a_setting_to_add(
    tmp_path: Path, value: str | None
) -> None:
    settings = settings_of(tmp_path)
    if value is None:
        del settings["SITE_ABSOLUTE_URL"]
    else:
        settings["SITE_ABSOLUTE_URL"] = value
    with pytest.raises(NewsroomError) as error:
        check_settings(settings)
    (problem,) = error.value.problems
    assert problem.code == "setting-missing"
    assert problem.location.file == "pelicanconf.py"
    assert problem.message.startswith("SITE_ABSOLUTE_URL is not set; it is the site's public")
    assert 'SITE_ABSOLUTE_URL = "https://news.example.org"' in problem.hint


def test_a_publisher_logo_must_be_an_image_the_site_publishes(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "static/images").mkdir(parents=True)
    (theme / "static/images/logo.png").write_bytes(b"\x89PNG")
    (theme / "static/images/logo.svg").write_text("<svg/>")
    check_settings(
        settings_of(tmp_path, THEME=str(theme), NEWSROOM_PUBLISHER_LOGO="theme/images/logo.png")
    )
    for logo in ("theme/images/missing.png", "theme/images/logo.svg"):
        with pytest.raises(NewsroomError) as error:
            check_settings(settings_of(tmp_path, THEME=str(theme), NEWSROOM_PUBLISHER_LOGO=logo))
        (problem,) = error.value.problems
        assert problem.code == "setting-invalid" and logo in problem.message
