"""Step 0: what every step uses: errors, settings, the cache, paths, progress, languages."""

from pathlib import Path

# The installed plugin's own folder: its templates, static files and sources.
PLUGIN_FOLDER = Path(__file__).resolve().parents[1]
