"""The status of statistics (data/status.py): where it is read from, its labels in each
language, and the problems of a status that is wrong or not stated."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import frictionless
import pytest
from newsroom.charts.drawing import card_spec
from newsroom.core.cache import ContentCache
from newsroom.core.errors import NewsroomError
from newsroom.core.languages import load_translations, use_run_translations
from newsroom.data.packages import ValidatedPackage, load_packages
from newsroom.data.plain_validation import plain_package_problem
from newsroom.data.status import (
    STATUSES,
    figures_words,
    status_label,
    status_notice,
    status_text,
    with_statuses,
)

from ..conftest import REPO

LABELS = {
    "accredited-official": ("Accredited official statistics", "Ystadegau swyddogol achrededig"),
    "official": ("Official statistics", "Ystadegau swyddogol"),
    "official-in-development": (
        "Official statistics in development",
        "Ystadegau swyddogol sy'n cael eu datblygu",
    ),
    "management-information": ("Management information", "Gwybodaeth reoli"),
    "illustrative": ("Illustrative data", "Data enghreifftiol"),
    "": ("Status not stated", "Statws heb ei nodi"),
}


@pytest.fixture
def welsh() -> Iterator[None]:
    translations, _ = load_translations(REPO / "theme", "cy", "en", REPO)
    use_run_translations(translations, "cy")
    yield
    use_run_translations(None)


def package(name: str, **descriptor: object) -> ValidatedPackage:
    return ValidatedPackage(
        name=name,
        folder=Path("data") / name,
        display_path=f"data/{name}",
        descriptor={"name": name, **descriptor},
        resources=(),
        data_version="0",
    )


def test_every_status_has_its_label_in_english() -> None:
    assert set(LABELS) - {""} == set(STATUSES)
    for status, (english, _welsh) in LABELS.items():
        assert status_label(status) == english


def test_every_status_has_its_label_in_welsh(welsh: None) -> None:
    for status, (_english, welsh_label) in LABELS.items():
        assert status_label(status) == welsh_label
    assert status_notice("illustrative").startswith("Mae'r gwerthoedd hyn wedi'u dyfeisio")
    assert figures_words(["illustrative"]) == "ffigurau enghreifftiol"


def test_only_illustrative_data_carries_the_notice() -> None:
    notices = {status: status_notice(status) for status in LABELS}
    assert notices.pop("illustrative") == (
        "These values are invented to show how the site works: do not quote them."
    )
    assert set(notices.values()) == {""}
    assert status_text("illustrative").startswith("Illustrative data. These values are invented")
    assert status_text("") == "Status not stated."


def test_generated_articles_never_call_illustrative_or_management_figures_statistics() -> None:
    assert figures_words(["illustrative", "illustrative"]) == "illustrative figures"
    assert figures_words(["management-information"]) == "management information"
    assert figures_words(["official"]) == "official statistics"
    assert figures_words(["official", "illustrative"]) == "figures"
    assert figures_words([""]) == "figures"


def test_the_package_status_comes_first_then_the_setting() -> None:
    packages = [
        package("own", **{"newsroom:status": "official"}),
        package("third-party"),
        package("unstated"),
    ]
    settings = {"NEWSROOM_PACKAGE_STATUS": {"third-party": "accredited-official", "own": "x"}}
    found, warnings = with_statuses(packages, settings)
    assert [p.status for p in found] == ["official", "accredited-official", ""]
    assert [w.code for w in warnings] == ["package-status-missing"]
    where = warnings[0].location
    assert (where.file, where.package) == ("data/unstated/datapackage.json", "unstated")
    assert '"newsroom:status"' in warnings[0].hint
    assert "NEWSROOM_PACKAGE_STATUS" in warnings[0].hint


def test_archived_releases_get_their_own_status() -> None:
    old = package("p", version="1.0.0")
    current = dataclasses.replace(
        package("p", version="2.0.0", **{"newsroom:status": "official"}), archive=(old,)
    )
    found, warnings = with_statuses([current], {"NEWSROOM_PACKAGE_STATUS": {"p": "official"}})
    assert found[0].status == "official" and found[0].archive[0].status == "official"
    assert not warnings


def test_an_unknown_status_is_a_located_error() -> None:
    with pytest.raises(NewsroomError) as failure:
        with_statuses([package("p", **{"newsroom:status": "offical"})], {})
    [problem] = failure.value.problems
    assert problem.code == "package-status-invalid"
    assert problem.location.file == "data/p/datapackage.json"
    assert (problem.location.package, problem.location.field) == ("p", "newsroom:status")
    assert "'offical'" in problem.message
    for status in STATUSES:
        assert f'"{status}"' in problem.hint


def test_the_setting_may_not_name_a_status_or_package_that_does_not_exist() -> None:
    with pytest.raises(NewsroomError) as failure:
        with_statuses(
            [package("p")], {"NEWSROOM_PACKAGE_STATUS": {"p": "official-ish", "gone": "official"}}
        )
    problems = failure.value.problems
    assert [p.code for p in problems] == ["package-status-invalid"] * 2
    assert [p.location.package for p in problems] == ["p", "gone"]
    assert all(p.location.field == "NEWSROOM_PACKAGE_STATUS" for p in problems)


def test_the_social_card_says_what_the_statistics_are() -> None:
    spec = json.dumps({"title": {"text": ["Admissions"], "subtitle": "By month"}})
    card = json.loads(card_spec(spec, status_text("illustrative")) or "{}")
    subtitle = " ".join(card["title"]["subtitle"])
    assert subtitle.startswith("By month Illustrative data. These values are invented")
    assert "do not quote them." in subtitle


def test_validation_ignores_the_status_even_a_wrong_one(tmp_path: Path) -> None:
    """`newsroom validate` gives frictionless' verdict: the status is the build's business."""
    folder = tmp_path / "data" / "vru-victims-referred"
    shutil.copytree(REPO / "data" / "vru-victims-referred", folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["newsroom:status"] = "not-a-status"
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert plain_package_problem(descriptor, folder) is None
    [loaded] = load_packages(tmp_path / "data", tmp_path, ContentCache(None))
    assert frictionless.Package(str(folder / "datapackage.json")).validate().valid
    with pytest.raises(NewsroomError):
        with_statuses([loaded], {})
