"""Step 5: write the newsroom's own pages and files through Pelican's writer.

Dataset, figure and embed pages go through the theme's templates (the plugin ships
defaults a theme may override); link targets are registered so that `{filename}`
links from articles to datasets, figures and chart files resolve with Pelican's own
URL rules.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from pelican.generators import Generator
from pelican.writers import Writer

from newsroom.catalogue.datasets import (
    dataset_pages,
    keyword_catalogue_url,
    slugify_keyword,
    unit_catalogue_url,
    version_files,
)
from newsroom.catalogue.metadata import dcat_catalog, json_file, script_json
from newsroom.catalogue.schema_org import schema_org_dataset
from newsroom.charts.drawing import RenderedChart, drawn_chart
from newsroom.charts.languages import chart_in_language
from newsroom.charts.named import PackageView, package_views
from newsroom.charts.plot_views import PLOT_SPEC_TYPE
from newsroom.charts.teasers import teaser_images, teaser_webp
from newsroom.core import PLUGIN_FOLDER
from newsroom.core.cache import FileContent
from newsroom.core.errors import NewsroomError, NewsroomProblem
from newsroom.core.languages import interface_text, language_prefix, site_languages
from newsroom.core.paths import live_output
from newsroom.core.settings import setting
from newsroom.data.units import Unit, article_units
from newsroom.figures.uses import FigureUse
from newsroom.site.build_state import (
    CHART_LINK_PREFIX,
    DATASET_LINK_PREFIX,
    EMBED_LINK_PREFIX,
    FIGURE_LINK_PREFIX,
    PLUGIN_TEMPLATES,
    SCRIPT_LINK,
    SETTINGS_KEY,
    UNIT_LINK_PREFIX,
    NewsroomBuild,
)
from newsroom.site.machine_files import (
    CONTENT_SECURITY_POLICY,
    SEARCH_SCRIPT_SOURCES,
    open_graph_locales,
    robots_txt,
    security_headers,
    sitemap_xml,
    social_card_alt,
    social_card_png,
)
from newsroom.site.sitemap_pages import pelican_pages
from newsroom.site.structured_data import article_json_ld, packages_used

PLUGIN_STATIC = PLUGIN_FOLDER / "static"
STATIC_URL = "newsroom/"
CHART_FILES = ("svg", "png", "csv", "vl.json")
SOCIAL_CARD = "newsroom/social-card.png"


@dataclass(frozen=True)
class LinkTarget:
    """What Pelican's `{filename}` link replacement needs of a linked item: its URL."""

    url: str


class NewsroomGenerator(Generator):
    """Dataset, unit, figure, embed and search pages, downloads, chart files and the
    machine-readable catalogues. While `pages_only` is set (parallel_writing: another
    process writes the rest) it renders its pages and writes nothing else."""

    pages_only = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.loader = jinja2.ChoiceLoader(
            [self.env.loader, jinja2.FileSystemLoader(str(PLUGIN_TEMPLATES))]
        )
        build: NewsroomBuild = self.settings[SETTINGS_KEY]
        self.data, self.urls = build.data, build.urls
        self.charts_made, self.figures_made = build.charts_made, build.figures_made
        self.cache = build.tools.cache
        self.problems, self.embargoes = build.problems, build.embargoes
        self.languages = site_languages(self.settings)
        self.views: dict[str, list[RenderedChart]] = {}  # each package's view charts
        # Each package's views left out, as its page says: {package: [(title, reason)]}.
        self.views_left_out: dict[str, list[tuple[str, str]]] = {}
        self.build_warnings = build.warnings
        self.live = live_output(self.settings)  # the site this run's output replaces

    def generate_context(self) -> None:
        if self.problems:
            raise NewsroomError(self.problems)
        catalog = self.data.catalog
        self.releases = [
            dataset_pages(package, catalog, self.urls.dataset_url(name), self.cache)
            for name, package in sorted(catalog.packages.items())
        ]
        self.datasets = [pages[0] for pages in self.releases]
        self.views = self._render_views()
        self.context["dataset_views"] = self.views
        self.context["dataset_views_left_out"] = self.views_left_out
        links = self.context["generated_content"]
        for page in self.datasets:
            links[DATASET_LINK_PREFIX + page.name] = LinkTarget(page.url)
        for chart_id in self.charts_made.charts:
            for extension in CHART_FILES:
                url = self.urls.chart_url(chart_id, extension)
                links[f"{CHART_LINK_PREFIX}{chart_id}.{extension}"] = LinkTarget(url)
            links[EMBED_LINK_PREFIX + chart_id] = LinkTarget(self.urls.embed_url(chart_id))
        for key in self.figures_made.figures:
            links[FIGURE_LINK_PREFIX + key] = LinkTarget(self.urls.figure_url(key))
        links[SCRIPT_LINK] = LinkTarget(STATIC_URL + "interactive-charts.js")
        self.units = self.data.units
        for unit in self.units.values():
            links[UNIT_LINK_PREFIX + unit.id] = LinkTarget(unit.url)
        self._annotate_articles()
        self.context["units"] = list(self.units.values())
        self.context["units_by_dataset"] = {
            page.name: [u for u in self.units.values() if page.name in u.datasets]
            for page in self.datasets
        }
        self.context["datasets_by_name"] = {page.name: page for page in self.datasets}
        keywords = sorted({k for page in self.datasets for k in page.keywords})
        self.context["catalogue_keywords"] = [(k, slugify_keyword(k)) for k in keywords]
        self.context["NEWSROOM_SOCIAL_CARD"] = SOCIAL_CARD
        self.context["NEWSROOM_SOCIAL_CARD_ALT"] = social_card_alt(self.settings["SITENAME"])
        self.context["NEWSROOM_OG_LOCALES"] = open_graph_locales(
            self.languages, setting(self.settings, "NEWSROOM_LOCALE_TERRITORY")
        )
        self.context["NEWSROOM_CSP"] = CONTENT_SECURITY_POLICY.format(extra="")
        self.context["NEWSROOM_SEARCH_CSP"] = CONTENT_SECURITY_POLICY.format(
            extra=SEARCH_SCRIPT_SOURCES
        )
        self._update_context(("datasets",))

    def _render_views(self) -> dict[str, list[RenderedChart]]:
        """The charts of each package's views, drawn for its dataset page. A Plot view
        the site cannot draw, or whose data its chart cannot show, is left out with a
        warning, and its page says why."""
        views: dict[str, list[RenderedChart]] = {}
        lang = self.settings["DEFAULT_LANG"]
        for name, package in sorted(self.data.catalog.packages.items()):
            for view in package_views(package, self.data.named_charts):
                if view.block is None:
                    self._leave_out(name, view, view.left_out)
                    continue
                block = chart_in_language(view.block, lang, self.languages)
                images = self.charts_made.images
                try:
                    chart = drawn_chart(block, block.text("id"), self.data.catalog, images)
                except NewsroomError as error:
                    if view.spec_type != PLOT_SPEC_TYPE:
                        raise
                    self._leave_out(name, view, error.problems[0].message)
                    continue
                self.charts_made.add_chart(chart)
                views.setdefault(name, []).append(chart)
        return views

    def _leave_out(self, package: str, view: PackageView, reason: str) -> None:
        self.views_left_out.setdefault(package, []).append((view.title, reason))
        if self.settings["DEFAULT_LANG"] == self.languages[0]:  # once a build, not per language
            self.build_warnings.note(
                NewsroomProblem(
                    "view-not-drawn",
                    view.location,
                    f'the view "{view.name}" could not be drawn: {reason} The package is'
                    " published without it, and its page says so.",
                    "Rewrite the view with the marks docs/publishing-data.md lists"
                    ' ("Views in Observable Plot form"), or remove it.',
                )
            )

    def _annotate_articles(self) -> None:
        self.annotate_articles(self.context.get("articles", []), self.context.get("pages", []))

    def annotate_articles(self, articles: list[Any], pages: list[Any]) -> None:
        """Give each article its units, the social card of its first chart (and its text
        alternative) and its schema.org markup (also the preview's page renderer, for one
        article read again)."""
        problems: list[NewsroomProblem] = []
        first_chart: dict[str, str] = {}
        for chart in self.charts_made.charts.values():
            first_chart.setdefault(chart.source, chart.chart_id)
        used = packages_used(self.charts_made.charts.values(), self.figures_made.figure_uses)
        datasets = {page.name: page for page in self.datasets}
        for article in articles + pages:
            source = Path(article.source_path)
            try:
                article.units = article_units(
                    article.metadata.get("units", ""), source, self.data.project_root, self.units
                )
            except NewsroomError as error:
                problems.extend(error.problems)
            shown = self.data.shown_path(source)
            article.revisions = self.figures_made.revisions.get(shown, [])
            # As the reader found it (it reads every file, and skips embargoed ones
            # unless this is a preview).
            article.embargoed_until = self.embargoes.of_files.get(shown)
            chart_id = first_chart.get(shown)
            card = self.urls.chart_url(chart_id, "card.png") if chart_id else ""
            has_card = card and self.charts_made.charts[chart_id].card is not None
            article.social_card = card if has_card else SOCIAL_CARD
            article.social_card_alt = (
                self.charts_made.charts[chart_id].alt
                if has_card
                else social_card_alt(self.settings["SITENAME"])
            )
            if article in articles:
                try:
                    article.structured_data = article_json_ld(
                        article, shown, used.get(shown, set()), datasets, self.settings
                    )
                except NewsroomError as error:
                    problems.extend(error.problems)
            article.teaser_images = teaser_images(card) if has_card else []
        if problems:
            raise NewsroomError(problems)

    def _articles_about(self, unit: Unit) -> list[Any]:
        return [a for a in self.context.get("articles", []) if unit in getattr(a, "units", [])]

    def generate_output(self, writer: Writer) -> None:
        self._write_pages(writer)
        if not self.pages_only:
            self._write_files()

    def _write_pages(self, writer: Writer) -> None:
        for page in (page for pages in self.releases for page in pages):
            self._write_page(
                writer,
                page.url,
                "dataset",
                dataset=page,
                dataset_jsonld=script_json(schema_org_dataset(page, self.settings)),
            )
        self._write_page(writer, "data/", "datasets")
        for chart_id, chart in self.charts_made.charts.items():
            url, embed = self.urls.chart_url, self.urls.embed_url(chart_id)
            self._write_page(
                writer,
                embed,
                "embed",
                chart=chart,
                svg_url=url(chart_id, "svg"),
                csv_url=url(chart_id, "csv"),
                card_url=url(chart_id, "card.png") if chart.card is not None else SOCIAL_CARD,
                dataset_url=self.urls.dataset_url(chart.package_name),
                embed_path=embed,
                embed_languages=self._embed_languages(chart_id),
            )
        self._write_figure_pages(writer)
        self._write_unit_pages(writer)
        self._write_catalogue_filters(writer)
        self._write_page(writer, "search/", "search")

    def _write_files(self) -> None:
        for page in (page for pages in self.releases for page in pages):
            for download in version_files(page):
                self._write_file(download.url, download.content)
        self._write_bytes("catalog.jsonld", json_file(dcat_catalog(self.datasets, self.settings)))
        for chart_id, chart in self.charts_made.charts.items():
            url = self.urls.chart_url
            self._write_bytes(url(chart_id, "svg"), chart.svg.encode("utf-8"))
            self._write_file(url(chart_id, "png"), chart.png.content())
            if chart.card is not None:
                card = chart.card.content()
                self._write_file(url(chart_id, "card.png"), card)
                for teaser in teaser_images(url(chart_id, "card.png")):
                    self._write_file(teaser.url, teaser_webp(card, teaser, self.cache))
            self._write_bytes(url(chart_id, "csv"), chart.csv)
            if chart.interactive:
                self._write_bytes(url(chart_id, "vl.json"), chart.spec.encode("utf-8"))
        if any(chart.interactive for chart in self.charts_made.charts.values()):
            shutil.copytree(PLUGIN_STATIC, Path(self.output_path) / STATIC_URL, dirs_exist_ok=True)
        self._write_file(SOCIAL_CARD, social_card_png(self.settings["SITENAME"], self.cache))
        if self.settings["DEFAULT_LANG"] == self.languages[0]:  # the site's root: all languages
            prefixes = tuple(language_prefix(self.languages, lang) for lang in self.languages)
            robots = robots_txt(self.settings["SITE_ABSOLUTE_URL"], prefixes)
            self._write_bytes("robots.txt", robots.encode())
            self._write_bytes("_headers", security_headers(prefixes).encode())
        self._write_bytes("sitemap.xml", sitemap_xml(self._public_pages(), self.settings))

    def _write_unit_pages(self, writer: Writer) -> None:
        by_name = self.context["datasets_by_name"]
        for unit in self.units.values():
            articles = self._articles_about(unit)
            self._write_page(
                writer,
                unit.url,
                "unit",
                unit=unit,
                unit_articles=articles,
                unit_datasets=[by_name[name] for name in unit.datasets],
                unit_feed=f"feeds/unit/{unit.id}.atom.xml" if articles else "",
            )
            if articles:
                for kind in ("atom", "rss"):
                    writer.write_feed(
                        articles,
                        self.context,
                        f"feeds/unit/{unit.id}.{kind}.xml",
                        feed_type=kind,
                        feed_title=f"{self.settings['SITENAME']}: {unit.label}",
                    )
        self._write_page(writer, "units/", "units")

    def _write_catalogue_filters(self, writer: Writer) -> None:
        """Catalogue pages filtered by keyword and by unit: filtering without JavaScript."""
        for keyword, slug in self.context["catalogue_keywords"]:
            self._write_page(
                writer,
                keyword_catalogue_url(slug),
                "datasets",
                datasets=[page for page in self.datasets if keyword in page.keywords],
                catalogue_filter=interface_text("keyword “%(keyword)s”", keyword=keyword),
            )
        by_name = self.context["datasets_by_name"]
        for unit in self.units.values():
            self._write_page(
                writer,
                unit_catalogue_url(unit),
                "datasets",
                datasets=[by_name[name] for name in unit.datasets],
                catalogue_filter=interface_text("unit %(unit)s", unit=unit.label),
            )

    def _public_pages(self) -> list[tuple[str, str]]:
        """(URL, last modified date) of every page meant to be found; the others (embeds,
        the 404 page, later pages of a listing) carry `noindex` (docs/theme.md)."""
        pages = pelican_pages(self.context, self.settings)
        pages += [(page.url, page.modified) for release in self.releases for page in release]
        pages += [("data/", ""), ("units/", ""), ("search/", "")]
        for unit in self.units.values():
            pages += [(unit.url, ""), (unit_catalogue_url(unit), "")]
        for _, slug in self.context["catalogue_keywords"]:
            pages.append((keyword_catalogue_url(slug), ""))
        pages += [(self.urls.figure_url(use.key), "") for use in self._first_use_of_each_figure()]
        return pages

    def _write_figure_pages(self, writer: Writer) -> None:
        articles = {
            Path(a.source_path).resolve(): a
            for a in self.context.get("articles", []) + self.context.get("pages", [])
        }
        for use in self._first_use_of_each_figure():
            article = articles.get((self.data.project_root / use.source).resolve())
            figure = use.figure
            url = self.urls.figure_url(use.key)
            self._write_page(
                writer,
                url,
                "figure",
                figure=figure,
                use=use,
                value_text=interface_text(
                    "%(value)s (computed: %(exact)s)",
                    value=figure.formatted,
                    exact=f"{figure.value:,.4g}",
                )
                if not isinstance(figure.value, datetime)
                else figure.formatted,
                columns=figure.columns,
                rows=figure.rows,
                article_url=article.url if article else "",
                article_title=article.title if article else use.source,
                dataset_url=self.urls.dataset_url(figure.package.name),
                package_version=str(figure.package.descriptor.get("version", "")),
            )

    def _first_use_of_each_figure(self) -> list[FigureUse]:
        first: dict[str, FigureUse] = {}
        for use in self.figures_made.figure_uses:
            first.setdefault(use.key, use)
        return list(first.values())

    def _embed_languages(self, chart_id: str) -> list[str]:
        """The languages that have this chart's embed (the same id: a translation's chart,
        or a chart every language's article names alike), when there is another."""
        here = self.settings["DEFAULT_LANG"]
        charts = self.charts_made.counterpart_charts
        views = {chart.chart_id for charts_of_package in self.views.values()
                 for chart in charts_of_package}  # fmt: skip
        if chart_id in views:
            return self.languages if len(self.languages) > 1 else []  # drawn in every run
        codes = [c for c in self.languages if c == here or chart_id in charts.get(c, ())]
        return codes if len(codes) > 1 else []

    def _write_page(self, writer: Writer, url: str, template: str, **values: Any) -> None:
        """A page at `url` (a folder) through the theme's template, with Pelican's URLs."""
        writer.write_file(
            url + "index.html",
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            **values,
        )

    def _write_bytes(self, url: str, data: bytes) -> None:
        self._write_file(url, FileContent.of(data))

    def _write_file(self, url: str, content: FileContent) -> None:
        target = Path(self.output_path) / url
        target.parent.mkdir(parents=True, exist_ok=True)
        content.write_to(target, self.live / url if self.live else None)
