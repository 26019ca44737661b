"""The data catalogue against other people's validator: SEMIC's DCAT-AP 3.0.1 SHACL shapes
(core, recommended and range, vendored in tests/fixtures/dcat-ap-3/) run by pySHACL.

No vocabulary is fetched: the range shapes judge the classes the catalogue states, as the
Interoperable Europe testbed's "no background knowledge" profiles do. Zero violations and
zero warnings, in every language; each control plants one fault and sees it reported."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pyshacl
import pytest
import rdflib
from rdflib.namespace import SH

from ..conftest import REPO, SiteCopy

SHAPES = REPO / "tests" / "fixtures" / "dcat-ap-3"
SHAPE_FILES = ("shapes.ttl", "shapes_recommended.ttl", "range.ttl")
CATALOGUES = ("catalog.jsonld", "cy/catalog.jsonld")


@cache
def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in SHAPE_FILES:
        graph.parse(SHAPES / name, format="turtle")
    return graph


def shacl_results(catalogue: dict[str, Any]) -> tuple[list[str], str]:
    """The severities of every result of validating catalogue, and the readable report."""
    data = rdflib.Graph().parse(data=json.dumps(catalogue), format="json-ld")
    _, report, text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=False
    )
    severities = [str(s).rsplit("#", 1)[-1] for s in report.objects(None, SH.resultSeverity)]
    return severities, text


def read(site: SiteCopy, name: str) -> dict[str, Any]:
    return json.loads((site.output / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CATALOGUES)
def test_catalogue_meets_dcat_ap_3_without_a_warning(built_site: SiteCopy, name: str) -> None:
    severities, text = shacl_results(read(built_site, name))
    assert severities == [], text


def test_catalogue_fills_the_recommended_properties_from_settings_and_data(
    built_site: SiteCopy,
) -> None:
    catalogue = read(built_site, "cy/catalog.jsonld")
    assert [language["@id"].rsplit("/", 1)[1] for language in catalogue["dct:language"]] == [
        "ENG",
        "CYM",
    ]
    assert catalogue["dct:spatial"]["@id"].endswith("/statistical-geography/K04000001")
    assert (catalogue["dct:issued"], catalogue["dct:modified"]) == ("2021-07-01", "2021-07-01")
    dataset = catalogue["dcat:dataset"][0]
    assert dataset["dcat:theme"][0]["@id"].endswith("/data-theme/JUST")
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"] == "mailto:data@news.example.org"
    formats = {d["dct:format"]["@id"].rsplit("/", 1)[1] for d in dataset["dcat:distribution"]}
    assert formats == {"CSV", "XLSX", "JSON", "PARQUET", "ZIP"}
    media = {d["dcat:mediaType"]["@id"] for d in dataset["dcat:distribution"]}
    assert "https://www.iana.org/assignments/media-types/text/csv" in media
    assert [page["@id"].rsplit("/", 1)[1] for page in dataset["foaf:page"]] == ["README.md"]


def _literal_format(catalogue: dict[str, Any]) -> None:
    catalogue["dcat:dataset"][0]["dcat:distribution"][0]["dct:format"] = "CSV"


def _no_publisher(catalogue: dict[str, Any]) -> None:
    del catalogue["dcat:dataset"][1]["dct:publisher"]


def _spatial_as_a_label(catalogue: dict[str, Any]) -> None:
    catalogue["dct:spatial"] = "England and Wales"


@pytest.mark.parametrize(
    ("plant", "severity", "message"),
    [
        (_literal_format, "Violation", "dct:MediaTypeOrExtent"),
        (_no_publisher, "Warning", "dct:publisher"),
        (_spatial_as_a_label, "Violation", "dct:Location"),
    ],
)
def test_control_dcat_ap_shapes_report_a_planted_fault(
    built_site: SiteCopy, plant: Any, severity: str, message: str
) -> None:
    catalogue = copy.deepcopy(read(built_site, "catalog.jsonld"))
    plant(catalogue)
    severities, text = shacl_results(catalogue)
    assert severities and set(severities) == {severity}, text
    assert message in text


def test_site_writes_no_project_open_data_file(built_site: SiteCopy) -> None:
    """data.json is not written: Project Open Data v1.1's schema requires US federal
    codes (bureauCode, programCode) that a UK publisher cannot give honestly."""
    assert not (built_site.output / "data.json").exists()
    assert not Path(built_site.output / "cy" / "data.json").exists()


def test_a_site_without_the_catalogue_settings_is_valid_with_warnings() -> None:
    """The starter site's catalogue (its golden output), whose catalogue settings are
    commented out: no violation; a warning for each recommended property it lacks."""
    starter = REPO / "tests" / "starter" / "expected-output" / "catalog.jsonld"
    severities, text = shacl_results(json.loads(starter.read_text(encoding="utf-8")))
    assert severities and set(severities) == {"Warning"}, text
    for missing in ("dct:spatial", "dcat:theme", "dcat:contactPoint", "dct:type"):
        assert missing in text
