"""The plugin's layout: imports go one way, and every module is small enough to read.

Data flow between the sub-packages is core → data → charts → figures → news →
catalogue → site; a package may import itself and the packages before it. rebuilds/
(what only makes builds fast) is plugged in by site/, the wiring: no domain package
imports site/ or rebuilds/. publish/ and starter/ (what `newsroom init` writes) use core/
only; the interfaces at the top (`register()` for Pelican, cli.py, commands.py) may use
every package. The starter site's own files (starter/files/) are a site's, not the
plugin's modules. Only runtime imports count (those inside functions too);
`if TYPE_CHECKING:` imports are for annotations.
"""

from __future__ import annotations

import ast
from pathlib import Path

PLUGIN = Path(__file__).resolve().parents[1] / "plugins" / "newsroom"
PACKAGE_ORDER = ("core", "data", "charts", "figures", "news", "catalogue", "site")
# What each of the other packages may import, besides itself.
ALLOWED_OUTSIDE_ORDER = {
    "rebuilds": set(PACKAGE_ORDER) - {"site"},
    "publish": {"core"},
    "starter": {"core"},
    "": set(PACKAGE_ORDER) | {"rebuilds", "publish", "starter"},  # the interfaces
}
STARTER_SITE = PLUGIN / "starter" / "files"
MAX_LINES = 420


def module_name(path: Path, root: Path) -> str:
    parts = ["newsroom", *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """The newsroom modules a module imports when it runs (in functions too)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: len(module.split(".")) - node.level + is_package]
                base = ".".join([*package, *([base] if base else [])])
            found.add(base)
            # `from newsroom.rebuilds import reading_cache` imports a module
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """{module: the plugin's modules it imports at runtime}."""
    paths = {
        module_name(path, root): path
        for path in sorted(root.rglob("*.py"))
        if not path.is_relative_to(STARTER_SITE)
    }
    graph = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        imported = runtime_imports(tree, module, path.name == "__init__.py")
        graph[module] = {name for name in imported if name in paths and name != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it (the first again at the end), or None."""
    state: dict[str, int] = {}  # 1: on the path being explored, 2: explored
    path: list[str] = []

    def explore(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == 1:
                return [*path[path.index(imported) :], imported]
            if imported not in state:
                cycle = explore(imported)
                if cycle:
                    return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = explore(module)
            if cycle:
                return cycle
    return None


def imports_against_order(graph: dict[str, set[str]], packages: dict[str, str]) -> list[str]:
    """Every import from a package into one later in the flow (or into site/, rebuilds/)."""
    wrong = []
    for module, imported in sorted(graph.items()):
        here = packages[module]
        for target in sorted(imported):
            there = packages[target]
            if there in ("", here):
                continue
            if here in PACKAGE_ORDER and there in PACKAGE_ORDER:
                allowed = PACKAGE_ORDER.index(there) < PACKAGE_ORDER.index(here)
            elif here == "site":
                allowed = True
            else:
                allowed = there in ALLOWED_OUTSIDE_ORDER.get(here, set())
            if not allowed:
                wrong.append(f"{module} imports {target}")
    return wrong


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph(PLUGIN))
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_imports_follow_the_flow() -> None:
    graph = import_graph(PLUGIN)
    packages = {module: _package(module) for module in graph}
    wrong = imports_against_order(graph, packages)
    assert not wrong, "imports against core → … → site (rebuilds/ plugged in):\n" + "\n".join(wrong)


def _package(module: str) -> str:
    """The sub-package of a module of newsroom ('' for newsroom itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PLUGIN / parts[1]).is_dir() else ""


def test_the_checker_finds_a_planted_cycle_and_a_wrong_import(tmp_path: Path) -> None:
    (tmp_path / "core").mkdir()
    (tmp_path / "site").mkdir()
    (tmp_path / "core" / "first.py").write_text(
        "def later():\n    from newsroom.site import second\n"
    )
    (tmp_path / "site" / "second.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..core.first import later\n"
        "if TYPE_CHECKING:\n    from newsroom.site import third\n"
    )
    (tmp_path / "site" / "third.py").write_text("from newsroom.core import first\n")
    graph = import_graph(tmp_path)
    assert graph["newsroom.site.second"] == {"newsroom.core.first"}
    cycle = find_cycle(graph)
    assert cycle == ["newsroom.core.first", "newsroom.site.second", "newsroom.core.first"]
    packages = {module: module.split(".")[1] for module in graph}
    assert imports_against_order(graph, packages) == [
        "newsroom.core.first imports newsroom.site.second"
    ]


def test_no_module_is_too_long() -> None:
    too_long = {
        str(path.relative_to(PLUGIN)): lines
        for path in sorted(PLUGIN.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"
