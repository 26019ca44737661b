"""Newsroom: a Pelican plugin that publishes Frictionless data packages with the news.

Pelican calls `register()`; the wiring, and Pelican itself, are imported only then, so
that a step of the build (validation, a chart-drawing worker process) can be imported
on its own without loading Pelican, pandas and Altair. A site's settings import
HOUSE_THEME from here, so this module stays this light.
"""

from pathlib import Path

from newsroom.core import PLUGIN_FOLDER


def _house_theme() -> Path:
    """The wheel carries the theme inside the package; a source checkout keeps it at the
    repository's root, beside plugins/. A path fallback rather than a symlink in
    plugins/newsroom/: a symlink is a text file in a Windows checkout, and every walk of
    the plugin's folder (cache keys, message extraction) would cross the theme twice."""
    installed = PLUGIN_FOLDER / "theme"
    return installed if installed.is_dir() else PLUGIN_FOLDER.parent.parent / "theme"


# The house theme's folder, for a site's settings: `THEME = HOUSE_THEME`. Text, as Pelican
# keeps every path setting.
HOUSE_THEME = str(_house_theme())


def register() -> None:
    from newsroom.site.plugin import register as connect_signals

    connect_signals()
