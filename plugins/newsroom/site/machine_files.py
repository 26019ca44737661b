"""Step 5b: the site-wide files for machines: sitemap, robots.txt, security headers and
the social card.

All of them are deterministic: no build time is written into any of them.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import babel.core
import vl_convert

from newsroom.catalogue.metadata import absolute
from newsroom.charts.style import CARD_HEIGHT, CARD_WIDTH
from newsroom.core.cache import CARD_IMAGE_LIBRARIES, ContentCache, FileContent, cache_key

CARD_TAGLINE = "News and the data behind it"


def sitemap_xml(pages: list[tuple[str, str]], settings: dict[str, Any]) -> bytes:
    """A sitemaps.org `<urlset>`: each page once, with its newest date when it has one."""
    newest: dict[str, str] = {}
    for url, modified in pages:
        newest[url] = max(newest.get(url, ""), modified)
    entries = []
    for url, modified in sorted(newest.items()):
        lastmod = f"<lastmod>{escape(modified)}</lastmod>" if modified else ""
        entries.append(f"  <url><loc>{escape(absolute(settings, url))}</loc>{lastmod}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    ).encode("utf-8")


def robots_txt(site_url: str, language_prefixes: tuple[str, ...] = ("",)) -> str:
    """One sitemap per language: /sitemap.xml, /cy/sitemap.xml."""
    sitemaps = "".join(
        f"Sitemap: {site_url.rstrip('/')}/{prefix}sitemap.xml\n" for prefix in language_prefixes
    )
    return f"User-agent: *\nAllow: /\n\n{sitemaps}"


def social_card_alt(site_name: str) -> str:
    """The card's text alternative: what it shows."""
    return f"{site_name}. {CARD_TAGLINE}."


def open_graph_locales(languages: list[str], territory: str) -> dict[str, str]:
    """Each language's `og:locale`: language_TERRITORY, the territory given or else the
    language's most likely one (en_US, cy_GB)."""
    likely = babel.core.get_global("likely_subtags")
    locales = {}
    for code in languages:
        language, likely_territory, *_ = babel.core.parse_locale(likely.get(code, code))
        locales[code] = f"{language}_{territory or likely_territory or code.upper()}"
    return locales


def social_card_png(site_name: str, cache: ContentCache) -> FileContent:
    """The house card for pages without a chart: the site's name on its colours."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH}" height="{CARD_HEIGHT}">'
        f'<rect width="{CARD_WIDTH}" height="{CARD_HEIGHT}" fill="#005ea5"/>'
        f'<rect y="{CARD_HEIGHT - 24}" width="{CARD_WIDTH}" height="24" fill="#ffdd00"/>'
        '<text x="80" y="300" fill="#ffffff" font-family="Arial, Helvetica, sans-serif"'
        f' font-size="64" font-weight="bold">{escape(site_name)}</text>'
        '<text x="80" y="380" fill="#ffffff" font-family="Arial, Helvetica, sans-serif"'
        f' font-size="36">{CARD_TAGLINE}</text></svg>'
    )
    key = cache_key("card", data=svg, libraries=CARD_IMAGE_LIBRARIES, code=False)
    return cache.made_file("card", key, lambda: vl_convert.svg_to_png(svg))


# One Content-Security-Policy for every page: nothing from another host, no inline
# script or style, no eval. The search page adds 'wasm-unsafe-eval' for Pagefind.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'{extra}; style-src 'self'; img-src 'self' data:;"
    " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
    " form-action 'self'"
)
SEARCH_SCRIPT_SOURCES = " 'wasm-unsafe-eval'"


def security_headers(language_prefixes: tuple[str, ...] = ("",)) -> str:
    """A `_headers` file (Netlify, Cloudflare Pages) with the policy as real headers, which
    can also forbid framing; embeddable charts stay frameable by other sites.

    Where several rules match a path, Netlify sends the last rule's value of a header
    but Cloudflare Pages joins the values with a comma: for a Content-Security-Policy,
    two policies, both enforced. So no rule may narrow another's policy. The rule for
    every path allows what any page needs (the search page's 'wasm-unsafe-eval'); each
    page's own meta tag narrows it again. Framing is forbidden by X-Frame-Options, which
    browsers ignore where a policy has `frame-ancestors`, as the embeds' rule has."""
    every_path = [
        f"  Content-Security-Policy: {CONTENT_SECURITY_POLICY.format(extra=SEARCH_SCRIPT_SOURCES)}",
        "  X-Frame-Options: SAMEORIGIN",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=()",
    ]
    lines = ["/*", *every_path, ""]
    for prefix in language_prefixes:  # each language has its embeds
        lines += [f"/{prefix}embed/*", "  Content-Security-Policy: frame-ancestors *", ""]
    return "\n".join(lines)
