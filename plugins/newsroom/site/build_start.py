"""Step 1: the start of a Pelican run: validate every data package and set out the
build's parts (build_state), before anything is read or written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from newsroom.charts.images import ChartImages
from newsroom.charts.named import load_named_charts
from newsroom.core.errors import Location, NewsroomError
from newsroom.core.languages import site_languages
from newsroom.core.paths import data_root, project_cache, project_root
from newsroom.core.progress import BuildProgress
from newsroom.core.settings import fast_rebuilds, setting
from newsroom.data.disclosure import check_disclosure
from newsroom.data.packages import load_packages
from newsroom.data.status import with_statuses
from newsroom.data.tables import DataCatalog
from newsroom.data.translations import translate_packages
from newsroom.news.embargo import build_now, releases_to_come, visible_releases
from newsroom.news.pins import read_pins
from newsroom.site.build_state import (
    PLUGIN_TEMPLATES,
    BuildTools,
    BuildWarnings,
    ChartsMade,
    Embargoes,
    FiguresMade,
    NewsroomBuild,
    SiteData,
    Urls,
)


class WrittenUndefined(jinja2.Undefined):
    """Falsy in tests, an error when written out: a misspelt variable cannot vanish."""

    __slots__ = ()

    def __str__(self) -> str:
        self._fail_with_undefined_error()


def template_environment(settings: dict[str, Any]) -> jinja2.Environment:
    """Theme templates first, then the plugin's defaults; always autoescaped."""
    theme = Path(settings["THEME"]) / "templates"
    options = {
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
    }
    # language_runs.prepare_language adds Jinja's i18n extension to it in every run.
    compiled = compiled_templates(settings, {**options, "i18n": True})
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(theme)), jinja2.FileSystemLoader(str(PLUGIN_TEMPLATES))]
        ),
        bytecode_cache=compiled,
        **options,
    )


def compiled_templates(
    settings: dict[str, Any], options: dict[str, Any]
) -> jinja2.BytecodeCache | None:
    """Jinja's compiled templates kept between builds, while fast rebuilds are on."""
    if not fast_rebuilds(settings):
        return None
    return project_cache(settings).compiled_templates(options)


def start_build(settings: dict[str, Any]) -> NewsroomBuild:
    """Validate every data package; raises NewsroomError before anything is written."""
    if settings.get("LOAD_CONTENT_CACHE"):
        raise NewsroomError.single(
            "content-cache-unsupported",
            Location("pelicanconf.py"),
            "LOAD_CONTENT_CACHE is on: Pelican would reuse unchanged articles without"
            " reading them, and their charts and figures would be missing from the site.",
            "Remove LOAD_CONTENT_CACHE: the newsroom caches Markdown's parsing and every"
            " chart itself, by content, so that a change in the data always shows.",
        )
    root, cache = project_root(settings), project_cache(settings)
    now = build_now(settings)
    preview = setting(settings, "NEWSROOM_PREVIEW")
    languages = site_languages(settings)
    progress = BuildProgress(settings["DEFAULT_LANG"] if len(languages) > 1 else "")
    packages = load_packages(data_root(settings), root, cache, progress)
    check_disclosure(packages, cache)
    packages, not_stated = with_statuses(packages, settings)
    embargo_ends = releases_to_come(packages, now, settings)
    if not preview:
        packages = visible_releases(packages, now, settings)
    packages = translate_packages(packages, settings["DEFAULT_LANG"], languages)
    named_charts = load_named_charts(Path(settings["PATH"]), root, packages)
    catalog = DataCatalog({p.name: p for p in packages})
    data = SiteData(
        settings=settings,
        project_root=root,
        catalog=catalog,
        named_charts=named_charts,
        now=now,
        preview=preview,
        cache=cache,
        pins=read_pins(Path(settings["PATH"]), root, catalog),
    )
    warnings = BuildWarnings(setting(settings, "NEWSROOM_PRODUCTION"), problems=[])
    if settings["DEFAULT_LANG"] == languages[0]:  # once a build, not once a language
        for problem in not_stated:
            warnings.warn(problem)
    return NewsroomBuild(
        data=data,
        urls=Urls(settings),
        tools=BuildTools(cache, progress, template_environment(settings)),
        charts_made=ChartsMade(ChartImages(cache), progress),
        figures_made=FiguresMade(),
        embargoes=Embargoes(ends=embargo_ends),
        fast_rebuilds=fast_rebuilds(settings),
        warnings=warnings,
    )
