"""Site settings for development builds; publishconf.py adds what production needs.

Only what differs from Pelican's and the newsroom plugin's defaults is set here.
"""

import os

AUTHOR = "VRU Newsroom"
SITENAME = "Violence Reduction Units: news and data"
SITESUBTITLE = "News and open data from the Violence Reduction Units of England and Wales"
# Pages link to each other relatively in development builds; feeds, canonical links and
# social cards need the public address, which publishconf.py and NEWSROOM_SITEURL set.
SITEURL = os.environ.get("NEWSROOM_SITEURL", "https://news.example.org")
SITE_ABSOLUTE_URL = SITEURL
RELATIVE_URLS = True
SITE_DESCRIPTION = (
    "Press releases from the Violence Reduction Units of England and Wales, with the data"
    " behind every chart and every number."
)

PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y, %H:%M"
DEFAULT_PAGINATION = 10

ARTICLE_URL = "news/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
ARCHIVES_SAVE_AS = "news/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = True

# The installed `newsroom` package (`make` installs this checkout's, editable); a site
# elsewhere sets `THEME = HOUSE_THEME` (`from newsroom import HOUSE_THEME`) for the theme.
PLUGINS = ["newsroom"]

# Everything from content or data is escaped unless a template marks it safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives"]
TEMPLATE_PAGES = {"404.html": "404.html"}

# Newsroom plugin: data packages live in data/ beside content/; articles name the units
# they are about with `Units: id, id` and data rows refer to them with `unit_id`.
NEWSROOM_DATA_PATH = "data"
NEWSROOM_CACHE_PATH = os.environ.get("NEWSROOM_CACHE", ".cache/newsroom")  # safe to share
NEWSROOM_UNIT_RESOURCE = "units"
NEWSROOM_UNIT_FIELD = "unit_id"
# Open Graph locales for readers in the United Kingdom: en_GB, cy_GB.
NEWSROOM_LOCALE_TERRITORY = "GB"

# Languages: the first is the default (today's URLs); each other one is published under
# /<code>/ with the same structure (docs/bilingual.md). Settings that differ by language:
NEWSROOM_LANGUAGES = ["en", "cy"]
NEWSROOM_LANGUAGE_SETTINGS = {
    "cy": {
        "SITENAME": "Unedau Lleihau Trais: newyddion a data",
        "SITESUBTITLE": "Newyddion a data agored gan Unedau Lleihau Trais Cymru a Lloegr",
        "SITE_DESCRIPTION": (
            "Datganiadau i'r wasg gan Unedau Lleihau Trais Cymru a Lloegr, gyda'r data y tu ôl"
            " i bob siart a phob rhif."
        ),
    },
}
