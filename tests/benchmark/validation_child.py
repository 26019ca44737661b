"""`invoke bench`'s child process for our validation step: `validate PROJECT DATA` times
load_packages with no cache; `findings DESCRIPTOR` prints every error the step finds.
It imports only what the validation step imports, as `newsroom validate` would."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def child_validate(project: Path, data: Path) -> None:
    """load_packages with no cache, importing only the validation step's modules."""
    started = time.perf_counter()
    from newsroom.core.cache import ContentCache
    from newsroom.core.errors import NewsroomError
    from newsroom.data.packages import load_packages

    imported = time.perf_counter()
    try:
        packages, problems = len(load_packages(data, project, ContentCache(None))), 0
    except NewsroomError as error:  # found invalid, as a build would report it
        packages, problems = 0, len(error.problems)
    done = time.perf_counter()
    times = {"imports": imported - started, "validation": done - imported}
    print(json.dumps({**times, "packages": packages, "problems": problems}))


def child_findings(descriptor: Path) -> None:
    """Every error our validation step finds (type, row, field, message), as JSON."""
    import frictionless
    from newsroom.data.validation import validation_report

    errors, tasks = validation_report(descriptor, frictionless.Package(str(descriptor)))
    every = [*errors, *(error for _, _, task_errors in tasks for error in task_errors)]
    rows = [
        [e.type, getattr(e, "row_number", None), getattr(e, "field_name", None), e.message]
        for e in every
    ]
    print(json.dumps(rows))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"validate": child_validate, "findings": child_findings}[command](*map(Path, arguments))
