"""The catalogue of error codes against the plugin's code, and docs/errors.md against both.

Codes are found by reading the plugin's source with `ast`: every call to something that
takes a code must pass it written out in full (a string, a choice between strings, or a
lookup in a module's table of strings), so that the catalogue, grep and this test all see
the same codes. The few helpers that pass on a code they were given are listed below.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import frictionless
import pytest
from frictionless import errors as frictionless_errors
from newsroom.core.error_codes import CATALOGUE, DECLARED, errors_markdown, frictionless_code
from newsroom.core.error_codes.error_code import STEPS
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem
from newsroom.publish.common import PublishError

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "plugins" / "newsroom"
CATALOGUE_FOLDER = PLUGIN / "core" / "error_codes"

# What takes an error code, by the name it is called by: the code's place among the
# positional arguments (a keyword argument `code` counts too).
CODE_TAKERS = {
    "NewsroomProblem": 0,
    "PublishError": 0,
    "single": 0,  # NewsroomError.single
    "error": 0,  # OptionBlock.error
    "require": 2,  # OptionBlock.require
    "parse_yaml_mapping": 3,
    "_refuse_duplicate_keys": 3,
    "_problem": 0,  # news/new_release.py
}
# The helpers that pass on the code their caller gave them, whose callers are checked
# instead: (module, function) and why the helper exists.
PASS_THROUGH = {
    ("core/errors.py", "single"): "a NewsroomError of one problem",
    ("data/selection.py", "error"): "OptionBlock.error: a problem at an option's line",
    ("data/selection.py", "require"): "OptionBlock.require: a value that is not a choice",
    ("data/selection.py", "parse_yaml_mapping"): "a chart's or a figure's YAML options",
    ("data/selection.py", "_refuse_duplicate_keys"): "the same, for an option given twice",
    ("news/new_release.py", "_problem"): "a problem of `invoke new`, in the named file",
}
# Lookups that name something from outside the plugin by a declared code, and why.
CODE_LOOKUPS = {
    "frictionless_code": "frictionless' own error types: the catalogue's frictionless step"
    " declares each type the build can report (test_frictionless_types_are_declared)",
}
# Declared for code merged separately: checked like any other code once the plugin has it.
RAISED_BY_CODE_MERGED_SEPARATELY = {
    "setting-unknown": "the settings table's check of the NEWSROOM_ settings",
    "setting-invalid": "the same check, for a value of the wrong type",
    "init-folder-not-empty": "`newsroom init`",
}
# frictionless' types that the build never reports: those of checks, pipelines, inquiries,
# catalogues and reports, which it does not run, and base classes never raised themselves.
FRICTIONLESS_TYPES_NOT_REPORTED = {
    "ascii-value", "catalog-error", "cell-error", "check-error", "checklist-error",
    "data-error", "dataset-error", "detector-error", "deviated-cell", "deviated-value",
    "duplicate-row", "file-error", "forbidden-value", "header-error", "inquiry-error",
    "inquiry-task-error", "label-error", "pipeline-error", "report-error",
    "report-task-error", "required-value", "row-constraint", "row-error",
    "sequential-value", "stats-error", "step-error", "table-dimensions", "table-error",
    "truncated-value",
}  # fmt: skip
# The frictionless step's codes that name frictionless' types; the step's other code is ours.
FRICTIONLESS_CODES_LOOKED_UP = {
    c.code for c in CATALOGUE if c.step == "frictionless" and c.code != "frictionless/more-errors"
}
LOGGERS = {"logger", "log", "logging"}  # logger.error(...) takes a message, not a code
CODE_PATTERN = re.compile(r"(frictionless/)?[a-z0-9]+(-[a-z0-9]+)*")


class CodeReading:
    """The codes one module passes to code takers, and the calls whose code is hidden."""

    def __init__(self, source: str, module: str) -> None:
        self.module = module
        self.raised: dict[str, list[str]] = {}
        self.hidden: list[str] = []
        self.pass_through: set[tuple[str, str]] = set()
        self.lookups: set[str] = set()
        tree = ast.parse(source)
        self.tables = _string_tables(tree)
        self._read(tree, None)

    def _read(self, node: ast.AST, function: ast.FunctionDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call):
                self._read_call(child, function)
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else None
            self._read(child, inner or function)

    def _read_call(self, call: ast.Call, function: ast.FunctionDef | None) -> None:
        argument = _code_argument(call)
        if argument is None:
            return
        where = f"{self.module}:{call.lineno}"
        codes = self._written_out(argument)
        if codes is not None:
            for code in codes:
                self.raised.setdefault(code, []).append(where)
        elif self._passed_through(argument, function):
            assert function is not None
            self.pass_through.add((self.module, function.name))
        elif _lookup_name(argument) in CODE_LOOKUPS:
            self.lookups.add(_lookup_name(argument) or "")
        else:
            self.hidden.append(f"{where}: code {ast.unparse(argument)} is not written out")

    def _written_out(self, node: ast.expr) -> list[str] | None:
        """The codes an expression can give, when each is a string in the source."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            body, orelse = self._written_out(node.body), self._written_out(node.orelse)
            return None if body is None or orelse is None else body + orelse
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            return self.tables.get(node.value.id)
        return None

    def _passed_through(self, node: ast.expr, function: ast.FunctionDef | None) -> bool:
        """Whether a listed helper passes on the code it takes, as its own parameter."""
        if function is None or (self.module, function.name) not in PASS_THROUGH:
            return False
        parameters = [a.arg for a in function.args.args if a.arg not in ("self", "cls")]
        position = CODE_TAKERS.get(function.name)
        return (
            isinstance(node, ast.Name)
            and position is not None
            and parameters[position : position + 1] == [node.id]
        )


def _string_tables(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level dicts whose values are all strings, by name: tables of codes."""
    tables = {}
    for statement in tree.body:
        target, value = None, None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign):
            target, value = statement.target, statement.value
        if isinstance(target, ast.Name) and isinstance(value, ast.Dict):
            strings = [v.value for v in value.values if isinstance(v, ast.Constant)]
            if len(strings) == len(value.values) and all(isinstance(s, str) for s in strings):
                tables[target.id] = strings
    return tables


def _code_argument(call: ast.Call) -> ast.expr | None:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in CODE_TAKERS:
        return None
    if isinstance(func, ast.Attribute) and getattr(func.value, "id", None) in LOGGERS:
        return None
    position = CODE_TAKERS[name]
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == "code"), None)


def _lookup_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _plugin_modules() -> list[Path]:
    return [p for p in sorted(PLUGIN.rglob("*.py")) if CATALOGUE_FOLDER not in p.parents]


@pytest.fixture(scope="module")
def readings() -> list[CodeReading]:
    return [
        CodeReading(path.read_text(encoding="utf-8"), path.relative_to(PLUGIN).as_posix())
        for path in _plugin_modules()
    ]


def _raised(readings: list[CodeReading]) -> dict[str, list[str]]:
    raised: dict[str, list[str]] = {}
    for reading in readings:
        for code, places in reading.raised.items():
            raised.setdefault(code, []).extend(places)
    return raised


def test_docs_errors_md_is_generated_from_the_catalogue() -> None:
    written = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert written == errors_markdown(), (
        "Regenerate: PYTHONPATH=plugins python -m newsroom.core.error_codes > docs/errors.md"
    )


def test_every_code_is_written_out(readings: list[CodeReading]) -> None:
    hidden = [line for reading in readings for line in reading.hidden]
    assert hidden == [], "\n".join(hidden)


def test_every_raised_code_is_declared(readings: list[CodeReading]) -> None:
    undeclared = {c: p for c, p in _raised(readings).items() if c not in DECLARED}
    assert undeclared == {}, "declare these in newsroom.core.error_codes"


def test_every_declared_code_is_raised(readings: list[CodeReading]) -> None:
    raised = _raised(readings)
    sources = "\n".join(p.read_text(encoding="utf-8") for p in _plugin_modules())
    unraised = []
    for code in DECLARED:
        if code in raised or code in FRICTIONLESS_CODES_LOOKED_UP:
            continue
        pending = code in RAISED_BY_CODE_MERGED_SEPARATELY and f'"{code}"' not in sources
        if not pending:
            unraised.append(code)
    assert unraised == [], (
        "nothing raises these codes, or something raises them through a helper that"
        " CODE_TAKERS does not list"
    )


def test_frictionless_types_are_declared() -> None:
    types = {
        error.type
        for _, error in inspect.getmembers(frictionless_errors, inspect.isclass)
        if issubclass(error, frictionless.Error)
    }
    declared = {code.removeprefix("frictionless/") for code in FRICTIONLESS_CODES_LOOKED_UP}
    assert types >= FRICTIONLESS_TYPES_NOT_REPORTED, "a type frictionless no longer has"
    assert declared == types - FRICTIONLESS_TYPES_NOT_REPORTED
    assert frictionless_code("type-error") == "frictionless/type-error"
    assert frictionless_code("a-type-of-a-later-frictionless") == "frictionless/error"


def test_allowances_are_all_used(readings: list[CodeReading]) -> None:
    assert set().union(*(r.pass_through for r in readings)) == set(PASS_THROUGH)
    assert set().union(*(r.lookups for r in readings)) == set(CODE_LOOKUPS)
    assert set(RAISED_BY_CODE_MERGED_SEPARATELY) <= set(DECLARED)


def test_catalogue_is_greppable_and_covers_each_step() -> None:
    assert len(DECLARED) == len(CATALOGUE), "a code declared twice"
    assert [c.code for c in CATALOGUE if not CODE_PATTERN.fullmatch(c.code)] == []
    assert {c.step for c in CATALOGUE} == set(STEPS)
    assert all(c.title and c.what_to_do.endswith((".", ")")) for c in CATALOGUE)


def test_reading_finds_a_planted_undeclared_code_and_hidden_codes() -> None:
    source = """
SEVERITY_CODE = {"low": "pelican-warning", "high": "planted-table-code"}

def check(kind, block):
    block.require(kind, KINDS, "chart-kind-unknown", "kind", "unknown kind.")
    raise NewsroomError.single("planted-undeclared-code", Location("x.md"), "m")

def more(kind, severity, code):
    logger.error("a message, not a code")
    yield NewsroomProblem("chart-alt-missing" if kind else "chart-yaml", where, "m")
    yield NewsroomProblem(SEVERITY_CODE[severity], where, "m")
    yield NewsroomProblem(f"chart-{kind}-unknown", where, "m")
    yield NewsroomProblem(code, where, "m")
"""
    reading = CodeReading(source, "planted.py")
    assert sorted(reading.raised) == [
        "chart-alt-missing", "chart-kind-unknown", "chart-yaml",
        "pelican-warning", "planted-table-code", "planted-undeclared-code",
    ]  # fmt: skip
    assert {c for c in reading.raised if c not in DECLARED} == {
        "planted-table-code",
        "planted-undeclared-code",
    }
    assert reading.hidden == [
        "planted.py:12: code f'chart-{kind}-unknown' is not written out",
        "planted.py:13: code code is not written out",
    ]


def test_an_undeclared_code_cannot_reach_a_publisher() -> None:
    with pytest.raises(ValueError, match="not declared"):
        NewsroomProblem("no-such-code", Location("x.md", 1), "message")
    with pytest.raises(ValueError, match="not declared"):
        NewsroomError.single("no-such-code", Location("x.md", 1), "message")
    with pytest.raises(ValueError, match="not declared"):
        PublishError("no-such-code", "output/", "message")
    assert NewsroomProblem("figure-mismatch", Location("x.md", 1), "m").code == "figure-mismatch"
