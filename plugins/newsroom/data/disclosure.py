"""Step 1c: disclosure control, read from the schema and checked on the published CSV.

A field may declare `"newsroom:disclosure": {"suppress-below": 8, "symbol": "[c]"}`:
counts from 1 to 7 must not be published, and the published CSV holds the symbol in
their place (0 too with `"suppress-zero": true`). The symbols are the Government
Statistical Service's shorthand; a package declares those it uses as `missingValues`,
so frictionless reads them as missing and the build knows what each one means.

The package's CSV is the file readers download, so a CSV holding a value its own rule
suppresses is refused here, with the row and field, before anything is written. Every
later step (charts, figures, generated articles, downloads) then sees a suppressed cell
as missing, and asks `suppressed_cells` where one lies so that nothing computed from the
rows around it (a total, an average, a rank, a change) can give it away.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from newsroom.core.cache import ContentCache, cache_key
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem
from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module

if TYPE_CHECKING:  # tables.py, which packages.py's types reach, imports this module
    from newsroom.data.packages import TabularResource, ValidatedPackage

pd = lazy_module("pandas")

RULE_KEY = "newsroom:disclosure"
DEFAULT_SYMBOL = "[c]"
# The GSS symbols a cell may hold instead of a value, with their meaning (msgids).
GSS_SYMBOLS = {
    "[c]": "confidential",
    "[x]": "not available",
    "[z]": "not applicable",
    "[low]": "low: rounds to zero, but is not zero",
}
# A cell holding this was withheld, with or without a rule: nothing may rest on it.
CONFIDENTIAL = "[c]"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PROBLEMS_SHOWN = 20  # of one resource's unsuppressed values; the rest are counted
NAMESPACE = "disclosure"  # the cache's folder of releases found clean


@dataclass(frozen=True)
class DisclosureRule:
    """What a field may not publish: values from 1 to `below - 1` (and 0 if `zero`)."""

    field: str
    below: float
    symbol: str
    zero: bool = False

    def words(self) -> str:
        """The rule as the data dictionary and error messages state it."""
        shown = f"{self.below - 1:g}" if float(self.below).is_integer() else f"< {self.below:g}"
        first = "0" if self.zero else "1"
        return interface_text(
            "values from %(first)s to %(last)s are suppressed as %(symbol)s",
            first=first,
            last=shown,
            symbol=self.symbol,
        )

    def breaks(self, values: pd.Series) -> pd.Series:
        """Which values the rule forbids (missing values never do)."""
        low = (values >= 0) if self.zero else (values > 0)
        return (low & (values < self.below)).fillna(False).astype(bool)


def symbol_meaning(symbol: str) -> str:
    """A symbol's meaning in the run's language, or '' for one that is not the GSS's."""
    meaning = GSS_SYMBOLS.get(symbol)
    return interface_text(meaning) if meaning else ""


def missing_values(resource: TabularResource) -> list[str]:
    return list(resource.schema.get("missingValues", [""]))


def symbols_used(resource: TabularResource) -> list[str]:
    """The GSS symbols the resource declares as missing values, in declared order."""
    return [m for m in missing_values(resource) if m in GSS_SYMBOLS]


def disclosure_rules(resource: TabularResource, shown: str) -> list[DisclosureRule]:
    """Each field's rule, checked; a located problem for a rule that cannot hold."""
    rules = []
    for spec in resource.schema["fields"]:
        if RULE_KEY not in spec:
            continue
        where = Location(shown, package=resource.package, resource=resource.name,
                         field=spec["name"])  # fmt: skip
        rules.append(_rule(spec, spec[RULE_KEY], missing_values(resource), where))
    return rules


def _rule(
    spec: dict[str, Any], rule: object, missing: list[str], where: Location
) -> DisclosureRule:
    def refuse(message: str, hint: str) -> NewsroomError:
        return NewsroomError.single("disclosure-rule-invalid", where, message, hint)

    if spec.get("type") not in ("integer", "number"):
        raise refuse(
            f'the field "{spec["name"]}" holds {spec.get("type", "string")} values; a'
            " disclosure rule suppresses counts.",
            "Move the rule to an integer or number field, or remove it.",
        )
    below = rule.get("suppress-below") if isinstance(rule, dict) else None
    unknown = sorted(set(rule) - {"suppress-below", "symbol", "suppress-zero"}) if below else []
    if isinstance(below, bool) or not isinstance(below, int | float) or below <= 0 or unknown:
        raise refuse(
            f"{RULE_KEY} must be an object with a positive 'suppress-below', and may give"
            f" 'symbol' and 'suppress-zero'; it is {rule!r}.",
            f'Write e.g. "{RULE_KEY}": {{"suppress-below": 8, "symbol": "[c]"}}.',
        )
    symbol = rule.get("symbol", DEFAULT_SYMBOL)
    zero = rule.get("suppress-zero", False)
    if not isinstance(symbol, str) or not symbol.strip() or symbol.startswith(FORMULA_START):
        # the symbol is written into chart CSVs' number columns, where a spreadsheet
        # would run one starting with = + - @ as a formula
        raise refuse(
            f"the rule's symbol {symbol!r} must be text that does not start with = + - @ or a tab.",
            'Use a GSS symbol: "[c]" for a value withheld as confidential.',
        )
    if symbol not in missing:
        raise refuse(
            f"the rule's symbol {symbol!r} is not one of the schema's missingValues"
            f" {missing!r}, so the published CSV could not hold it.",
            f'Add "{symbol}" to the schema\'s "missingValues" (with "" if cells may be'
            " empty), and write it in the CSV in place of each suppressed value.",
        )
    if not isinstance(zero, bool):
        raise refuse(
            f"'suppress-zero' must be true or false; it is {zero!r}.",
            'Write "suppress-zero": true to suppress zeros too, or leave it out.',
        )
    return DisclosureRule(spec["name"], float(below), symbol, zero)


def check_disclosure(packages: list[ValidatedPackage], cache: ContentCache | None = None) -> None:
    """The build's check of every release of every package (current and archived): a
    published CSV holding a value its own rule suppresses stops it. `newsroom validate`
    does not run it: its verdict is frictionless' alone. A release found clean is not
    read again while its data version (its files' and descriptor's hash) is the same:
    every language's run, and every later build, would read its CSVs again."""
    cache = cache or ContentCache(None)
    problems: list[NewsroomProblem] = []
    for package in packages:
        for release in (package, *package.archive):
            verdict = cache_key("disclosure", data=release.data_version)
            if cache.get(NAMESPACE, verdict) is not None:
                continue
            shown = f"{release.display_path}/datapackage.json"
            found = []
            for resource in release.resources:
                try:
                    check_published(resource, shown)
                except NewsroomError as error:
                    found.extend(error.problems)
            if not found:
                cache.put(NAMESPACE, verdict, b"clean")
            problems += found
    if problems:
        raise NewsroomError(problems)


def check_published(resource: TabularResource, shown: str) -> None:
    """Refuse a published CSV holding a value its own rules suppress: row and field."""
    rules = disclosure_rules(resource, shown)
    if not rules:
        return
    missing = missing_values(resource)
    # Read as numbers by the CSV parser: five times faster than converting text after.
    values = pd.read_csv(
        resource.path,
        dtype=dict.fromkeys((r.field for r in rules), "float64"),
        na_values=missing,
        keep_default_na=False,
        encoding=resource.encoding,
        usecols=[r.field for r in rules],
    )
    published = (PurePosixPath(shown).parent / resource.relative_path).as_posix()
    problems = []
    for rule in rules:
        column = values[rule.field]
        for index in column.index[rule.breaks(column)]:
            # frictionless counts the header as row 1
            row = int(index) + 2
            problems.append(
                NewsroomProblem(
                    "disclosure-unsuppressed-value",
                    Location(
                        published,
                        package=resource.package,
                        resource=resource.name,
                        row=row,
                        field=rule.field,
                    ),
                    f"the published CSV holds {column[index]:g}, but the field's"
                    f" rule says {rule.words()}.",
                    f'Write "{rule.symbol}" in that cell of {resource.relative_path}: this'
                    " file is what readers download.",
                )
            )
    if len(problems) > PROBLEMS_SHOWN:
        extra = len(problems) - PROBLEMS_SHOWN
        problems = problems[:PROBLEMS_SHOWN]
        last = problems[-1]
        problems[-1] = NewsroomProblem(
            "disclosure-unsuppressed-value",
            last.location,
            f"{last.message} ({extra} more cells like it.)",
            last.hint,
        )
    if problems:
        raise NewsroomError(problems)


def cell_symbols(raw: pd.DataFrame, resource: TabularResource) -> pd.DataFrame:
    """The GSS symbol each cell holds, or missing; one column per field that may hold one."""
    symbols = symbols_used(resource)
    columns = {}
    if symbols:
        for spec in resource.schema["fields"]:
            column = raw[spec["name"]]
            if spec.get("type") in ("integer", "number", "year") and column.isin(symbols).any():
                columns[spec["name"]] = column.where(column.isin(symbols)).astype("string")
    return pd.DataFrame(columns, index=raw.index)


def withheld_symbol(resource: TabularResource, field: str) -> str:
    """The symbol the field writes for a withheld value: its rule's, or [c]."""
    rule = resource.field(field).get(RULE_KEY)
    return str(rule.get("symbol", DEFAULT_SYMBOL)) if isinstance(rule, dict) else CONFIDENTIAL


def withheld_symbols(resource: TabularResource, field: str) -> set[str]:
    """The symbols that mark a withheld cell of the field: [c] and its rule's."""
    return {CONFIDENTIAL, withheld_symbol(resource, field)}


def withheld(
    symbols: pd.DataFrame, resource: TabularResource, rows: pd.Index, field: str
) -> pd.Series:
    """Which of `rows` (row labels of the loaded table) have `field` withheld."""
    if field not in symbols.columns:
        return pd.Series(False, index=rows)
    marked = symbols[field].reindex(rows).isin(withheld_symbols(resource, field))
    return marked.fillna(False).astype(bool)


def rule_words(resource: TabularResource, field: str) -> str:
    """Why a field's cell is withheld: its rule, or the symbol the package wrote."""
    spec = resource.field(field)
    if RULE_KEY in spec:
        return _rule(spec, spec[RULE_KEY], missing_values(resource), Location("")).words()
    return interface_text("the package marks it %(symbol)s (%(meaning)s)",
                          symbol=CONFIDENTIAL, meaning=symbol_meaning(CONFIDENTIAL))  # fmt: skip
