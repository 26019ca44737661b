"""Step 5: write the newsroom's own pages and files through Pelican's writer.

Dataset pages go through the theme's templates (the plugin ships defaults a theme
may override); link targets are registered so that `{filename}` links from articles
to datasets and chart files resolve with Pelican's own URL rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from pelican.generators import Generator
from pelican.writers import Writer

from .build_state import (
    CHART_LINK_PREFIX,
    DATASET_LINK_PREFIX,
    PLUGIN_TEMPLATES,
    SETTINGS_KEY,
    NewsroomBuild,
)
from .datasets import dataset_page
from .errors import NewsroomError


@dataclass(frozen=True)
class LinkTarget:
    """What Pelican's `{filename}` link replacement needs of a linked item: its URL."""

    url: str


class NewsroomGenerator(Generator):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.env.loader = jinja2.ChoiceLoader(
            [self.env.loader, jinja2.FileSystemLoader(str(PLUGIN_TEMPLATES))]
        )
        self.build: NewsroomBuild = self.settings[SETTINGS_KEY]

    def generate_context(self) -> None:
        if self.build.problems:
            raise NewsroomError(self.build.problems)
        catalog = self.build.catalog
        self.datasets = [
            dataset_page(package, catalog, self.build.dataset_url(name))
            for name, package in sorted(catalog.packages.items())
        ]
        links = self.context["generated_content"]
        for page in self.datasets:
            links[DATASET_LINK_PREFIX + page.name] = LinkTarget(page.url)
        for chart_id in self.build.charts:
            for extension in ("svg", "csv"):
                url = self.build.chart_url(chart_id, extension)
                links[f"{CHART_LINK_PREFIX}{chart_id}.{extension}"] = LinkTarget(url)
        self._update_context(("datasets",))

    def generate_output(self, writer: Writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        for page in self.datasets:
            writer.write_file(
                page.save_as,
                self.get_template("dataset"),
                self.context,
                relative_urls=relative,
                url=page.url,
                dataset=page,
            )
            for download in [r.download for r in page.resources] + page.downloads:
                self._write_bytes(download.url, download.source.read_bytes())
        writer.write_file(
            self.settings.get("NEWSROOM_DATASETS_SAVE_AS", "data/index.html"),
            self.get_template("datasets"),
            self.context,
            relative_urls=relative,
            url=self.settings.get("NEWSROOM_DATASETS_URL", "data/"),
        )
        for chart_id, chart in self.build.charts.items():
            self._write_bytes(self.build.chart_url(chart_id, "svg"), chart.svg.encode("utf-8"))
            self._write_bytes(self.build.chart_url(chart_id, "csv"), chart.csv)

    def _write_bytes(self, url: str, data: bytes) -> None:
        target = Path(self.output_path) / url
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
