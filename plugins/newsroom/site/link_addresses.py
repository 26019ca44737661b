"""Step 3c: a Markdown link or image never carries an address that runs script.

Raw HTML in Markdown is shown as text (markdown_extension.py), but Markdown's own links
are made from whatever address they are given. A generated article fills data values,
such as a package's title, into Markdown: a title holding `[x](javascript:alert(1))`
became a live link. Such a link keeps its words and loses its address, wherever it was
written.
"""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element

from markdown.treeprocessors import Treeprocessor

SCRIPT_SCHEMES = ("javascript:", "vbscript:")
# Browsers skip control characters and spaces in a scheme, and decode entities first.
SKIPPED_IN_SCHEME = re.compile(r"[\x00-\x20]")
ADDRESS_ATTRIBUTES = ("href", "src")


def runs_script(address: str) -> bool:
    """Whether a browser would run the address as script."""
    return SKIPPED_IN_SCHEME.sub("", html.unescape(address)).lower().startswith(SCRIPT_SCHEMES)


class ScriptAddressRemover(Treeprocessor):
    """Drops every script address from the links and images of a Markdown text."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ADDRESS_ATTRIBUTES:
                address = element.get(attribute)
                if address is not None and runs_script(address):
                    del element.attrib[attribute]
