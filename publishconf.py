"""Production settings: the development settings plus absolute URLs and feeds.

Set NEWSROOM_SITEURL to the address the site is served from.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("NEWSROOM_SITEURL", "https://news.example.gov.uk")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
