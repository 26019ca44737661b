"""Step 3c: the author's syntax in Markdown.

- ```` ```chart ```` holds a chart's options in YAML (or `use: NAME` of a named chart);
  it becomes a numbered figure with the static SVG, its data table and downloads.
- ```` ```figures ```` defines the article's figures: `NAME:` then its options.
- `[](figure:NAME)` writes a figure's value; `[13% decrease](figure:NAME)` keeps the
  author's words and checks them against the data.
- `[third](not-data:)` marks a number that does not come from data; any other number
  of the prose is unreviewed (number_review).
- `{dataset}NAME` in a link points at the dataset page of package NAME.

The preprocessor runs before Markdown's own, so line numbers are the file's lines.
Links use Pelican's `{filename}` syntax so that URLs and RELATIVE_URLS keep working;
the plugin's generator registers the targets.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml
from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from newsroom.charts.drawing import RenderedChart, drawn_chart
from newsroom.charts.images import ChartImages
from newsroom.charts.languages import chart_in_language
from newsroom.charts.requests import resolve_chart
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem, did_you_mean
from newsroom.core.languages import interface_text, site_languages
from newsroom.data.selection import YAML_LOADER, OptionBlock, parse_yaml_mapping
from newsroom.figures.computed import ComputedFigure, compute_figure, typed_check
from newsroom.figures.uses import FigureUse
from newsroom.news.pins import Revision
from newsroom.site.build_state import (
    CHART_LINK_PREFIX,
    DATASET_LINK_PREFIX,
    EMBED_LINK_PREFIX,
    FIGURE_LINK_PREFIX,
    SCRIPT_LINK,
    UNIT_LINK_PREFIX,
    BuildTools,
    ReadingAdditions,
    SiteData,
    Urls,
)
from newsroom.site.link_addresses import ScriptAddressRemover
from newsroom.site.number_review import NumberReview

FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<kind>chart|figures)\s*$")
DATASET_LINK = re.compile(r"\{(?P<kind>dataset|unit)\}(?P<name>[^\s)\"'>]*)")
FENCE_OPEN_CODE = {"chart": "chart-fence-open", "figures": "figures-fence-open"}
UNKNOWN_LINK_CODE = {"dataset": "link-dataset-unknown", "unit": "link-unit-unknown"}
FIGURE_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(figure:(?P<name>[^)\s]*)\)")
SLUG_UNSAFE = re.compile(r"[^a-z0-9-]+")


def link(prefix: str, name: str) -> str:
    return "{filename}/" + prefix + name


class NewsroomPreprocessor(Preprocessor):
    """Our syntax in one file; the reader reuses one Markdown for every file, so the file
    (its path, language and whether this run publishes it) is taken from the extension
    each time the preprocessor runs, with where to put what the file adds."""

    def __init__(self, md: Markdown, extension: NewsroomExtension) -> None:
        super().__init__(md)
        self.extension = extension
        self.data, self.urls, self.tools = extension.data, extension.urls, extension.tools
        self.images = extension.images
        self.lang = str(self.data.settings.get("DEFAULT_LANG", "en"))
        self.review = NumberReview(self.data.project_root)

    def _start_file(self) -> None:
        self.source = self.extension.source
        self.render = self.extension.render
        self.file_lang = self.extension.file_lang
        self.additions = self.extension.additions
        # "x.cy.md" has the stem of "x.md": a translation's charts and figures have the
        # original's addresses under the language's folder (/cy/embed/x-1/).
        stem = Path(self.source).stem.lower().removesuffix(f".{self.file_lang}")
        self.stem = SLUG_UNSAFE.sub("-", stem).strip("-")
        self.problems: list[NewsroomProblem] = []
        self.catalog = self.data.catalog_for(self.source)
        self.revised_since_pinning = self.data.is_pinned_to_older_data(self.source)

    def run(self, lines: list[str]) -> list[str]:
        self._start_file()
        if not self.render:  # another language's file, read only as a counterpart
            blocks = self._fenced_blocks(lines)
            chart_ids = self._counterpart_chart_ids(lines, blocks)
            self.additions.add_counterpart_charts(self.file_lang, chart_ids)
            # Its chart and figures blocks are left out: Markdown would highlight each as
            # code, Pygments guessing its language, a tenth of a cold build spent on
            # pages nobody renders.
            inside = {i for _, start, end in blocks for i in range(start, end + 1)}
            return [line for i, line in enumerate(lines) if i not in inside]
        blocks = self._fenced_blocks(lines)
        figures = self._figures(lines, [b for b in blocks if b[0] == "figures"])
        # Pelican converts a formatted field (the summary) without the front matter.
        body = "meta" in self.md.preprocessors
        self.review.start(self.source, self.file_lang, self.additions, lines, body)
        output: list[str] = []
        charts = 0
        index = 0
        for kind, start, end in blocks:
            output += [self._inline(lines[i], i + 1, figures) for i in range(index, start)]
            if kind == "chart":
                charts += 1
                output += self._chart_lines("\n".join(lines[start + 1 : end]), start + 2, charts)
            index = end + 1
        output += [self._inline(lines[i], i + 1, figures) for i in range(index, len(lines))]
        if self.problems:
            raise NewsroomError(self.problems)
        return output

    def _counterpart_chart_ids(
        self, lines: list[str], blocks: list[tuple[str, int, int]]
    ) -> list[str]:
        """The ids of the charts another language's run draws from these lines; a block
        with a mistake is reported by that run, and left out here."""
        ids = []
        charts = [b for b in blocks if b[0] == "chart"]
        for number, (_kind, start, end) in enumerate(charts, start=1):
            text = "\n".join(lines[start + 1 : end])
            try:
                options = parse_yaml_mapping(text, self.source, start + 2, "chart-yaml").options
            except NewsroomError:
                continue
            named = self.data.named_charts.get(str(options.get("use", "")))
            chart_id = options.get("id") or (named.options.get("id") if named else None)
            chart_id = SLUG_UNSAFE.sub("-", str(chart_id or f"{self.stem}-{number}").lower())
            ids.append(chart_id.strip("-"))
        return ids

    def _fenced_blocks(self, lines: list[str]) -> list[tuple[str, int, int]]:
        """(kind, opening line index, closing line index) of each chart or figures block."""
        blocks = []
        index = 0
        while index < len(lines):
            opening = FENCE_OPEN.match(lines[index])
            if opening:
                fence = opening["fence"]
                end = next(
                    (j for j in range(index + 1, len(lines)) if lines[j].strip() == fence), None
                )
                if end is None:
                    self.problems.append(
                        NewsroomProblem(
                            FENCE_OPEN_CODE[opening["kind"]],
                            Location(self.source, index + 1),
                            f"this {opening['kind']} block is never closed.",
                            f"End the block with a line holding only {fence}.",
                        )
                    )
                    break
                blocks.append((opening["kind"], index, end))
                index = end
            index += 1
        return blocks

    def _figures(
        self, lines: list[str], blocks: list[tuple[str, int, int]]
    ) -> dict[str, ComputedFigure | None]:
        """Every figure of the article by name; None for one whose definition failed."""
        figures: dict[str, ComputedFigure | None] = {}
        for _, start, end in blocks:
            try:
                figures.update(self._figure_block(lines, start, end))
            except NewsroomError as error:
                self.problems.extend(error.problems)
        return figures

    def _figure_block(
        self, lines: list[str], start: int, end: int
    ) -> dict[str, ComputedFigure | None]:
        text = "\n".join(lines[start + 1 : end])
        whole = parse_yaml_mapping(text, self.source, start + 2, "figure-yaml")
        node = yaml.compose(text, Loader=YAML_LOADER)
        figures: dict[str, ComputedFigure | None] = {}
        for key, value in node.value:
            name = str(key.value)
            options = whole.options[name]
            line = start + 2 + key.start_mark.line
            if not isinstance(options, dict) or not isinstance(value, yaml.MappingNode):
                raise NewsroomError.single(
                    "figure-yaml",
                    Location(self.source, line),
                    f'the figure "{name}" must be a list of options.',
                    "Indent the figure's options under its name.",
                )
            option_lines = {str(k.value): start + 2 + k.start_mark.line for k, _ in value.value}
            block = OptionBlock(self.source, line, options, option_lines)
            figures[name] = None
            try:
                figures[name] = compute_figure(
                    name, block, self.catalog, self.lang, self.tools.cache
                )
                if self.revised_since_pinning:
                    self._note_figure_revision(figures[name])
            except NewsroomError as error:
                self.problems.extend(error.problems)
        return figures

    def _note_figure_revision(self, pinned: ComputedFigure) -> None:
        newest = compute_figure(
            pinned.name, pinned.block, self.data.catalog, self.lang, self.tools.cache
        )
        if newest.formatted != pinned.formatted:
            what = interface_text('figure "%(name)s"', name=pinned.name)
            self._revise(what, pinned.formatted, newest.formatted, newest.package.name, pinned.name)

    def _revise(self, what: str, was: str, now: str, package: str, figure: str = "") -> None:
        release = self.data.catalog.packages[package]
        released = str(
            release.descriptor.get("published")
            or release.descriptor.get("modified")
            or release.descriptor.get("created")
            or ""
        )[:10]
        self.additions.add_revision(
            Revision(self.source, what, was, now, package, release.version, released, figure)
        )

    def _chart_lines(self, text: str, first_line: int, number: int) -> list[str]:
        try:
            chart = self._chart(text, first_line, number)
            self.additions.add_chart(chart)
        except NewsroomError as error:
            self.problems.extend(error.problems)
            return []
        return ["", self.md.htmlStash.store(self._figure_html(chart, number)), ""]

    def _chart(self, text: str, first_line: int, number: int) -> RenderedChart:
        block = parse_yaml_mapping(text, self.source, first_line, "chart-yaml")
        if "use" in block.options:
            name = block.text("use")
            named = self.data.named_charts.get(name)
            if named is None:
                raise block.error(
                    "chart-name-unknown",
                    "use",
                    f'no chart is named "{name}". {did_you_mean(name, self.data.named_charts)}',
                    "Define it in content/charts/*.yaml or as a view of a data package.",
                )
            block = block.merged_over(named.options)
        block = chart_in_language(block, self.lang, site_languages(self.data.settings))
        if self.revised_since_pinning:
            resolved = resolve_chart(block, self.catalog)
            newest = resolve_chart(block, self.data.catalog)
            if not newest.rows.equals(resolved.rows):
                self._revise(
                    interface_text("the data in figure %(number)s", number=number),
                    interface_text(
                        "%(count)s rows of release %(version)s",
                        count=len(resolved.rows),
                        version=resolved.package.version,
                    ),
                    interface_text("%(count)s rows, some changed", count=len(newest.rows)),
                    newest.package.name,
                )
        chart_id = SLUG_UNSAFE.sub("-", block.text("id", f"{self.stem}-{number}").lower())
        return drawn_chart(block, chart_id.strip("-"), self.catalog, self.images)

    def _figure_html(self, chart: RenderedChart, number: int) -> str:
        template = self.tools.templates.get_template("newsroom/chart-figure.html")
        siteurl = str(self.data.settings.get("SITEURL", "")).rstrip("/")
        return template.render(
            chart=chart,
            number=number,
            svg_href=link(CHART_LINK_PREFIX, chart.chart_id + ".svg"),
            png_href=link(CHART_LINK_PREFIX, chart.chart_id + ".png"),
            csv_href=link(CHART_LINK_PREFIX, chart.chart_id + ".csv"),
            spec_href=link(CHART_LINK_PREFIX, chart.chart_id + ".vl.json"),
            embed_href=link(EMBED_LINK_PREFIX, chart.chart_id),
            embed_url=f"{siteurl}/{self.urls.embed_url(chart.chart_id)}",
            dataset_href=link(DATASET_LINK_PREFIX, chart.package_name),
            script_src=link("", SCRIPT_LINK),
        ).strip()

    def _inline(self, line: str, number: int, figures: dict[str, ComputedFigure | None]) -> str:
        line = FIGURE_LINK.sub(lambda m: self._figure_link(m, number, figures), line)
        line = DATASET_LINK.sub(lambda m: self._dataset_link(m, number), line)
        return self.review.line(line, number)

    def _figure_link(
        self, match: re.Match[str], number: int, figures: dict[str, ComputedFigure | None]
    ) -> str:
        name, typed = match["name"], match["text"]
        figure = figures.get(name)
        if figure is None:
            if name not in figures:  # a failed definition is reported already
                self.problems.append(
                    NewsroomProblem(
                        "figure-name-unknown",
                        Location(self.source, number),
                        f'no figure is named "{name}" in this article.'
                        f" {did_you_mean(name, figures)}"
                        if figures
                        else f'no figure is named "{name}": this article has no figures block.',
                        "Define it in a ```figures block of the article.",
                    )
                )
            return match.group(0)
        check = typed_check(typed, figure, self.lang)
        key = f"{self.stem}/{name}"
        use = FigureUse(self.source, number, key, typed, figure, check)
        self.additions.use_figure(use, self.lang)
        if check is not None and not check.matches:
            self.problems.append(
                NewsroomProblem(
                    "figure-mismatch",
                    Location(self.source, number),
                    f'the text "{typed}" does not match the data: the computed value is'
                    f' {figure.value:,.4g}, written "{check.expected}" (rule: {check.rule}).'
                    f" Computed as the {figure.definition}.",
                    f'Write "{check.expected}", or correct the definition of figure "{name}".',
                )
            )
        words = typed if typed.strip() else figure.formatted
        href = link(FIGURE_LINK_PREFIX, key)
        anchor = f'<a class="figure" href="{href}">{html.escape(words)}</a>'
        return self.md.htmlStash.store(anchor)

    def _dataset_link(self, match: re.Match[str], number: int) -> str:
        name, kind = match["name"], match["kind"]
        known = self.catalog.packages if kind == "dataset" else self.data.units
        if name in known:
            return link(DATASET_LINK_PREFIX if kind == "dataset" else UNIT_LINK_PREFIX, name)
        what = "data package is named" if kind == "dataset" else "unit has the id"
        self.problems.append(
            NewsroomProblem(
                UNKNOWN_LINK_CODE[kind],
                Location(self.source, number),
                f'no {what} "{name}". {did_you_mean(name, known)}',
                f"Link to {{{kind}}}NAME with a name from data/.",
            )
        )
        return match.group(0)


class NewsroomExtension(Extension):
    """Our syntax for a Markdown; the reader sets the file's fields before each file."""

    def __init__(self, data: SiteData, urls: Urls, tools: BuildTools, images: ChartImages) -> None:
        super().__init__()
        self.data, self.urls, self.tools, self.images = data, urls, tools, images
        self.source = ""  # the file's shown path
        self.render = True  # whether this run publishes it
        self.file_lang = ""
        self.additions: ReadingAdditions  # set for each file

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Priority 29: after whitespace normalisation, before metadata and fences.
        md.preprocessors.register(NewsroomPreprocessor(md, self), "newsroom", 29)
        # Text is text: raw HTML in an article, its summary or a generated article (where
        # data values are filled in) is shown escaped, never as markup.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # Last of the tree's steps, once every link is made (Markdown's inline step is 20).
        md.treeprocessors.register(ScriptAddressRemover(md), "newsroom-script-addresses", -10)
