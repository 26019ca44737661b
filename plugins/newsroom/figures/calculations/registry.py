"""The registry itself: what calculations there are, by name. Apart from the package
so that each built-in module can import what it registers without a cycle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    import pandas as pd

    from newsroom.data.packages import TabularResource
    from newsroom.data.selection import OptionBlock

    # calculate(block, resource, field, selected rows, the field's title in lower case):
    # the value, the definition in words and the rows it used.
    Calculate = Callable[
        [OptionBlock, TabularResource, str, pd.DataFrame, str],
        tuple[float | datetime, str, pd.DataFrame],
    ]

GUIDE_BLOCK = "figure-calculations"
PERIOD_COLUMN = "period"  # added to the rows a calculation used: the period each is in


@dataclass(frozen=True)
class Calculation:
    """A way of computing a figure from the rows its block selects."""

    name: str
    description: str  # one line for the authors' guide: what it computes
    default_format: str  # one of figures.formats.FORMATS
    calculate: Calculate
    needs_numbers: bool = True  # False where the field may hold text or dates


CALCULATIONS: dict[str, Calculation] = {}


def register(calculation: Calculation) -> None:
    """Make `calculation:` NAME compute this; a name may be registered once."""
    if calculation.name in CALCULATIONS:
        raise ValueError(f'the calculation "{calculation.name}" is registered already')
    CALCULATIONS[calculation.name] = calculation


def unregister(name: str) -> None:
    """Forget a calculation (a test's, or one a site replaces with its own)."""
    del CALCULATIONS[name]


def registered_calculation(name: str) -> Calculation:
    """The registered calculation of that name (a checked block's is one)."""
    return CALCULATIONS[name]


def guide_table() -> str:
    """The calculations as the authors' guide lists them, in order of registration."""
    lines = ["| calculation | format by default | what it computes |", "| --- | --- | --- |"]
    for known in CALCULATIONS.values():
        lines.append(f"| `{known.name}` | `{known.default_format}` | {known.description} |")
    return "\n".join(lines) + "\n"
