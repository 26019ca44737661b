"""Production settings: the development settings with absolute links, and strict.

Set NEWSROOM_SITEURL to the address the site is served from.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

RELATIVE_URLS = False
# Unreviewed numbers and packages without a status stop this build (docs/settings.md).
NEWSROOM_PRODUCTION = True
