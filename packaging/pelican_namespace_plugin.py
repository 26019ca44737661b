"""The newsroom plugin under Pelican's plugin namespace, as the pelican-plugins do.

The wheel installs this file as `pelican/plugins/newsroom/__init__.py`, so that Pelican
finds the plugin by itself: a site that leaves PLUGINS unset loads every namespace
plugin, and `PLUGINS = ["newsroom"]` names this one. The plugin is the `newsroom`
package; this only hands Pelican its `register`.
"""

from newsroom import register

__all__ = ["register"]
