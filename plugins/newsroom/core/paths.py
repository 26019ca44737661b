"""Where a site's parts are, from its settings: the project folder is the one holding the
content folder (`PATH`); data and cache are below it. Light to import: the up-to-date
check uses it before anything heavy is loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsroom.core.cache import ContentCache
from newsroom.core.settings import setting

# Set by site_build for each run: the live folder the run's output is to replace.
LIVE_OUTPUT_SETTING = "NEWSROOM_LIVE_OUTPUT"


def project_root(settings: dict[str, Any]) -> Path:
    return Path(settings["PATH"]).resolve().parent


def data_root(settings: dict[str, Any]) -> Path:
    return project_root(settings) / setting(settings, "NEWSROOM_DATA_PATH")


def project_cache(settings: dict[str, Any]) -> ContentCache:
    """The build's cache (`NEWSROOM_CACHE_PATH`); an empty setting means no cache."""
    folder = setting(settings, "NEWSROOM_CACHE_PATH")
    return ContentCache(project_root(settings) / folder if folder else None)


def live_output(settings: dict[str, Any]) -> Path | None:
    """The live site a run's output will replace (None when it replaces none, as in
    `newsroom figures`): its unchanged files can be linked rather than written again."""
    folder = settings.get(LIVE_OUTPUT_SETTING)
    return Path(folder) if folder else None
