"""The numbers in prose: what the review catches, and what it passes over."""

from __future__ import annotations

import pytest
from newsroom.figures.numbers import NOT_DATA_MARK, number_spans, prose_lines


def found(text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(span.text, span.kind) for span in number_spans(text, lang)]


@pytest.mark.parametrize(
    ("sentence", "numbers"),
    [
        ("representatives from all 18 VRUs", [("18", "number")]),
        ("compared to the previous 18 months", [("18", "number")]),
        ("the rate was 25.3 per 100,000", [("25.3", "number")]),
        ("100,000 residents", [("100,000", "number")]),
        ("nearly 12,500 victims", [("12,500", "number")]),
        ("a 1,234,567.89 total", [("1,234,567.89", "number")]),
        ("a 13% decrease", [("13%", "percent")]),
        ("down 13 per cent", [("13 per cent", "percent")]),
        ("up 4.5 percent", [("4.5 percent", "percent")]),
        ("funding of £1.2 million", [("£1.2 million", "money")]),
        ("£500 and £35,000 and £3bn", [("£500", "money"), ("£35,000", "money"), ("£3bn", "money")]),
        ("a 50p charge", [("50p", "money")]),
        ("2.5 million people", [("2.5 million", "number")]),
        ("ranked 3rd and 22nd", [("3rd", "ordinal"), ("22nd", "ordinal")]),
        ("enters its third year", [("third", "words")]),
        ("In the past three years", [("three", "words")]),
        ("three times as many", [("three", "words")]),
        ("twenty-one units, two hundred and forty people", [("twenty-one", "words"),
                                                            ("two hundred and forty", "words")]),
        ("Seventeen of them", [("Seventeen", "words")]),
        ("a third of victims, half of all admissions", [("third", "words"), ("half", "words")]),
        ("twice as likely; admissions halved", [("twice", "words"), ("halved", "words")]),
        ("aged 10-17", [("10", "number"), ("17", "number")]),
        ("1 in 5 young people", [("1", "number"), ("5", "number")]),
        ("1. The first item names 5 units", [("5", "number")]),
        ("## 5 things to know", [("5", "number")]),
    ],
)  # fmt: skip
def test_numbers_that_must_be_caught(sentence: str, numbers: list[tuple[str, str]]) -> None:
    assert found(sentence) == numbers


@pytest.mark.parametrize(
    "sentence",
    [
        "will meet on Thursday (15 July) to evaluate",
        "Article Published: 12 July 2021",
        "Launched in 2019, VRUs",
        "In 2021 the unit",
        "from April 2018 to June 2021",
        "from 2018 to 2020, or 2018-2020, or 2018\u201319",
        "on July 12, 2021 and the 15th of July",
        "from 10 to 12 July, 10-12 July 2021 and July 10-12",
        "at 9am, 9 am, 10.30pm, 11:00 or 6 p.m.",
        "in the 2021/22 financial year, and 2020-21",
        "in the 1990s",
        "on 2021-07-12 and 12/07/2021",
        "the second half of 2020 and the last quarter",
        "COVID-19, the M62, knife crime among under-25s, Q1 2021",
        "version 1.2.0 of the data, v2",
        "see https://example.org/2021/05/17 or write to gm2@example.org",
        "a [link](https://example.org/report-2021-5) and `code 42` and <b id='7'>x</b>",
        "the one that counts; the first time; a second look; no one",
        "May I ask, and the quarter ended",
        "a footnote[^1] and &#8212; an entity",
        "offences per 100,000 residents, for every 1,000 people",
    ],
)
def test_dates_times_and_syntax_are_passed_over(sentence: str) -> None:
    assert found(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "numbers"),
    [
        ("tri o bob deg", [("tri", "words"), ("deg", "words")]),
        ("gostyngiad o 13 y cant", [("13 y cant", "percent")]),
        ("dros y tair blynedd diwethaf", [("tair", "words")]),
        ("y drydedd flwyddyn", [("drydedd", "words")]),
        ("pob un o'r 18 uned", [("18", "number")]),
        ("£5 miliwn", [("£5 miliwn", "money")]),
        ("hanner y dioddefwyr", [("hanner", "words")]),
        (
            "yn 3ydd, yr 2il a'r 18fed",
            [("3ydd", "ordinal"), ("2il", "ordinal"), ("18fed", "ordinal")],
        ),
        ("ar 15 Gorffennaf 2021, o Ebrill 2018 i Fehefin 2021, am 9yb", []),
        ("dydd Iau (15 Gorffennaf)", []),
    ],
)
def test_welsh_numbers_and_dates(sentence: str, numbers: list[tuple[str, str]]) -> None:
    assert found(sentence, "cy") == numbers


def test_english_number_words_are_not_welsh_ones() -> None:
    assert found("three and tri", "en") == [("three", "words")]
    assert found("three and tri", "cy") == [("tri", "words")]
    assert found("three and 3", "fr") == [("3", "number")]


def test_spans_are_where_the_words_are() -> None:
    text = "In 2020, nearly 12,500 victims"
    (span,) = number_spans(text)
    assert text[span.start : span.end] == "12,500"


def test_not_data_mark_keeps_the_words_and_the_note() -> None:
    match = NOT_DATA_MARK.search("its [third](not-data: since 2019) year")
    assert match is not None
    assert (match["text"], match["note"].strip()) == ("third", "since 2019")
    assert NOT_DATA_MARK.search("[third](not-data:)")["note"] == ""


def test_prose_lines_leave_out_front_matter_fences_and_code() -> None:
    lines = [
        "Title: 5 things",  # front matter
        "Date: 2021-07-12",
        "",
        "Prose with 5.",
        "```python",
        "x = 5",
        "```",
        "",
        "    indented code 5",
        "",
        "- a list item",
        "    its continuation, 5",
    ]
    assert prose_lines(lines) == [
        False, False, True, True, False, False, False, True, False, True, True, True,
    ]  # fmt: skip
    assert prose_lines(["Note: a summary with 5"], front_matter=False) == [True]
