"""`newsroom init DIR`: a new site that builds at once, from the files in `files/`.

The files are copied verbatim, as Pelican's quickstart writes a new project: example
content with no real organisation in it (an article with a chart and a checked figure,
a generated-article template, one invented data package), the settings, thin invoke
tasks, a test and a README. Nothing is ever overwritten: the folder must be empty or
missing, and each file is created exclusively.
"""

from __future__ import annotations

from pathlib import Path

from newsroom.core.errors import Location, NewsroomError

STARTER_FILES = Path(__file__).resolve().parent / "files"
# Dot-files are stored without their dot, so that they do not act on this repository
# and every packaging tool ships them; they get it back when written.
DOTTED_NAMES = {"gitignore": ".gitignore"}
SKIPPED_NAMES = {"__pycache__", ".pytest_cache"}


def write_starter_site(target: Path) -> list[Path]:
    """Write the starter site into target (created if missing); return the files written.

    Raises `init-folder-not-empty` if target holds anything, before writing a byte."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewsroomError.single(
            "init-folder-not-empty",
            Location(str(target)),
            "this is not an empty folder; a new site is only written into an empty or new"
            " folder, so that nothing of yours is overwritten.",
            "Give a new folder's name, e.g. `newsroom init my-newsroom`.",
        )
    written = []
    for source in starter_files():
        relative = source.relative_to(STARTER_FILES)
        destination = target / relative.with_name(DOTTED_NAMES.get(source.name, source.name))
        destination.parent.mkdir(parents=True, exist_ok=True)
        with destination.open("xb") as created:  # exclusive: never replaces a file
            created.write(source.read_bytes())
        written.append(destination)
    return written


def starter_files() -> list[Path]:
    """The starter site's files, in a stable order, without caches left by tools."""
    return sorted(
        path
        for path in STARTER_FILES.rglob("*")
        if path.is_file() and not SKIPPED_NAMES.intersection(path.relative_to(STARTER_FILES).parts)
    )
