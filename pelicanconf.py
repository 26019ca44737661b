"""Site settings for development builds; publishconf.py adds what production needs.

Only what differs from Pelican's and the newsroom plugin's defaults is set here.
"""

AUTHOR = "VRU Newsroom"
SITENAME = "Violence Reduction Units: news and data"
SITESUBTITLE = "News and open data from the Violence Reduction Units of England and Wales"
SITEURL = ""
RELATIVE_URLS = True

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

# Feeds need absolute URLs: publishconf.py turns them on with the real SITEURL.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["newsroom"]

# Everything from content or data is escaped unless a template marks it safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Newsroom plugin: data packages live in data/ beside content/.
NEWSROOM_DATA_PATH = "data"
NEWSROOM_CACHE_PATH = ".cache/newsroom"
