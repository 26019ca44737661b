"""The figure calculations, registered by name: what `calculation:` in a figure may say.

Each calculation is one module of this package holding a `CALCULATION = Calculation(...)`:
its name, a line for the authors' guide, its default format, whether its field must hold
numbers, and its function. Adding one is that module and its line in
`_register_built_in_calculations`; a site's own plugin may `register()` more.
docs/authors-guide.md lists them from here (`python -m newsroom.figures.calculations`
rewrites the list).
"""

from __future__ import annotations

from newsroom.figures.calculations.registry import (
    CALCULATIONS,
    GUIDE_BLOCK,
    PERIOD_COLUMN,
    Calculation,
    guide_table,
    register,
    registered_calculation,
    unregister,
)

__all__ = [
    "CALCULATIONS",
    "GUIDE_BLOCK",
    "PERIOD_COLUMN",
    "Calculation",
    "guide_table",
    "register",
    "registered_calculation",
    "unregister",
]


def _register_built_in_calculations() -> None:
    from newsroom.figures.calculations import (
        count,
        latest,
        mean,
        percent_change,
        rank,
        total,
        value,
    )

    for module in (value, total, mean, count, percent_change, rank, latest):
        register(module.CALCULATION)


_register_built_in_calculations()
