"""Site settings for development builds; publishconf.py adds what production needs.

Only what differs from Pelican's and the newsroom plugin's defaults is set here.
"""

import os

from newsroom import HOUSE_THEME

AUTHOR = "Newsroom"
SITENAME = "Newsroom starter site"
SITESUBTITLE = "News and the data behind it (example content: replace it with yours)"
# Pages link to each other relatively in development builds; feeds, canonical links and
# social cards need the public address, which publishconf.py and NEWSROOM_SITEURL set.
SITEURL = os.environ.get("NEWSROOM_SITEURL", "https://news.example.org")
SITE_ABSOLUTE_URL = SITEURL
RELATIVE_URLS = True
SITE_DESCRIPTION = "News with the data behind every chart and every number."

PATH = "content"
THEME = str(HOUSE_THEME)  # the newsroom's house theme, installed with the plugin
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
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

PLUGINS = ["newsroom"]

# Everything from content or data is escaped unless a template marks it safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives"]
TEMPLATE_PAGES = {"404.html": "404.html"}

# Newsroom plugin: data packages live in data/ beside content/. The areas the site
# reports on are the rows of each package's `areas` table; data rows name theirs in
# `area_id`, and articles with `Units: id, id` in their front matter.
NEWSROOM_DATA_PATH = "data"
NEWSROOM_CACHE_PATH = os.environ.get("NEWSROOM_CACHE", ".cache/newsroom")  # safe to share
NEWSROOM_UNIT_RESOURCE = "areas"
NEWSROOM_UNIT_FIELD = "area_id"
NEWSROOM_LANGUAGES = ["en"]

# The data catalogue (catalog.jsonld, DCAT-AP 3): fill these in for your datasets and
# uncomment them; each one left out is a recommended property the catalogue lacks
# (docs/publishing-data.md, "Standards the site meets"; docs/settings.md lists the values).
# The area the data cover, as an IRI (here the ONS statistical geography of England and
# Wales), with its bounding box and centroid (WKT, longitude latitude):
# NEWSROOM_SPATIAL = "http://statistics.data.gov.uk/id/statistical-geography/K04000001"
# NEWSROOM_SPATIAL_BBOX = "POLYGON((-6.45 49.86, 1.77 49.86, 1.77 55.82, -6.45 55.82, -6.45 49.86))"
# NEWSROOM_SPATIAL_CENTROID = "POINT(-1.78 52.53)"
# NEWSROOM_THEMES = ["http://publications.europa.eu/resource/authority/data-theme/SOCI"]
# NEWSROOM_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/LocalAuthority"
# NEWSROOM_CONTACT = {"name": "Data team", "email": "data@news.example.org"}
# NEWSROOM_CATALOGUE_LICENCE = "https://creativecommons.org/publicdomain/zero/1.0/"
# NEWSROOM_AVAILABILITY = (
#     "http://publications.europa.eu/resource/authority/planned-availability/STABLE"
# )
