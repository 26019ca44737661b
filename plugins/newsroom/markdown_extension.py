"""Step 3c: the author's syntax in Markdown.

- A fenced block opened by ```` ```chart ```` holds the chart's options in YAML; it
  becomes a numbered figure with the static SVG, its data table and downloads.
- A link to `{dataset}NAME` points at the dataset page of package NAME.

The preprocessor runs before Markdown's own, so line numbers are the file's lines.
Links are written with Pelican's `{filename}` syntax so that URLs and RELATIVE_URLS
keep working; the plugin's generator registers the targets.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from pelican.readers import MarkdownReader

from .build_state import CHART_LINK_PREFIX, DATASET_LINK_PREFIX, SETTINGS_KEY, NewsroomBuild
from .chart_requests import parse_chart_block, resolve_chart
from .charts import RenderedChart, render_chart
from .errors import Location, NewsroomError, NewsroomProblem, did_you_mean

FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*chart\s*$")
DATASET_LINK = re.compile(r"\{dataset\}(?P<name>[^\s)\"'>]*)")
SLUG_UNSAFE = re.compile(r"[^a-z0-9-]+")


class ChartPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, build: NewsroomBuild, source: str) -> None:
        super().__init__(md)
        self.build = build
        self.source = source

    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        problems: list[NewsroomProblem] = []
        figures = 0
        index = 0
        while index < len(lines):
            opening = FENCE_OPEN.match(lines[index])
            if not opening:
                output.append(self._rewrite_links(lines[index], index + 1, problems))
                index += 1
                continue
            closing = next(
                (j for j in range(index + 1, len(lines)) if lines[j].strip() == opening["fence"]),
                None,
            )
            if closing is None:
                problems.append(
                    NewsroomProblem(
                        "chart-fence-open",
                        Location(self.source, index + 1),
                        "this chart block is never closed.",
                        f"End the block with a line holding only {opening['fence']}.",
                    )
                )
                break
            figures += 1
            try:
                chart = self._chart("\n".join(lines[index + 1 : closing]), index + 2, figures)
                self.build.add_chart(chart)
                output += ["", self.md.htmlStash.store(self._figure_html(chart, figures)), ""]
            except NewsroomError as error:
                problems.extend(error.problems)
            index = closing + 1
        if problems:
            raise NewsroomError(problems)
        return output

    def _chart(self, text: str, first_line: int, number: int) -> RenderedChart:
        block = parse_chart_block(text, self.source, first_line)
        resolved = resolve_chart(block, self.build.catalog)
        default_id = f"{Path(self.source).stem}-{number}"
        chart_id = SLUG_UNSAFE.sub("-", str(block.options.get("id", default_id)).lower()).strip("-")
        return render_chart(resolved, chart_id, self.build.cache)

    def _figure_html(self, chart: RenderedChart, number: int) -> str:
        template = self.build.templates.get_template("newsroom/chart-figure.html")
        return template.render(
            chart=chart,
            number=number,
            svg_href="{filename}/" + CHART_LINK_PREFIX + chart.chart_id + ".svg",
            csv_href="{filename}/" + CHART_LINK_PREFIX + chart.chart_id + ".csv",
            dataset_href="{filename}/" + DATASET_LINK_PREFIX + chart.package_name,
        ).strip()

    def _rewrite_links(self, line: str, number: int, problems: list[NewsroomProblem]) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match["name"]
            if name not in self.build.catalog.packages:
                problems.append(
                    NewsroomProblem(
                        "link-dataset-unknown",
                        Location(self.source, number),
                        f'no data package is named "{name}".'
                        f" {did_you_mean(name, self.build.catalog.packages)}",
                        "Link to {dataset}NAME with the 'name' of a package in data/.",
                    )
                )
                return match.group(0)
            return "{filename}/" + DATASET_LINK_PREFIX + name

        return DATASET_LINK.sub(replace, line)


class NewsroomExtension(Extension):
    def __init__(self, build: NewsroomBuild) -> None:
        super().__init__()
        self.build = build
        self.source = ""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Priority 29: after whitespace normalisation, before metadata and fences.
        md.preprocessors.register(ChartPreprocessor(md, self.build, self.source), "newsroom", 29)


class NewsroomMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with our extension told which file it reads."""

    def __init__(self, settings: dict) -> None:
        self.extension = NewsroomExtension(settings[SETTINGS_KEY])
        markdown_settings = dict(settings["MARKDOWN"])
        markdown_settings["extensions"] = [*markdown_settings.get("extensions", []), self.extension]
        super().__init__({**settings, "MARKDOWN": markdown_settings})

    def read(self, source_path: str) -> tuple[str, dict]:
        build = self.extension.build
        self.extension.source = _display_path(Path(source_path), build.project_root)
        try:
            return super().read(source_path)
        except NewsroomError as error:
            build.problems.extend(error.problems)
            raise
        except Exception as error:  # Pelican would log it without its reason
            build.problems.append(
                NewsroomProblem(
                    "content-unreadable",
                    Location(self.extension.source),
                    f"the file could not be read: {error}.",
                    "Check the file's front matter and Markdown.",
                )
            )
            raise


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
