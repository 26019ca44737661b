"""A value of the wrong type is told what its field expects, in the field's own format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsroom.core.cache import ContentCache
from newsroom.core.errors import NewsroomError
from newsroom.data.packages import load_packages

CASES = {
    "default date": ({"type": "date"}, "12/07/21", "is not a date written YYYY-MM-DD"),
    "date with a pattern": (
        {"type": "date", "format": "%d/%m/%y"},
        "2021-07-12",
        "is not a date written DD/MM/YY",
    ),
    "date in any form": ({"type": "date", "format": "any"}, "someday", "is not a date ("),
    "time with a pattern": ({"type": "time", "format": "%H:%M"}, "9am", "a time written hh:mm"),
    "default geopoint": ({"type": "geopoint"}, "north", "is not a point written LON,LAT"),
    "geopoint as an array": (
        {"type": "geopoint", "format": "array"},
        '"1.5,52"',
        "is not a point written [LON, LAT]",
    ),
    "geopoint as an object": (
        {"type": "geopoint", "format": "object"},
        '"[1.5, 52]"',
        'is not a point written {"lon": LON, "lat": LAT}',
    ),
}


@pytest.mark.parametrize("field, cell, told", CASES.values(), ids=list(CASES))
def test_the_hint_follows_the_fields_format(
    tmp_path: Path, field: dict[str, str], cell: str, told: str
) -> None:
    folder = tmp_path / "data" / "p"
    folder.mkdir(parents=True)
    (folder / "t.csv").write_text(f"id,value\n1,{cell}\n", encoding="utf-8")
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "value", **field}]}
    resource = {"name": "t", "path": "t.csv", "schema": schema}
    (folder / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [resource]}))
    with pytest.raises(NewsroomError) as failure:
        load_packages(tmp_path / "data", tmp_path, ContentCache(None))
    (problem,) = failure.value.problems
    assert problem.code == "frictionless/type-error"
    assert told in problem.message
    assert (problem.location.row, problem.location.field) == (2, "value")
