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

# The data catalogue (catalog.jsonld, DCAT-AP 3; docs/publishing-data.md): the area the
# data cover, as the ONS statistical geography of England and Wales (K04000001), with its
# extent and centre (approximate, longitude latitude in WGS 84); the datasets' theme; what
# kind of body publishes them; whom to ask; and the licence of the catalogue itself.
NEWSROOM_SPATIAL = "http://statistics.data.gov.uk/id/statistical-geography/K04000001"
NEWSROOM_SPATIAL_BBOX = "POLYGON((-6.45 49.86, 1.77 49.86, 1.77 55.82, -6.45 55.82, -6.45 49.86))"
NEWSROOM_SPATIAL_CENTROID = "POINT(-1.78 52.53)"
NEWSROOM_THEMES = ["http://publications.europa.eu/resource/authority/data-theme/JUST"]
NEWSROOM_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/RegionalAuthority"
NEWSROOM_CONTACT = {"name": "VRU Newsroom data team", "email": "data@news.example.org"}
NEWSROOM_CATALOGUE_LICENCE = "https://creativecommons.org/publicdomain/zero/1.0/"
NEWSROOM_AVAILABILITY = (
    "http://publications.europa.eu/resource/authority/planned-availability/AVAILABLE"
)
