"""Step 3c: the numbers in prose, found so that each is reviewed.

A number a reader sees (digits, per cents, money, number words such as "three" or
"third") must be a figure, checked or computed, or marked by the author as not from
data: `[third](not-data:)`. `number_spans` finds the numbers of one line of prose, in
one pass of a compiled expression per language; dates and times ("12 July 2021",
"2021/22", "9am"), version numbers, names that hold digits ("COVID-19", "M62") and
Markdown's own syntax (code spans, link addresses, list numbers) are passed over.
`prose_lines` says which lines of a Markdown file are prose.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# `[words](not-data:)` or `[words](not-data: why)`: the words stay as written.
NOT_DATA_MARK = re.compile(r"\[(?P<text>[^\]]*)\]\(not-data:(?P<note>[^)]*)\)")

_MONTHS_EN = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# Welsh months, with the soft mutations they take ("o Fehefin", "i Orffennaf").
_MONTHS_CY = (
    "Ionawr|Chwefror|Mawrth|Fawrth|Ebrill|Mai|Fai|Mehefin|Fehefin|Gorffennaf|Orffennaf"
    "|Awst|Medi|Fedi|Hydref|Tachwedd|Dachwedd|Rhagfyr|Ragfyr"
)
_WORDS_EN = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    "|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    "|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion"
    "|billions|dozen|dozens"
    "|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|twentieth"
    "|hundredth|thousandth|thirds|fifths|tenths|halves|twice|doubled|halved|tripled|trebled"
)
_WORDS_CY = (
    "dau|ddau|dwy|ddwy|tri|dri|thri|tair|dair|thair|pedwar|bedwar|pedair|bedair|pump|bump"
    "|pum|bum|chwech|chwe|saith|wyth|naw|deg|ddeg|deng|deuddeg|ddeuddeg|pymtheg|bymtheg"
    "|deunaw|ddeunaw|ugain|hugain|cant|gant|chant|mil|fil|miloedd|miliwn|filiwn|biliwn"
    "|trydydd|drydydd|trydedd|drydedd|pedwerydd|bedwerydd|pedwaredd|bedwaredd|pumed|bumed"
    "|chweched|seithfed|wythfed|nawfed|degfed|ddegfed|ugeinfed|traean|dwywaith|teirgwaith"
)
# Fractions that are numbers only before "of" ("half of", "a quarter of"); "the second
# half of 2020" is a date, passed over first.
_PART_EN = r"half|quarter|quarters"
_PART_CY = r"hanner|chwarter"
_ORDINAL_PERIOD = {
    "en": r"(?:first|second|third|fourth|last|final|next|previous)\s+(?:half|quarter)",
    "cy": r"(?:hanner|chwarter)\s+(?:cyntaf|olaf)",
}
_PERCENT = {"en": r"\s?(?:%|per\s?cent\b|percent\b)", "cy": r"\s?(?:%|y\s+cant\b)"}
_SCALE = {"en": r"million|billion|thousand|bn|m|k", "cy": r"miliwn|biliwn|mil|bn|m|k"}
_TIME = {"en": r"\s?(?:am|pm|a\.m\.|p\.m\.)", "cy": r"\s?(?:yb|yh|y\.b\.|y\.h\.|am|pm)"}
_ORDINAL = {"en": r"st|nd|rd|th", "cy": r"af|il|ydd|edd|ed|fed|eg|ain"}


_DIGIT = re.compile(r"\d")
# The expression's last group that matched → the number's kind.
_KINDS = {
    "money": "money",
    "digits": "number",
    "percent": "percent",
    "ordinal": "ordinal",
    "words": "words",
    "part": "words",
}


@dataclass(frozen=True)
class NumberSpan:
    """A number in a line: where it is, its words, and its kind (`number`, `percent`,
    `money`, `ordinal`, `words`)."""

    start: int
    end: int
    text: str
    kind: str


def _trie(words: str) -> str:
    """An expression matching any of words ("a|b|c"), as a tree of their letters: tried
    at every place in a line, it compares a letter or two where a list compares each."""
    tree: dict[str, dict] = {}
    for word in words.split("|"):
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        ends = "" in node
        parts = [re.escape(letter) + branch(node[letter]) for letter in sorted(node) if letter]
        if not parts:
            return ""
        joined = parts[0] if len(parts) == 1 and not ends else f"(?:{'|'.join(parts)})"
        return joined + ("?" if ends else "")

    return branch(tree)


@functools.cache
def _expression(lang: str, digits: bool = True, at: bool = True) -> re.Pattern[str]:
    """What to pass over, then what is a number, in one expression: at each place the
    first alternative that matches wins, so a date's digits are never a number.
    Without digits (or an @) in a line, what needs them is left out: most lines of prose
    are then read five times as fast."""
    words_lang = lang if lang in ("en", "cy") else ""
    months = _MONTHS_EN + ("|" + _MONTHS_CY if lang == "cy" else "")
    percent = _PERCENT.get(lang, _PERCENT["en"])
    scale = _SCALE.get(lang, _SCALE["en"])
    ordinal = _ORDINAL.get(lang, _ORDINAL["en"])
    year = r"(?:1[89]|2[01])\d\d"
    day = rf"\d{{1,2}}(?:{ordinal})?"
    month = rf"{_trie(months)}\b\.?"
    days_to = r"\s*(?:-|\u2013|to|and|i|a)\s*"  # 10 to 12 July, 10-12 July, 10 i 12 Gorffennaf
    # Grouped by the character an alternative starts with, so that at most places in a
    # line one test of that character rules a whole group out.
    at_line_start = [
        r"\s*\[[^\]]+\]:\s.*$",  # a link definition
        r"\s*(?:[>*+-]\s+)*\d+[.)](?=\s)",  # an ordered list's number
    ]
    marks = [
        r"\x02wzxhzdk:\d+\x03",  # Markdown's stash: a figure, a chart
        r"`+[^`]*`+",  # a code span
        r"\]\([^)]*\)",  # a link's address
        r"<[^>\n]*>",  # an HTML tag, its attributes, an automatic link
        r"&#?\w+;",  # an HTML entity
        r"\[\^[^\]]*\]",  # a footnote's mark
    ]
    in_words = [
        r"(?:https?://|www\.)\S+",  # an address in the text
        *([r"[\w.+-]+@[\w-]+\.[\w.-]+"] if at else []),  # an email address
        *(
            [
                r"(?i:per|fesul|for\s+every|ym\s+mhob)\s+\d{1,3}(?:,\d{3})*(?![\d.%])",  # a base
                r"(?i:version|fersiwn|v)\.?\s?\d+(?:\.\d+)*",  # a version
                r"[^\W\d_]+-?\d\w*(?:[.-]\d+)*",  # a name or code: M62, COVID-19
                rf"{month}\s+{day}(?:{days_to}{day})?\b(?:,\s*{year}\b)?",  # July 12, 2021
            ]
            if digits
            else []
        ),
        rf"(?i:{_ORDINAL_PERIOD.get(lang, _ORDINAL_PERIOD['en'])})\b",  # the last quarter
    ]
    in_digits = [
        r"\d+\.\d+\.\d+",  # a version
        r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?)?",  # an ISO date (and time)
        r"\d{1,2}[/.]\d{1,2}[/.]\d{2}(?:\d\d)?\b",  # 12/07/2021
        rf"{day}(?:{days_to}{day})?\s+(?:of\s+)?{month}(?:,?\s+{year}\b)?",  # 12 July 2021
        rf"{year}(?:\s?[/\u2013-]\s?\d\d(?:\d\d)?)?(?!\d)(?:'?s\b)?(?![.,]\d)",  # 2021, 2021/22
        rf"\d{{1,2}}(?:[:.]\d\d)?{_TIME.get(lang, _TIME['en'])}(?!\w)",  # 9am, 10.30pm
        r"\d{1,2}:\d\d(?::\d\d)?(?!\d)",  # 11:00
        # What is left is a number:
        rf"(?P<money>[£$€]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:{scale})\b)?|\d+p\b)",
        r"(?P<digits>(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
        rf"(?:(?P<percent>{percent})|(?P<ordinal>(?:{ordinal})\b)|\s?(?:{scale})\b)?",
    ]
    if words_lang:
        words = _trie(_WORDS_EN if words_lang == "en" else _WORDS_CY)
        part = _trie(_PART_EN if words_lang == "en" else _PART_CY)
        before = r"of|as" if words_lang == "en" else r"y|yr|o"
        join = rf"(?:[\s-]+(?:and\s+|a\s+)?(?:one|un|{words})\b)*"
        in_words.append(rf"(?P<words>(?i:{words}\b{join}))")
        in_words.append(rf"(?P<part>(?i:{part}(?=\s+(?:{before})\b)))")
    return re.compile(
        "|".join(
            [
                f"^(?:{'|'.join(at_line_start)})",
                *marks,
                rf"\b(?=[^\W\d_])(?:{'|'.join(in_words)})",
                *([rf"(?=[\d£$€])(?:{'|'.join(in_digits)})"] if digits else []),
            ]
        ),
        re.M,
    )


def number_spans(text: str, lang: str = "en") -> list[NumberSpan]:
    """The numbers in a line of prose, in order; lang: the article's language, whose
    number words and dates are known (other languages: digits only)."""
    return [
        NumberSpan(match.start(), match.end(), match.group(0), _KINDS[match.lastgroup])
        for match in _expression(lang, _DIGIT.search(text) is not None, "@" in text).finditer(text)
        if match.lastgroup  # what is passed over has no group
    ]


FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})")
FRONT_MATTER = re.compile(r"^[A-Za-z][\w-]*:")
LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s")


def prose_lines(lines: list[str], front_matter: bool = True) -> list[bool]:
    """For each line, whether it is prose: not the front matter (when the text has it),
    a fenced block (charts, figures, code) or an indented code block."""
    prose = [True] * len(lines)
    index = 0
    if front_matter and lines and FRONT_MATTER.match(lines[0]):
        while index < len(lines) and lines[index].strip():
            prose[index] = False
            index += 1
    fence = ""
    previous_blank, in_list = True, False
    for number in range(index, len(lines)):
        line = lines[number]
        opening = FENCE.match(line)
        if fence:
            prose[number] = False
            if line.strip() == fence:
                fence = ""
            continue
        if opening:
            fence, prose[number] = opening["fence"], False
            continue
        if not line.strip():
            previous_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and previous_blank and not in_list:
            prose[number] = False  # an indented code block
            continue
        if not indented:
            in_list = bool(LIST_ITEM.match(line)) or (in_list and not previous_blank)
        previous_blank = False
    return prose
