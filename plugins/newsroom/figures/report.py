"""`newsroom figures`: every figure and chart of the site in one table, for an editor.

Each row names the source file and line, what is shown, the value, how it is defined,
the data it came from and whether the words were checked against the data. The prose's
other numbers are rows too: marked as not from data (with the author's note), or
unreviewed.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any, Protocol

from newsroom.figures.uses import FigureUse, NumberUse

COLUMNS = ("source", "kind", "name", "text", "value", "definition", "data", "status")


class RunFigures(Protocol):
    """What one language's run made that the report lists (site.build_state.RunOutcome)."""

    charts: dict[str, Any]
    figure_uses: list[FigureUse]
    number_uses: list[NumberUse]
    revisions: dict[str, list[Any]]


def report_rows(builds: list[RunFigures]) -> list[dict[str, str]]:
    """Every language's figures and charts (one build per language), by source line."""
    rows = [row for build in builds for row in _build_rows(build)]
    return sorted(rows, key=lambda r: (r["source"].split(":")[0], int(r["source"].split(":")[1])))


def _build_rows(build: RunFigures) -> list[dict[str, str]]:
    rows = []
    revised = {
        (revision.source, revision.figure): revision
        for revisions in build.revisions.values()
        for revision in revisions
    }
    for use in build.figure_uses:
        figure = use.figure
        revision = revised.get((use.source, figure.name))
        status = f"REVISED: now {revision.now}" if revision else use.status
        rows.append(
            {
                "source": f"{use.source}:{use.line}",
                "kind": "figure",
                "name": use.key,
                "text": use.typed or figure.formatted,
                "value": figure.formatted,
                "definition": figure.definition,
                "data": _data(figure.package.name, figure.package.descriptor.get("version"),
                              figure.package.data_version),
                "status": status,
            }
        )  # fmt: skip
    for number in build.number_uses:
        rows.append(
            {
                "source": f"{number.source}:{number.line}",
                "kind": "number",
                "name": number.kind,
                "text": number.text,
                "value": "",
                "definition": number.note,
                "data": "",
                "status": number.status,
            }
        )
    for chart in build.charts.values():
        rows.append(
            {
                "source": f"{chart.source}:{chart.line}",
                "kind": "chart",
                "name": chart.chart_id,
                "text": chart.title,
                "value": f"{chart.row_count} rows",
                "definition": ", ".join(chart.columns),
                "data": _data(chart.package_name, chart.package_version, chart.data_version),
                "status": "rendered",
            }
        )
    return rows


def _data(name: str, version: object, data_version: str) -> str:
    return f"{name} {version or ''} ({data_version})".replace("  ", " ")


def render_table(rows: list[dict[str, str]], width: int | None = None) -> str:
    """A plain-text table that fits the terminal; long cells are cut with an ellipsis."""
    width = width or shutil.get_terminal_size((160, 24)).columns
    shown = ("source", "kind", "name", "text", "value", "status")
    limits = {"source": 44, "kind": 6, "name": 44, "text": 30, "value": 22, "status": 28}
    spare = max(0, width - sum(limits.values()) - 2 * len(shown))
    limits["text"] += spare

    def cut(column: str, text: str, limit: int) -> str:
        if len(text) <= limit:
            return text
        # A source keeps its file name and line; other cells keep their start.
        return "…" + text[-limit + 1 :] if column == "source" else text[: limit - 1] + "…"

    sizes = {c: min(limits[c], max([len(c), *(len(r[c]) for r in rows)])) for c in shown}
    lines = ["  ".join(c.upper().ljust(sizes[c]) for c in shown)]
    lines += ["  ".join(cut(c, r[c], sizes[c]).ljust(sizes[c]) for c in shown) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
