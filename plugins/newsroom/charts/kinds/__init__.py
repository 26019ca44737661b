"""The chart kinds, registered by name: what `kind:` in a chart block may say.

Each kind is one module of this package holding a `KIND = ChartKind(...)`: its name, a
line for the authors' guide, the options it needs, its own checks and its drawing.
Adding a kind is that module and its line in `_register_built_in_kinds`; a site's own
plugin may `register()` more. The resolving (requests.py) and the drawing (drawing.py)
ask this registry and never test a kind's name. docs/authors-guide.md lists the kinds
from here (`python -m newsroom.charts.kinds` rewrites the list).
"""

from __future__ import annotations

from newsroom.charts.kinds.registry import (
    CHART_KINDS,
    GUIDE_BLOCK,
    ChartKind,
    chart_kind,
    guide_table,
    register,
    unregister,
)

__all__ = [
    "CHART_KINDS",
    "GUIDE_BLOCK",
    "ChartKind",
    "chart_kind",
    "guide_table",
    "register",
    "unregister",
]


def _register_built_in_kinds() -> None:
    from newsroom.charts.kinds import (
        area,
        bar,
        before_after,
        column,
        dot,
        line,
        small_multiples,
        stacked_column,
        unit_vs_average,
    )

    for module in (
        line,
        column,
        stacked_column,
        bar,
        small_multiples,
        unit_vs_average,
        before_after,
        area,
        dot,
    ):
        register(module.KIND)


_register_built_in_kinds()
