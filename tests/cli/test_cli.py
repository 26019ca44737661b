"""The `newsroom` command: every command explains itself; validate and build work on a
copy of the project's site and stop on a planted error with its place, not a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from newsroom.cli import main

from ..conftest import REPO, SiteCopy
from ..test_bad_input import ADMISSIONS, ARTICLE, edit, line_of

COMMANDS = {"init", "build", "serve", "validate", "figures", "pin", "new", "translations"}
COMMANDS |= {"publish"}


def test_the_command_has_every_site_task() -> None:
    assert set(main.commands) == COMMANDS


@pytest.mark.parametrize("command", ["", *sorted(COMMANDS)])
def test_every_command_explains_itself(command: str) -> None:
    result = CliRunner().invoke(main, [*filter(None, [command]), "--help"], prog_name="newsroom")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: newsroom {command}".rstrip())
    assert len(result.output.splitlines()) > 4


def test_outside_a_site_the_command_says_where_to_run_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert "There is no pelicanconf.py here" in result.stderr
    assert "newsroom init DIR" in result.stderr


def test_validate_lists_the_packages_and_stops_on_a_bad_value(
    site: SiteCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site.root)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert f"valid  {ADMISSIONS}  (units, admissions)" in result.stdout
    csv = f"{ADMISSIONS}/admissions.csv"
    edit(site, csv, "greater-manchester,2018-05,28", "greater-manchester,2018-05,twelve")
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert "error[frictionless/type-error]" in result.stderr
    assert f"{csv}, package 'vru-sharp-object-admissions'" in result.stderr
    assert f"row {line_of(site, csv, 'twelve')}" in result.stderr
    assert isinstance(result.exception, SystemExit), "no traceback"


def test_validate_reads_the_data_folder_from_the_settings(
    site: SiteCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site.root / "data").rename(site.root / "packages")
    settings = site.root / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\nNEWSROOM_DATA_PATH = "packages"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(site.root)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "valid  packages/vru-sharp-object-admissions  (units, admissions)" in result.stdout


def run_newsroom(site: SiteCopy, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in the site's folder (the build's own process
    prints to the terminal, which CliRunner does not capture)."""
    return subprocess.run(
        [sys.executable, "-m", "newsroom", *arguments],
        cwd=site.root,
        env={**os.environ, "PYTHONPATH": str(REPO / "plugins")},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_build_builds_the_site_and_stops_on_a_planted_error(site: SiteCopy) -> None:
    built = run_newsroom(site, "build")
    assert built.returncode == 0, built.stderr
    assert "Built output/" in built.stdout
    assert (site.output / "index.html").is_file()
    before = site.tree_digest()
    edit(site, ARTICLE, "y: admissions", "y: admisions")
    failed = run_newsroom(site, "build")
    assert failed.returncode == 1
    assert f"error[chart-field-unknown] {ARTICLE}:" in failed.stderr
    assert "Traceback" not in failed.stderr + failed.stdout
    assert site.tree_digest() == before


def test_getting_started_lists_every_command_and_no_other() -> None:
    text = (REPO / "docs/getting-started.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| `newsroom (\w+)", text, re.MULTILINE)) == COMMANDS


def test_init_writes_a_site_and_never_into_a_folder_with_something_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", "mysite"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mysite/pelicanconf.py").is_file()
    assert "cd mysite" in result.stdout
    again = CliRunner().invoke(main, ["init", "mysite"])
    assert again.exit_code == 1
    assert again.stderr.startswith("error[init-folder-not-empty] mysite")
    assert "Build stopped" not in again.stderr
