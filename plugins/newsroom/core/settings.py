"""Step 0: the plugin's settings, declared once: name, type, default and one line of help.

Every `NEWSROOM_*` name the plugin reads is a row of `SETTINGS`, as Datasette declares
its settings; `setting()` reads a value through its row, so no default is written twice.
Rows marked internal are names the build sets itself (its state, the run's language
paths, `--preview`), not settings. `check_settings` runs at the start of every build:
an unknown `NEWSROOM_*` name, a value of the wrong type, or an internal name set in the
settings file stops it. `docs/settings.md` is generated from the tables:

    PYTHONPATH=plugins python -m newsroom.core.settings > docs/settings.md
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom.core.errors import Location, NewsroomError, NewsroomProblem, did_you_mean
from newsroom.core.setting_values import (
    WKT_PAIR,
    contact,
    iri,
    known_licence,
    listed,
    listed_each,
    wkt,
)
from newsroom.core.vocabularies import AVAILABILITY_LABELS, DATA_THEME_LABELS, PUBLISHER_TYPE_LABELS

PREFIX = "NEWSROOM_"
SETTINGS_FILE = "pelicanconf.py"  # where a problem is shown when no file assigns the name


@dataclass(frozen=True)
class Setting:
    """One `NEWSROOM_*` name: its type, its default and what it does."""

    name: str
    type: type
    default: Any
    help: str
    internal: bool = False  # set by the build for its runs and templates, never by a site
    # What is wrong with a value of the right type, in a sentence; "" if nothing.
    check: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class PelicanSetting:
    """A setting Pelican or the theme owns (and defaults), and what the plugin does with it."""

    name: str
    use: str
    # A setting the site must give (Pelican has no default for it), e.g. '"https://..."'.
    required_example: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("NEWSROOM_DATA_PATH", str, "data",
            "the folder of the data packages, relative to the project folder (the one"
            " holding `PATH`)"),
    Setting("NEWSROOM_CACHE_PATH", str, ".cache/newsroom",
            "the build's cache, relative to the project folder; safe to delete or share"
            " between builds; empty: no cache"),
    Setting("NEWSROOM_FAST_REBUILDS", bool, True,
            "the caches and shortcuts of rebuilds/ (up-to-date check, reading and Markdown"
            " caches, two-process writing); False builds everything from scratch with the"
            " same output"),
    Setting("NEWSROOM_DATASET_URL", str, "data/{name}/",
            "the address of a dataset's page, `{name}` being its package's name"),
    Setting("NEWSROOM_CHART_URL", str, "charts/",
            "the folder of the chart files (SVG, PNG, social card, CSV, Vega-Lite spec)"),
    Setting("NEWSROOM_UNIT_RESOURCE", str, "units",
            "the resource that lists the units articles name in `Units:`"),
    Setting("NEWSROOM_UNIT_FIELD", str, "unit_id",
            "the field by which data rows refer to a unit"),
    Setting("NEWSROOM_LANGUAGES", list, [],
            "the site's languages, the default first (docs/bilingual.md); empty:"
            " `DEFAULT_LANG` alone"),
    Setting("NEWSROOM_LANGUAGE_SETTINGS", dict, {},
            "settings that differ by language, `{code: {name: value}}`: site name,"
            " subtitle, description, `NEWSROOM_UNIT_LABELS`"),
    Setting("NEWSROOM_UNIT_LABELS", dict, {},
            "set inside a language's settings: unit names shown on that language's pages,"
            " by unit id; the data keep their own names"),
    Setting("NEWSROOM_SPATIAL", str, "",
            "the area the datasets cover, as an IRI (e.g. an ONS statistical geography's):"
            " the data catalogue's `dct:spatial`; empty: not stated", check=iri),
    Setting("NEWSROOM_SPATIAL_BBOX", str, "",
            "that area's bounding box, `POLYGON((lon lat, ...))` (WKT, WGS 84): its"
            " `dcat:bbox`", check=wkt("POLYGON", rf"\(\({WKT_PAIR}(?:, ?{WKT_PAIR}){{3,}}\)\)")),
    Setting("NEWSROOM_SPATIAL_CENTROID", str, "",
            "that area's centroid, `POINT(lon lat)` (WKT, WGS 84): its `dcat:centroid`",
            check=wkt("POINT", rf"\({WKT_PAIR}\)")),
    Setting("NEWSROOM_THEMES", list, [],
            "the datasets' themes in the data catalogue (`dcat:theme`), IRIs of the EU"
            " data-theme vocabulary, e.g."
            " `http://publications.europa.eu/resource/authority/data-theme/JUST`",
            check=lambda value: listed_each(value, DATA_THEME_LABELS)),
    Setting("NEWSROOM_PUBLISHER_TYPE", str, "",
            "what kind of body the publisher (`AUTHOR`) is, an IRI of the ADMS publisher"
            " types, e.g. `http://purl.org/adms/publishertype/RegionalAuthority`: its"
            " `dct:type` in the data catalogue",
            check=lambda value: listed(value, PUBLISHER_TYPE_LABELS)),
    Setting("NEWSROOM_CONTACT", dict, {},
            "whom to ask about the data, `{\"name\": ..., \"email\": ..., \"url\": ...}`"
            " (a name and an email or a web address): the datasets' `dcat:contactPoint`",
            check=contact),
    Setting("NEWSROOM_CATALOGUE_LICENCE", str, "",
            "the licence of the data catalogue itself (its metadata), by its address, e.g."
            " `https://creativecommons.org/publicdomain/zero/1.0/`: its `dct:license`",
            check=known_licence),
    Setting("NEWSROOM_AVAILABILITY", str, "",
            "how long the downloads are planned to stay available, an IRI of the EU"
            " planned-availability vocabulary, e.g."
            " `http://publications.europa.eu/resource/authority/planned-availability/STABLE`:"
            " each distribution's `dcatap:availability`",
            check=lambda value: listed(value, AVAILABILITY_LABELS)),
    Setting("NEWSROOM_PUBLISHER_LOGO", str, "",
            "the publisher's logo (`AUTHOR`'s) in schema.org markup: a raster image's"
            " address below the site root, e.g. `theme/images/logo.png`; empty: none"),
    Setting("NEWSROOM_LOCALE_TERRITORY", str, "",
            "the country the site writes for, as the territory of Open Graph's `og:locale`"
            " (`GB`: en_GB, cy_GB); empty: each language's most likely one (en_US)"),
    Setting("NEWSROOM_NOW", str, "",
            "the build's now, ISO 8601, for embargoes and releases; empty:"
            " `SOURCE_DATE_EPOCH`, else the clock"),
    Setting("NEWSROOM_PRODUCTION", bool, False,
            "set in publishconf.py: what the development build only warns of (a number"
            " nobody reviewed, a package without a status) stops the build; a view left"
            " out, which its page explains, does not"),
    Setting("NEWSROOM_PACKAGE_STATUS", dict, {},
            "the status of statistics of packages published unchanged from another"
            " publisher, `{package name: status}` (docs/publishing-data.md); a package's own"
            " `newsroom:status` comes first"),
    Setting("NEWSROOM_PREVIEW", bool, False,
            "set by `--preview`: embargoed articles and releases are built too, into"
            " preview/, never output/", internal=True),
    Setting("NEWSROOM_LIVE_OUTPUT", str, "",
            "the live folder a run's output is to replace, whose unchanged files it links",
            internal=True),
    Setting("NEWSROOM_BUILD", object, None,
            "the build's state (data, charts, figures, problems) for readers and generators",
            internal=True),
    Setting("NEWSROOM_GETTEXT", object, None,
            "the run's message catalogue", internal=True),
    Setting("NEWSROOM_LANGUAGE_PATHS", dict, {},
            "for templates: each language's root, relative to the run's", internal=True),
    Setting("NEWSROOM_LANGUAGE_URLS", dict, {},
            "for templates: each language's absolute root", internal=True),
    Setting("NEWSROOM_LANGUAGE_NAMES", dict, {},
            "for templates: each language's name in itself", internal=True),
    Setting("NEWSROOM_CSP", str, "",
            "for templates: the Content-Security-Policy of an embed page", internal=True),
    Setting("NEWSROOM_SEARCH_CSP", str, "",
            "for templates: the Content-Security-Policy of the search page", internal=True),
    Setting("NEWSROOM_SOCIAL_CARD", str, "",
            "for templates: the address of the site's social card", internal=True),
    Setting("NEWSROOM_SOCIAL_CARD_ALT", str, "",
            "for templates: the text alternative of the site's social card", internal=True),
    Setting("NEWSROOM_OG_LOCALES", dict, {},
            "for templates: each language's Open Graph locale (en_GB)", internal=True),
)  # fmt: skip

PELICAN_SETTINGS: tuple[PelicanSetting, ...] = (
    PelicanSetting("PATH", "the content folder; the folder holding it is the project"
                   " folder, below which the data and the cache are"),
    PelicanSetting("THEME", "its `templates/` come before the plugin's own; its"
                   " `translations/` hold the interface's message catalogues"),
    PelicanSetting("PLUGIN_PATHS", "their files are inputs of the up-to-date check"),
    PelicanSetting("DEFAULT_LANG", "the run's language, set by the build for each run;"
                   " without `NEWSROOM_LANGUAGES`, the site's only language"),
    PelicanSetting("DEFAULT_METADATA", "the build adds `lang`: a file without `Lang:` is"
                   " in the site's default language"),
    PelicanSetting("TIMEZONE", "the zone of dates written without one (embargoes, releases,"
                   " `NEWSROOM_NOW`)"),
    PelicanSetting("SITENAME", "the titles of the data catalogue and unit feeds, the social"
                   " card, the site in generated articles' templates"),
    PelicanSetting("AUTHOR", "the publisher in the data catalogue (DCAT, schema.org) and of"
                   " every article (schema.org `NewsArticle`)"),
    PelicanSetting("SITE_DESCRIPTION", "the theme's; the data catalogue's description"),
    PelicanSetting("SITEURL", "an embed's address in a chart's HTML; below it each other"
                   " language's pages"),
    PelicanSetting("SITE_ABSOLUTE_URL", "the site's public address (required), for absolute"
                   " addresses in the data catalogue, sitemap, robots.txt, `hreflang` links,"
                   " citations and generated articles", '"https://news.example.org"'),
    PelicanSetting("RELATIVE_URLS", "the plugin's pages are written with Pelican's links"),
    PelicanSetting("ARTICLE_URL", "with `ARTICLE_SAVE_AS`, `PAGE_URL`, `PAGE_SAVE_AS` and the"
                   " drafts': a translation has its original's address pattern"),
    PelicanSetting("ARTICLE_ORDER_BY", "with `PAGE_ORDER_BY`: the order of a run's articles"
                   " and pages once the other languages' are set aside"),
    PelicanSetting("ARTICLE_EXCLUDES", "with `PAGE_EXCLUDES`: the build adds"
                   " `article-templates/` and `charts/`, which are not articles"),
    PelicanSetting("MARKDOWN", "the Markdown reader's configuration, to which the plugin"
                   " adds its extension; part of the Markdown cache's key"),
    PelicanSetting("JINJA_ENVIRONMENT", "an undefined variable becomes an error when"
                   " written; compiled templates are cached"),
    PelicanSetting("LOAD_CONTENT_CACHE", "must be off (`content-cache-unsupported`): the"
                   " plugin caches by content itself"),
    PelicanSetting("OUTPUT_PATH", "set by the build command for each run, with"
                   " `DELETE_OUTPUT_DIRECTORY` off: a staging folder swapped into place"),
)  # fmt: skip

SETTINGS_BY_NAME = {row.name: row for row in SETTINGS}


def setting(settings: dict[str, Any], name: str) -> Any:
    """A declared setting's value, else its default; an undeclared name is a KeyError."""
    return settings.get(name, SETTINGS_BY_NAME[name].default)


def fast_rebuilds(settings: dict[str, Any]) -> bool:
    """Whether what only makes builds fast (rebuilds/) is on; off, every output byte is
    the same, made the slow way."""
    return setting(settings, "NEWSROOM_FAST_REBUILDS")


def check_settings(settings: dict[str, Any]) -> None:
    """Every `NEWSROOM_*` name must be declared and of its type, no internal name may be
    assigned in a settings file, and every required Pelican setting must be given;
    raises NewsroomError with every problem."""
    files = _settings_files(Path(settings["PATH"]).resolve().parent)
    publisher_names = [row.name for row in SETTINGS if not row.internal]
    problems = []
    for name in sorted(n for n in settings if n.startswith(PREFIX)):
        row = SETTINGS_BY_NAME.get(name)
        if row is None:
            problems.append(
                NewsroomProblem(
                    "setting-unknown",
                    _assignment(files, name),
                    f"{name} is not a setting of the newsroom plugin."
                    f" {did_you_mean(name, publisher_names)}",
                    "Correct the name, or remove it; docs/settings.md lists every setting.",
                )
            )
        elif not isinstance(settings[name], ACCEPTED_TYPES.get(row.type, row.type)):
            problems.append(
                NewsroomProblem(
                    "setting-invalid",
                    _assignment(files, name),
                    f"{name} must be a {row.type.__name__}, not"
                    f" {type(settings[name]).__name__} ({settings[name]!r}).",
                    f"Set it to a {row.type.__name__}, e.g. {row.default!r}, or remove it"
                    f" for the default: {row.help}.",
                )
            )
    problems += [
        NewsroomProblem(
            "setting-invalid",
            _assignment(files, row.name),
            f"{row.name} is not valid: {wrong}",
            f"Correct it, or remove it: {row.help}.",
        )
        for row in SETTINGS
        if row.check and row.name in settings
        and isinstance(settings[row.name], ACCEPTED_TYPES.get(row.type, row.type))
        and settings[row.name] and (wrong := row.check(settings[row.name]))
    ]  # fmt: skip
    problems += [
        NewsroomProblem(
            "setting-invalid",
            location,
            f"{row.name} is not a setting: the build sets it itself ({row.help}).",
            f"Remove it from {location.file}.",
        )
        for row in SETTINGS
        if row.internal and (location := _assignment(files, row.name)).line
    ]
    problems += [
        NewsroomProblem(
            "setting-missing",
            Location(SETTINGS_FILE),
            f"{row.name} is not set; it is {row.use}.",
            f"Add a line {row.name} = {row.required_example} to {SETTINGS_FILE}"
            " (docs/settings.md).",
        )
        for row in PELICAN_SETTINGS
        if row.required_example and not settings.get(row.name)
    ]
    problems += _logo_problems(settings, files)
    if problems:
        raise NewsroomError(problems)


RASTER_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp")  # what schema.org's `logo` wants


def _logo_problems(settings: dict[str, Any], files: list[tuple[str, str]]) -> list[NewsroomProblem]:
    """The publisher's logo must be a raster image the site publishes: a file of the
    theme's static/ folder (under `THEME_STATIC_DIR`) or of the content folder."""
    logo = settings.get("NEWSROOM_PUBLISHER_LOGO")
    if not logo or not isinstance(logo, str):
        return []
    theme_dir = str(settings.get("THEME_STATIC_DIR", "theme")).strip("/") + "/"
    candidates = [Path(settings["PATH"]) / logo]
    if logo.startswith(theme_dir) and settings.get("THEME"):
        candidates.append(Path(settings["THEME"]) / "static" / logo.removeprefix(theme_dir))
    if logo.lower().endswith(RASTER_IMAGES) and any(path.is_file() for path in candidates):
        return []
    return [
        NewsroomProblem(
            "setting-invalid",
            _assignment(files, "NEWSROOM_PUBLISHER_LOGO"),
            f"NEWSROOM_PUBLISHER_LOGO is {logo!r}, which is not a PNG, JPEG, GIF or WebP"
            " image the site publishes.",
            f"Give the address of an image in the theme's static folder ({theme_dir}"
            "images/logo.png for static/images/logo.png) or in the content folder.",
        )
    ]


# A list may be written as a tuple in a settings file.
ACCEPTED_TYPES: dict[type, tuple[type, ...]] = {list: (list, tuple)}


def _settings_files(root: Path) -> list[tuple[str, str]]:
    """The project folder's settings files (`*conf.py`, as Pelican names them), with
    their text, pelicanconf.py first."""
    paths = sorted(root.glob("*conf.py"), key=lambda path: (path.name != SETTINGS_FILE, path.name))
    return [(path.name, path.read_text(encoding="utf-8", errors="replace")) for path in paths]


def _assignment(files: list[tuple[str, str]], name: str) -> Location:
    """The settings file and line that assign name (`NAME = ...`, or `"NAME": ...` in
    a language's settings); without the line if no file does (an override)."""
    assigned = re.compile(rf"^[ \t]*{name}[ \t]*=|[\"']{name}[\"'][ \t]*:", re.MULTILINE)
    for file, text in files:
        match = assigned.search(text)
        if match:
            return Location(file, text.count("\n", 0, match.start()) + 1)
    return Location(SETTINGS_FILE)


def settings_markdown() -> str:
    """docs/settings.md, from the tables above."""
    lines = [
        "# Settings",
        "",
        "_Generated from `plugins/newsroom/core/settings.py` by"
        " `PYTHONPATH=plugins python -m newsroom.core.settings > docs/settings.md`:"
        " do not edit; a test fails when it differs from the table._",
        "",
        "The newsroom plugin's settings, set in `pelicanconf.py` when the default does not"
        " suit. Any other `NEWSROOM_*` name there stops the build (`setting-unknown`, with"
        " the closest name), as does a value of another type (`setting-invalid`).",
        "",
        "| Setting | Type | Default | What it does |",
        "| --- | --- | --- | --- |",
        *(
            f"| `{row.name}` | {row.type.__name__} | `{row.default!r}` | {row.help} |"
            for row in SETTINGS
            if not row.internal
        ),
        "",
        "## Names the build sets itself",
        "",
        "Not settings: the build passes these to its own runs and templates. Setting one"
        " in the settings file stops the build (`setting-invalid`).",
        "",
        "| Name | What it holds |",
        "| --- | --- |",
        *(f"| `{row.name}` | {row.help} |" for row in SETTINGS if row.internal),
        "",
        "## Pelican's settings the plugin reads",
        "",
        "Pelican (or the theme) owns these and their defaults; the plugin uses them so."
        " A required one that is missing or empty stops the build (`setting-missing`).",
        "",
        "| Setting | How the plugin uses it |",
        "| --- | --- |",
        *(f"| `{row.name}` | {row.use} |" for row in PELICAN_SETTINGS),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_markdown(), end="")
