"""Newsroom: a Pelican plugin that publishes Frictionless data packages with the news.

Pelican calls `register()`; the wiring, and Pelican itself, are imported only then, so
that a step of the build (validation, a chart-drawing worker process) can be imported
on its own without loading Pelican, pandas and Altair.
"""

from pathlib import Path

# The installed plugin's own folder: its templates, static files and sources.
PLUGIN_FOLDER = Path(__file__).resolve().parent
# The house theme: packaged inside the plugin in a wheel, else the repository's theme/.
HOUSE_THEME = (
    PLUGIN_FOLDER / "theme"
    if (PLUGIN_FOLDER / "theme").is_dir()
    else PLUGIN_FOLDER.parents[1] / "theme"
)


def register() -> None:
    from newsroom.site.plugin import register as connect_signals

    connect_signals()
