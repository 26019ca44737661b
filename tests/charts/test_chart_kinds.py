"""Chart kinds: the registry, the guide's list of it, and a kind added by registering it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from newsroom.charts.encodings import ChartDrawing
from newsroom.charts.kinds import (
    CHART_KINDS,
    GUIDE_BLOCK,
    ChartKind,
    guide_table,
    register,
    unregister,
)
from newsroom.charts.requests import OPTIONS, check_options
from newsroom.core.errors import NewsroomError
from newsroom.core.generated_text import generated_block
from newsroom.data.selection import OptionBlock

from ..conftest import REPO, SiteCopy

GUIDE = REPO / "docs" / "authors-guide.md"
COMPLETE = {"package": "p", "x": "x", "y": "y", "title": "t", "alt": "a"}


def block(**options: object) -> OptionBlock:
    return OptionBlock("content/x.md", 9, dict(options), {n: 10 + i for i, n in enumerate(options)})


def test_the_guide_lists_every_registered_kind() -> None:
    listed = generated_block(GUIDE.read_text(encoding="utf-8"), GUIDE_BLOCK)
    assert listed == guide_table(), "run: PYTHONPATH=plugins python -m newsroom.charts.kinds"


def test_the_built_in_kinds_in_their_order() -> None:
    assert list(CHART_KINDS) == [
        "line",
        "column",
        "stacked-column",
        "bar",
        "small-multiples",
        "unit-vs-average",
        "before-after",
        "area",
        "dot",
    ]


@pytest.mark.parametrize("kind", sorted(CHART_KINDS))
def test_each_kind_needs_only_chart_options_and_says_so(kind: str) -> None:
    needs = CHART_KINDS[kind].needs
    assert set(needs) <= set(OPTIONS)
    for missing in needs:
        options = {**COMPLETE, "kind": kind, **{n: "v" for n in needs if n != missing}}
        with pytest.raises(NewsroomError) as raised:
            check_options(block(**options))
        problem = raised.value.problems[0]
        assert problem.code == "chart-option-missing"
        assert f'needs "{missing}"' in problem.message


def test_a_kind_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="registered already"):
        register(CHART_KINDS["line"])


def draw_dots(drawing: ChartDrawing) -> Any:
    figure = (
        drawing.base()
        .mark_point()
        .encode(x=drawing.x_axis(), y=drawing.y_axis(), **drawing.channels())
    )
    return drawing.on_axes(figure)


# A kind of the tests' own: one definition and one registration are all it takes.
DOTS = ChartKind(name="dots", description="a dot for each value", draw=draw_dots, needs=("by",))


@pytest.fixture
def dots_registered() -> Iterator[ChartKind]:
    register(DOTS)
    yield DOTS
    unregister(DOTS.name)


DOTS_ARTICLE = """Title: Dots
Date: 2021-08-01 10:00
Slug: dots

```chart
id: test-dots
package: vru-victims-referred
kind: dots
x: year
y: victims_referred
by: unit_id
filter:
  unit_id: [london, kent]
title: Victims referred in London and Kent
alt: Dots of the victims referred to support services in London and Kent, by year.
```
"""


def test_a_registered_kind_is_drawn_by_a_build(dots_registered: ChartKind, site: SiteCopy) -> None:
    (site.root / "content" / "news" / "dots.md").write_text(DOTS_ARTICLE, encoding="utf-8")
    site.build()
    svg = (site.output / "charts" / "test-dots.svg").read_text(encoding="utf-8")
    groups = re.findall(r'<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
    assert sum(group.count("<path") for group in groups) == 4  # two units, two years
    assert "London" in svg and "Kent" in svg
    embed = site.page("embed/test-dots/")
    assert len(embed.select("table tbody tr")) == 4


def test_a_registered_kind_is_checked_and_listed(dots_registered: ChartKind) -> None:
    with pytest.raises(NewsroomError) as raised:
        check_options(block(**COMPLETE, kind="dots"))
    assert raised.value.problems[0].code == "chart-option-missing"
    with pytest.raises(NewsroomError) as raised:
        check_options(block(**COMPLETE, kind="dotss"))
    assert 'Did you mean "dots"?' in raised.value.problems[0].message
    assert "| `dots` | `by` | a dot for each value |" in guide_table()
