"""The benchmark's baseline site must build with plain Pelican, cold and from its cache:
a theme that needs the plugin would otherwise break `invoke bench`, not the tests. Steps
compared with each other must take turns, or a slow spell of the machine moves a ratio."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from .benchmark.run import (
    ARTICLES,
    CHARTED,
    EDITED_PACKAGE,
    OTHER_STEP,
    PACKAGES,
    Measure,
    Sample,
    build_shortfall,
    charts_using,
    make_sites,
    run,
    settle,
    shape_shortfall,
    side_by_side,
    steps_tables,
)


def test_plain_pelican_builds_the_benchmark_site_cold_and_cached(tmp_path: Path) -> None:
    _, plain = make_sites(tmp_path, 1)
    command = [sys.executable, "-m", "pelican", "content", "-s", "plainconf.py", "-o", "output"]
    for which in ("cold", "cached"):
        done = subprocess.run(command, cwd=plain, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{which}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
        assert len(list((plain / "output/news").glob("*/*/*/index.html"))) == ARTICLES
    assert (plain / "pelican-cache").is_dir()


def test_compared_steps_take_turns_each_after_its_own_preparation() -> None:
    calls: list[str] = []

    def step(name: str) -> tuple:
        def measured() -> Sample:
            calls.append(name)
            return Sample(float(len(calls)), None, "")

        return measured, lambda index: calls.append(f"edit {index}")

    measures = side_by_side(3, {"ours": step("ours"), "baseline": (step("baseline")[0], None)})
    turn = ["edit {}", "ours", "baseline"]
    assert calls == [part.format(i) for i in range(3) for part in turn]
    assert [s.seconds for s in measures["ours"].samples] == [2.0, 5.0, 8.0]
    assert measures["baseline"].seconds == 6.0  # the median of 3, 6 and 9


def test_a_step_starts_once_the_removal_the_step_before_left_running_is_done(
    tmp_path: Path,
) -> None:
    bin_folder = tmp_path / "discarded"
    (bin_folder / "retired-output/news").mkdir(parents=True)
    started = time.monotonic()
    subprocess.Popen(["sh", "-c", f"sleep 0.5; rm -rf '{bin_folder}'/*"])
    settle([bin_folder, tmp_path / "no-such-bin"])
    assert time.monotonic() - started >= 0.5
    assert not any(bin_folder.iterdir())


def test_peak_memory_is_the_sum_over_the_process_and_its_children(tmp_path: Path) -> None:
    """A parent and its child each hold 150 MB at once: time -v would say 150 MB."""
    hold = "b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1.5)"
    child = f"import time; {hold}"
    parent = (
        f"import subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', {child!r}]);"
        f" {hold}; p.wait()"
    )
    sample = run([sys.executable, "-c", parent], tmp_path)
    assert sample.peak_mb is not None and sample.peak_mb > 280, sample.peak_mb


def test_the_peak_says_which_processes_held_the_memory(tmp_path: Path) -> None:
    """A build and the copy of it forked to render pages, 150 MB each at the peak."""
    hold = "b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1.5)"
    forking = f"import os, time; child = os.fork(); {hold}; child and os.waitpid(child, 0)"
    sample = run([sys.executable, "-c", forking, "newsroom.site.build"], tmp_path)
    parts = sample.peak_parts
    assert parts["the build"] > 140 and parts["forked page renderer"] > 140, parts
    assert Measure([sample]).peak_parts == parts


def test_the_charts_using_a_package_are_found_in_every_language(tmp_path: Path) -> None:
    site, _ = make_sites(tmp_path, 1)
    using = charts_using(site, EDITED_PACKAGE)
    charted = ARTICLES // (ARTICLES // CHARTED)
    assert len(set(using)) == charted // PACKAGES  # one package in ten
    assert len(using) > len(set(using))  # the Welsh translations draw them too


def shape(cli: float, ours: float, startup: float, cli_rows: int, same: bool = True) -> dict:
    def measure(seconds: float) -> Measure:
        return Measure([Sample(seconds, None, "")])

    return {
        "frictionless-cli": measure(cli),
        "ours-validate": measure(ours),
        "ours-startup": measure(startup),
        "same": same,
        "rows": 1_000_000,
        "cli-rows": cli_rows,
    }


def test_a_shape_under_the_target_says_why_and_by_how_much() -> None:
    assert shape_shortfall(shape(20.0, 0.9, 0.6, 1_000_000)) == ""
    stopped = shape_shortfall(shape(2.0, 0.8, 0.7, 57_451))
    assert stopped.startswith("0.70 s over the 20x budget of 0.10 s")
    assert "error limit after 57,451 of 1,000,000 rows" in stopped
    assert "start-up alone" in stopped and "0.70 s" in stopped
    slow = shape_shortfall(shape(20.0, 1.6, 0.6, 1_000_000))
    assert "the rows 1.00 s where 0.40 s would do" in slow and "error limit" not in slow
    assert shape_shortfall(shape(20.0, 0.5, 0.4, 1_000_000, same=False)) == "the findings differ"


def test_a_build_over_its_limit_says_where_its_time_went() -> None:
    """By the build's own record (`--record`): each language's run, the search index and
    the rest of the process, medians of each step."""
    steps = {"en set-up": 0.1, "en reading": 0.5, "en writing": 0.9, "cy set-up": 0.05}
    steps |= {"cy reading": 0.4, "cy writing": 0.5, "search index": 0.9}
    slower = {**steps, "en writing": 1.1}
    measure = Measure([Sample(4.0, None, "", steps=steps), Sample(4.2, None, "", steps=slower)])
    assert measure.steps["en writing"] == pytest.approx(1.0)
    assert measure.steps[OTHER_STEP] == pytest.approx(4.1 - 3.45)
    why = build_shortfall(measure, 2.5)
    assert why.startswith(
        "1.60 s over; by the build's record: en run 1.60 s (set-up 0.10 s, reading 0.50 s,"
        " writing 1.00 s); cy run 0.95 s (set-up 0.05 s, reading 0.40 s, writing 0.50 s);"
        " search index 0.90 s; start-up, up-to-date check and exit 0.65 s; 2 Pelican runs"
    ), why
    assert build_shortfall(Measure([Sample(3.0, None, "")]), 2.5).endswith("recorded no steps")
    table = steps_tables({4: {"ours-forced": measure, "ours-edit": Measure([Sample(1, None, "")])}})
    assert table[:4] == [
        "Scale 4:",
        "",
        "| step | forced | one article edited |",
        "| --- | --- | --- |",
    ]
    assert "| en writing | 1.00 s | n/a |" in table
