"""The installable distribution: what the wheel holds, what it declares, and one newsroom's
first steps with it, from `pip install` to a built site, far from this repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import newsroom
import pytest

from .conftest import REPO


def test_the_wheel_depends_on_what_requirements_in_pins() -> None:
    """pyproject's dependencies are requirements.in's pins, version for version."""
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = (REPO / "requirements.in").read_text().splitlines()
    pinned = {line.split("==")[0]: line for line in lines if "==" in line}
    assert declared
    for dependency in declared:
        assert pinned.get(dependency.split("==")[0]) == dependency


def test_in_a_checkout_the_house_theme_is_the_repository_theme() -> None:
    assert Path(newsroom.HOUSE_THEME) == REPO / "theme"


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.mark.package
def test_a_new_newsroom_installs_the_wheel_and_builds_a_starter_site(tmp_path: Path) -> None:
    """A fresh venv with the lock (hash-checked) and the wheel; then, in an empty folder
    with no PYTHONPATH, `newsroom init`, `build` and `validate`. About 110 s here with pip's
    cache warm, most of it installing the lock."""
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], tmp_path)
    pip = [venv / "bin/python", "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "install", "--quiet", "--require-hashes", "--no-deps", "-r", "requirements.lock"],
        REPO)  # fmt: skip
    # Built by the new venv's pip: the lock brought hatchling, the build backend.
    wheels = tmp_path / "wheels"
    run([*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", wheels, REPO], REPO)
    (wheel,) = wheels.glob("newsroom-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "newsroom/theme/templates/base.html" in names
    assert "newsroom/theme/static/css/site.css" in names
    assert "newsroom/static/vendor/vega/vega.min.js" in names
    assert "newsroom/templates/dataset.html" in names
    assert "pelican/plugins/newsroom/__init__.py" in names
    assert not [name for name in names if name.startswith("tests/") or "__pycache__" in name]
    run([*pip, "install", "--quiet", "--no-deps", wheel], tmp_path)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NEWSROOM_"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    # Pelican finds the plugin by itself (the shim under its plugin namespace), and the
    # house theme is the installed copy.
    found, theme = run([venv / "bin/python", "-c", INSTALLED_CHECK], tmp_path, env).splitlines()
    assert found.split() == ["pelican.plugins.newsroom", "True"]
    assert Path(theme).is_relative_to(venv) and (Path(theme) / "templates/base.html").is_file()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    newsroom_command = venv / "bin/newsroom"
    run([newsroom_command, "init", "site"], elsewhere, env)
    site = elsewhere / "site"
    built = run([newsroom_command, "build"], site, env)
    assert "Built output/" in built
    validated = run([newsroom_command, "validate"], site, env)
    assert re.search(r"^valid  data/\S+", validated, re.MULTILINE)

    output = site / "output"
    assert [*output.glob("charts/*.svg")] or [*output.glob("charts/*.png")], "a chart image"
    assert [page for page in output.glob("data/*/index.html")], "a dataset page"
    assert [*output.glob("data/*/latest/*.csv")], "a CSV download"
    assert [*output.glob("data/*/latest/*.xlsx")], "a spreadsheet download"
    assert "<feed" in (output / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert not (site / "plugins").exists(), "the plugin comes from the wheel"


INSTALLED_CHECK = """
import newsroom
from pelican.plugins._utils import get_namespace_plugins
plugins = get_namespace_plugins()
print(*plugins, plugins["pelican.plugins.newsroom"].register is newsroom.register)
print(newsroom.HOUSE_THEME)
"""
