"""Regenerate the illustrative VRU data packages in this folder, byte for byte.

Run `python data/generate_vru_packages.py [OUTPUT_DIR]` (default: this folder).

Every value is invented (`"newsroom:status": "illustrative"`). Two Greater Manchester
figures are made to agree with the unit's press release of July 2021: mean monthly
sharp-object admissions from October 2019 to June 2021 are 13% lower than over the
previous 18 months (the monthly values are constructed to give that), and 12,437
victims ("nearly 12,500") were referred to support services in 2020. No organisation
is credited with the values: nobody but this script made them.

Noise comes from SHA-256 of fixed labels rather than a random generator, so the
output cannot change with a Python or NumPy release.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from pathlib import Path

LICENCE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}
CONTRIBUTORS = [{"title": "VRU Newsroom data team", "role": "author"}]
ILLUSTRATIVE_SOURCE = {
    "title": "Invented by data/generate_vru_packages.py in the VRU Newsroom repository:"
    " a smooth trend per unit with fixed pseudo-random noise (SHA-256 of fixed labels),"
    " scaled by an invented population; no value comes from any publisher's data",
}
INVENTED = " Every value is invented to demonstrate the site: do not quote them."
GREATER_MANCHESTER = (
    " Two Greater Manchester figures are made to agree with the unit's press release of"
    " 12 July 2021: its mean monthly admissions from October 2019 to June 2021 are 13%"
    " lower than over the previous 18 months (in vru-sharp-object-admissions), and"
    ' 12,437 victims were referred to support services in 2020, "nearly 12,500" (in'
    " vru-victims-referred). The monthly values behind the 13% are constructed to give it;"
    " they are not the unit's own figures."
)
INVENTED_CY = (
    " Mae pob gwerth wedi'i ddyfeisio i ddangos sut mae'r wefan yn gweithio: peidiwch â'u dyfynnu."
)
GREATER_MANCHESTER_CY = (
    " Mae dau ffigur Manceinion Fwyaf wedi'u gwneud i gytuno â datganiad i'r wasg yr uned"
    " ar 12 Gorffennaf 2021: mae ei chyfartaledd misol o dderbyniadau o Hydref 2019 i"
    " Fehefin 2021 13% yn is nag yn y 18 mis blaenorol (yn vru-sharp-object-admissions),"
    ' ac atgyfeiriwyd 12,437 o ddioddefwyr at wasanaethau cymorth yn 2020, "bron i'
    " 12,500\" (yn vru-victims-referred). Mae'r gwerthoedd misol y tu ôl i'r 13% wedi'u"
    " llunio i'w roi; nid ffigurau'r uned ei hun ydyn nhw."
)
# The packages holding one of the two figures that agree with the press release.
PRESS_RELEASE_PACKAGES = ("vru-sharp-object-admissions", "vru-victims-referred")
CREATED = "2021-07-01T00:00:00Z"

# id, police force area, region, population (illustrative, all ages)
UNITS: list[tuple[str, str, str, int]] = [
    ("avon-and-somerset", "Avon and Somerset", "South West", 1_720_000),
    ("bedfordshire", "Bedfordshire", "East of England", 680_000),
    ("cleveland", "Cleveland", "North East", 570_000),
    ("essex", "Essex", "East of England", 1_850_000),
    ("greater-manchester", "Greater Manchester", "North West", 2_850_000),
    ("kent", "Kent", "South East", 1_870_000),
    ("lancashire", "Lancashire", "North West", 1_500_000),
    ("leicestershire", "Leicestershire", "East Midlands", 1_100_000),
    ("london", "London", "London", 9_000_000),
    ("merseyside", "Merseyside", "North West", 1_430_000),
    ("northumbria", "Northumbria", "North East", 1_460_000),
    ("nottinghamshire", "Nottinghamshire", "East Midlands", 1_160_000),
    ("south-wales", "South Wales", "Wales", 1_330_000),
    ("south-yorkshire", "South Yorkshire", "Yorkshire and The Humber", 1_410_000),
    ("sussex", "Sussex", "South East", 1_700_000),
    ("thames-valley", "Thames Valley", "South East", 2_420_000),
    ("west-midlands", "West Midlands", "West Midlands", 2_930_000),
    ("west-yorkshire", "West Yorkshire", "Yorkshire and The Humber", 2_330_000),
]
GM = "greater-manchester"
MONTHS = [f"{year}-{month:02d}" for year in range(2018, 2022) for month in range(1, 13)]
MONTHS = MONTHS[MONTHS.index("2018-04") : MONTHS.index("2021-06") + 1]
FIRST_MONTH_AFTER_LAUNCH = "2019-10"
YEARS = [2018, 2019, 2020]

UNITS_SCHEMA = {
    "fields": [
        {
            "name": "id",
            "type": "string",
            "title": "Unit identifier",
            "description": "Stable identifier of the Violence Reduction Unit.",
            "constraints": {"required": True, "unique": True, "pattern": "[a-z-]+"},
        },
        {
            "name": "name",
            "type": "string",
            "title": "Unit name",
            "description": "Name of the Violence Reduction Unit.",
            "constraints": {"required": True},
        },
        {
            "name": "short_name",
            "type": "string",
            "title": "Short name",
            "description": "Short name of the unit, used in charts and tables.",
            "constraints": {"required": True},
        },
        {
            "name": "police_force_area",
            "type": "string",
            "title": "Police force area",
            "description": "Police force area the unit covers.",
            "constraints": {"required": True},
        },
        {
            "name": "region",
            "type": "string",
            "title": "Region",
            "description": "English region, or Wales.",
            "constraints": {"required": True},
        },
        {
            "name": "population",
            "type": "integer",
            "title": "Population",
            "description": "Resident population of the area (illustrative).",
            "unit": "people",
            "constraints": {"required": True, "minimum": 0},
        },
    ],
    "primaryKey": ["id"],
}

UNIT_FOREIGN_KEY = {
    "fields": ["unit_id"],
    "reference": {"resource": "units", "fields": ["id"]},
}
UNIT_ID_FIELD = {
    "name": "unit_id",
    "type": "string",
    "title": "Unit",
    "description": "Identifier of the Violence Reduction Unit (see the units resource).",
    "constraints": {"required": True},
}


def noise(*labels: object) -> float:
    """A deterministic number in [-1, 1) derived from the labels."""
    digest = hashlib.sha256("/".join(map(str, labels)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**63 - 1


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def units_rows() -> list[list[object]]:
    return [
        [uid, f"{area} Violence Reduction Unit", area, area, region, population]
        for uid, area, region, population in UNITS
    ]


def admissions_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for uid, _area, _region, population in UNITS:
        base = population / 1_000_000 * 10.5
        series = []
        for month in MONTHS:
            trend = 0.93 if month >= FIRST_MONTH_AFTER_LAUNCH else 1.0
            value = base * trend * (1 + 0.15 * noise("admissions", uid, month))
            series.append(max(0, round(value)))
        if uid == GM:
            series = greater_manchester_admissions(series)
        rows.extend([uid, month, value] for month, value in zip(MONTHS, series, strict=True))
    return rows


def percent_change_of_means(series: list[int]) -> float:
    split = MONTHS.index(FIRST_MONTH_AFTER_LAUNCH)
    before = sum(series[:split]) / split
    after = sum(series[split:]) / (len(series) - split)
    return (after / before - 1) * 100


def greater_manchester_admissions(series: list[int]) -> list[int]:
    """Scale the post-launch months until the press release's 13% decrease holds."""
    split = MONTHS.index(FIRST_MONTH_AFTER_LAUNCH)
    factor = 0.87 / 0.93
    series = series[:split] + [round(v * factor) for v in series[split:]]
    step = 0
    while round(percent_change_of_means(series)) != -13:
        index = split + step % (len(series) - split)
        series[index] += 1 if percent_change_of_means(series) < -13 else -1
        step += 1
    return series


def victims_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for uid, _area, _region, population in UNITS:
        for year in (2019, 2020):
            per_million = 4_100 * (1.08 if year == 2020 else 1.0)
            value = population / 1_000_000 * per_million
            value *= 1 + 0.12 * noise("victims", uid, year)
            rows.append([uid, year, round(value)])
    for row in rows:
        if row[0] == GM and row[1] == 2020:
            row[2] = 12_437
    return rows


def knife_crime_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for uid, _area, _region, population in UNITS:
        under_25 = round(population * 0.3 / 1000) * 1000
        for year in YEARS:
            rate = 95 * (1 - 0.04 * (year - 2018)) * (1 + 0.25 * noise("knife", uid, year))
            offences = round(under_25 * rate / 100_000)
            rows.append([uid, year, offences, under_25, round(offences / under_25 * 100_000, 1)])
    return rows


def violence_with_injury_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for uid, _area, _region, population in UNITS:
        for year in YEARS:
            rate = 9.5 * (1 - 0.05 * (year - 2018)) * (1 + 0.2 * noise("vwi", uid, year))
            offences = round(population * rate / 1000)
            rows.append([uid, year, offences, round(offences / population * 1000, 2)])
    return rows


def indicator_package(
    name: str,
    title: str,
    description: str,
    keywords: list[str],
    resource: dict,
    rows: list[list[object]],
) -> tuple[dict, dict[str, str]]:
    fields = resource["schema"]["fields"]
    files = {
        "units.csv": csv_text([f["name"] for f in UNITS_SCHEMA["fields"]], units_rows()),
        resource["path"]: csv_text([f["name"] for f in fields], rows),
    }
    descriptor = {
        "profile": "tabular-data-package",
        "name": name,
        "title": f"{title} (illustrative)",
        "description": description
        + INVENTED
        + (GREATER_MANCHESTER if name in PRESS_RELEASE_PACKAGES else ""),
        "version": "1.0.0",
        "newsroom:status": "illustrative",
        "created": CREATED,
        "keywords": keywords,
        "licenses": [LICENCE],
        "sources": [ILLUSTRATIVE_SOURCE],
        "contributors": CONTRIBUTORS,
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "units",
                "path": "units.csv",
                "title": "Violence Reduction Units",
                "description": "The 18 Violence Reduction Units of England and Wales.",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": UNITS_SCHEMA,
            },
            {
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **resource,
            },
        ],
    }
    return descriptor, files


def readme(descriptor: dict) -> str:
    resource = descriptor["resources"][1]
    lines = [
        f"# {descriptor['title']}",
        "",
        descriptor["description"],
        "",
        "**Illustrative data: these values are invented.** They were generated by",
        "`data/generate_vru_packages.py` to demonstrate the newsroom and must not be",
        "quoted. No organisation published them, and the units named are not their source.",
        "",
        f"## {resource['title']} (`{resource['path']}`)",
        "",
        resource["description"],
        "",
        "| Field | Type | Description |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| `{f['name']}` | {f['type']} | {f['description']} |"
        for f in resource["schema"]["fields"]
    ]
    lines += [
        "",
        "The `units` resource (`units.csv`) lists the 18 Violence Reduction Units;",
        "`unit_id` refers to it.",
        "",
        "## Licence",
        "",
        f"[{LICENCE['title']}]({LICENCE['path']}) ({LICENCE['name']}).",
        "",
    ]
    return "\n".join(lines)


def packages() -> list[tuple[dict, dict[str, str]]]:
    return [
        indicator_package(
            "vru-sharp-object-admissions",
            "Hospital admissions for assault with a sharp object, by VRU, monthly",
            "Monthly hospital admissions for assault by a sharp object in each Violence"
            " Reduction Unit area, April 2018 to June 2021.",
            ["violence reduction", "knife crime", "hospital admissions", "health"],
            {
                "name": "admissions",
                "path": "admissions.csv",
                "title": "Monthly sharp-object assault admissions",
                "description": "Hospital admissions for assault with a sharp object,"
                " one row per unit and month.",
                "schema": {
                    "fields": [
                        UNIT_ID_FIELD,
                        {
                            "name": "month",
                            "type": "yearmonth",
                            "title": "Month",
                            "description": "Calendar month of admission.",
                            "constraints": {"required": True},
                        },
                        {
                            "name": "admissions",
                            "type": "integer",
                            "headline": True,
                            "title": "Admissions",
                            "description": "Hospital admissions for assault with a sharp"
                            " object in the month.",
                            "unit": "admissions per month",
                            "constraints": {"required": True, "minimum": 0},
                        },
                    ],
                    "primaryKey": ["unit_id", "month"],
                    "foreignKeys": [UNIT_FOREIGN_KEY],
                },
            },
            admissions_rows(),
        ),
        indicator_package(
            "vru-victims-referred",
            "Victims of violent crime referred to support services, by VRU, yearly",
            "Victims of violent crime referred to commissioned support services in each"
            " Violence Reduction Unit area, 2019 and 2020.",
            ["violence reduction", "victims", "support services"],
            {
                "name": "victims-referred",
                "path": "victims-referred.csv",
                "title": "Victims referred to commissioned support services",
                "description": "Victims of violent crime referred to commissioned support"
                " services, one row per unit and calendar year.",
                "schema": {
                    "fields": [
                        UNIT_ID_FIELD,
                        {
                            "name": "year",
                            "type": "year",
                            "title": "Year",
                            "description": "Calendar year of referral.",
                            "constraints": {"required": True},
                        },
                        {
                            "name": "victims_referred",
                            "type": "integer",
                            "headline": True,
                            "title": "Victims referred",
                            "description": "Victims referred to commissioned support"
                            " services in the year.",
                            "unit": "people",
                            "constraints": {"required": True, "minimum": 0},
                        },
                    ],
                    "primaryKey": ["unit_id", "year"],
                    "foreignKeys": [UNIT_FOREIGN_KEY],
                },
            },
            victims_rows(),
        ),
        indicator_package(
            "vru-knife-crime-under-25",
            "Knife-crime offences involving under-25s, by VRU, yearly",
            "Knife-crime offences with a victim or suspect under 25 in each Violence"
            " Reduction Unit area, with the rate per 100,000 residents under 25,"
            " 2018 to 2020.",
            ["violence reduction", "knife crime", "young people"],
            {
                "name": "knife-crime-under-25",
                "path": "knife-crime-under-25.csv",
                "title": "Knife-crime offences involving under-25s",
                "description": "Offences and rate per 100,000 residents under 25, one row"
                " per unit and calendar year.",
                "schema": {
                    "fields": [
                        UNIT_ID_FIELD,
                        {
                            "name": "year",
                            "type": "year",
                            "title": "Year",
                            "description": "Calendar year of the offence.",
                            "constraints": {"required": True},
                        },
                        {
                            "name": "offences",
                            "type": "integer",
                            "title": "Offences",
                            "description": "Knife-crime offences involving a person under 25.",
                            "unit": "offences",
                            "constraints": {"required": True, "minimum": 0},
                        },
                        {
                            "name": "population_under_25",
                            "type": "integer",
                            "title": "Residents under 25",
                            "description": "Residents aged under 25 (illustrative).",
                            "unit": "people",
                            "constraints": {"required": True, "minimum": 1},
                        },
                        {
                            "name": "rate_per_100k",
                            "type": "number",
                            "headline": True,
                            "title": "Rate per 100,000 under-25s",
                            "description": "Offences per 100,000 residents under 25,"
                            " rounded to one decimal place.",
                            "unit": "offences per 100,000 residents under 25",
                            "constraints": {"required": True, "minimum": 0},
                        },
                    ],
                    "primaryKey": ["unit_id", "year"],
                    "foreignKeys": [UNIT_FOREIGN_KEY],
                },
            },
            knife_crime_rows(),
        ),
        indicator_package(
            "vru-violence-with-injury",
            "Violence-with-injury offences, by VRU, yearly",
            "Police-recorded violence-with-injury offences in each Violence Reduction"
            " Unit area, with the rate per 1,000 residents, 2018 to 2020.",
            ["violence reduction", "recorded crime", "violence with injury"],
            {
                "name": "violence-with-injury",
                "path": "violence-with-injury.csv",
                "title": "Violence-with-injury offences",
                "description": "Police-recorded violence-with-injury offences and rate per"
                " 1,000 residents, one row per unit and calendar year.",
                "schema": {
                    "fields": [
                        UNIT_ID_FIELD,
                        {
                            "name": "year",
                            "type": "year",
                            "title": "Year",
                            "description": "Calendar year of the offence.",
                            "constraints": {"required": True},
                        },
                        {
                            "name": "offences",
                            "type": "integer",
                            "title": "Offences",
                            "description": "Police-recorded violence-with-injury offences.",
                            "unit": "offences",
                            "constraints": {"required": True, "minimum": 0},
                        },
                        {
                            "name": "rate_per_1000",
                            "type": "number",
                            "headline": True,
                            "title": "Rate per 1,000 residents",
                            "description": "Offences per 1,000 residents, rounded to two"
                            " decimal places.",
                            "unit": "offences per 1,000 residents",
                            "constraints": {"required": True, "minimum": 0},
                        },
                    ],
                    "primaryKey": ["unit_id", "year"],
                    "foreignKeys": [UNIT_FOREIGN_KEY],
                },
            },
            violence_with_injury_rows(),
        ),
    ]


# Welsh titles and descriptions (docs/bilingual.md), in the custom property that stock
# frictionless ignores. Welsh text written carefully, NEEDS REVIEW by a Welsh speaker.
TRANSLATIONS = "newsroom:translations"
WELSH = {
    "vru-knife-crime-under-25": {
        "package": {
            "title": "Troseddau cyllyll yn ymwneud â phobl dan 25 oed, fesul UYT, yn flynyddol"
            " (enghreifftiol)",
            "description": "Troseddau cyllyll lle mae'r dioddefwr neu'r sawl a amheuir dan 25"
            " oed ym mhob ardal Uned Lleihau Trais, gyda'r gyfradd fesul 100,000 o drigolion"
            " dan 25 oed, 2018 i 2020." + INVENTED_CY,
        },
        "units": {
            "title": "Unedau Lleihau Trais",
            "description": "18 Uned Lleihau Trais Cymru a Lloegr.",
        },
        "knife-crime-under-25": {
            "title": "Troseddau cyllyll yn ymwneud â phobl dan 25 oed",
            "description": "Troseddau a chyfradd fesul 100,000 o drigolion dan 25 oed, un rhes"
            " ar gyfer pob uned a blwyddyn galendr.",
        },
        "fields": {
            "year": {"title": "Blwyddyn", "description": "Blwyddyn galendr y drosedd."},
            "offences": {
                "title": "Troseddau",
                "description": "Troseddau cyllyll yn ymwneud â pherson dan 25 oed.",
            },
            "population_under_25": {
                "title": "Trigolion dan 25 oed",
                "description": "Trigolion dan 25 oed (enghreifftiol).",
            },
            "rate_per_100k": {
                "title": "Cyfradd fesul 100,000 o bobl dan 25 oed",
                "description": "Troseddau fesul 100,000 o drigolion dan 25 oed, wedi'u talgrynnu"
                " i un lle degol.",
            },
        },
    },
    "vru-sharp-object-admissions": {
        "package": {
            "title": "Derbyniadau i'r ysbyty am ymosodiad â gwrthrych miniog, fesul UYT, yn"
            " fisol (enghreifftiol)",
            "description": "Derbyniadau misol i'r ysbyty am ymosodiad â gwrthrych miniog ym"
            " mhob ardal Uned Lleihau Trais, Ebrill 2018 i Fehefin 2021."
            + INVENTED_CY
            + GREATER_MANCHESTER_CY,
        },
        "units": {
            "title": "Unedau Lleihau Trais",
            "description": "18 Uned Lleihau Trais Cymru a Lloegr.",
        },
        "admissions": {
            "title": "Derbyniadau misol am ymosodiad â gwrthrych miniog",
            "description": "Derbyniadau i'r ysbyty am ymosodiad â gwrthrych miniog, un rhes"
            " ar gyfer pob uned a mis.",
        },
        "fields": {
            "month": {"title": "Mis", "description": "Mis calendr y derbyniad."},
            "admissions": {
                "title": "Derbyniadau",
                "description": "Derbyniadau i'r ysbyty am ymosodiad â gwrthrych miniog yn"
                " ystod y mis.",
            },
        },
    },
    "vru-victims-referred": {
        "package": {
            "title": "Dioddefwyr troseddau treisgar a atgyfeiriwyd at wasanaethau cymorth, fesul"
            " UYT, yn flynyddol (enghreifftiol)",
            "description": "Dioddefwyr troseddau treisgar a atgyfeiriwyd at wasanaethau cymorth"
            " a gomisiynwyd ym mhob ardal Uned Lleihau Trais, 2019 a 2020."
            + INVENTED_CY
            + GREATER_MANCHESTER_CY,
        },
        "units": {
            "title": "Unedau Lleihau Trais",
            "description": "18 Uned Lleihau Trais Cymru a Lloegr.",
        },
        "victims-referred": {
            "title": "Dioddefwyr a atgyfeiriwyd at wasanaethau cymorth",
            "description": "Dioddefwyr troseddau treisgar a atgyfeiriwyd at wasanaethau cymorth"
            " a gomisiynwyd, un rhes ar gyfer pob uned a blwyddyn galendr.",
        },
        "fields": {
            "year": {"title": "Blwyddyn", "description": "Blwyddyn galendr yr atgyfeiriad."},
            "victims_referred": {
                "title": "Dioddefwyr a atgyfeiriwyd",
                "description": "Dioddefwyr a atgyfeiriwyd at wasanaethau cymorth a gomisiynwyd"
                " yn ystod y flwyddyn.",
            },
        },
    },
    "vru-violence-with-injury": {
        "package": {
            "title": "Troseddau trais ag anaf, fesul UYT, yn flynyddol (enghreifftiol)",
            "description": "Troseddau trais ag anaf a gofnodwyd gan yr heddlu ym mhob ardal"
            " Uned Lleihau Trais, gyda'r gyfradd fesul 1,000 o drigolion, 2018 i 2020."
            + INVENTED_CY,
        },
        "units": {
            "title": "Unedau Lleihau Trais",
            "description": "18 Uned Lleihau Trais Cymru a Lloegr.",
        },
        "violence-with-injury": {
            "title": "Troseddau trais ag anaf",
            "description": "Troseddau trais ag anaf a gofnodwyd gan yr heddlu, a'r gyfradd fesul"
            " 1,000 o drigolion, un rhes ar gyfer pob uned a blwyddyn galendr.",
        },
        "fields": {
            "year": {"title": "Blwyddyn", "description": "Blwyddyn galendr y drosedd."},
            "offences": {
                "title": "Troseddau",
                "description": "Troseddau trais ag anaf a gofnodwyd gan yr heddlu.",
            },
            "rate_per_1000": {
                "title": "Cyfradd fesul 1,000 o drigolion",
                "description": "Troseddau fesul 1,000 o drigolion, wedi'u talgrynnu i ddau le"
                " degol.",
            },
        },
    },
}


# The units resource of every package, in Welsh: field titles, and the names of the units
# and regions in the data ("values", shown in charts and tables on Welsh pages). A unit in
# Wales has a Welsh name; a unit in England keeps its English name, as Welsh usage does.
# Welsh written carefully, NEEDS REVIEW by a Welsh speaker.
WELSH_UNIT_NAMES = {
    "south-wales": ("Uned Lleihau Trais De Cymru", "De Cymru"),
}
WELSH_REGIONS = {
    "East Midlands": "Dwyrain Canolbarth Lloegr",
    "East of England": "Dwyrain Lloegr",
    "London": "Llundain",
    "North East": "Gogledd-ddwyrain Lloegr",
    "North West": "Gogledd-orllewin Lloegr",
    "South East": "De-ddwyrain Lloegr",
    "South West": "De-orllewin Lloegr",
    "Wales": "Cymru",
    "West Midlands": "Gorllewin Canolbarth Lloegr",
    "Yorkshire and The Humber": "Swydd Efrog a'r Humber",
}


WELSH_UNIT_ID = {"title": "Uned", "description": "Dynodydd yr Uned Lleihau Trais."}


def welsh_unit_fields() -> dict[str, dict]:
    """The Welsh of the units resource's fields, with the names of its values."""
    english = {uid: (f"{area} Violence Reduction Unit", area) for uid, area, _r, _p in UNITS}
    full_names = {english[uid][0]: welsh[0] for uid, welsh in WELSH_UNIT_NAMES.items()}
    short_names = {english[uid][1]: welsh[1] for uid, welsh in WELSH_UNIT_NAMES.items()}
    return {
        "id": {"title": "Dynodydd yr uned", "description": "Dynodydd sefydlog yr uned."},
        "name": {
            "title": "Enw'r uned",
            "description": "Enw'r Uned Lleihau Trais.",
            "values": full_names,
        },
        "short_name": {
            "title": "Enw byr",
            "description": "Enw byr yr uned, a ddefnyddir mewn siartiau a thablau.",
            "values": short_names,
        },
        "police_force_area": {
            "title": "Ardal heddlu",
            "description": "Ardal yr heddlu y mae'r uned yn ei chwmpasu.",
            "values": short_names,
        },
        "region": {
            "title": "Rhanbarth",
            "description": "Rhanbarth yn Lloegr, neu Gymru.",
            "values": WELSH_REGIONS,
        },
        "population": {
            "title": "Poblogaeth",
            "description": "Poblogaeth breswyl yr ardal (enghreifftiol).",
        },
    }


def with_welsh(descriptor: dict) -> dict:
    welsh = WELSH.get(descriptor["name"])
    if welsh is None:
        return descriptor
    descriptor = json.loads(json.dumps(descriptor))
    descriptor[TRANSLATIONS] = {"cy": welsh["package"]}
    for resource in descriptor["resources"]:
        if resource["name"] in welsh:
            resource[TRANSLATIONS] = {"cy": welsh[resource["name"]]}
        fields = (
            welsh_unit_fields()
            if resource["name"] == "units"
            else {"unit_id": WELSH_UNIT_ID, **welsh["fields"]}
        )
        for spec in resource["schema"]["fields"]:
            if spec["name"] in fields:
                spec[TRANSLATIONS] = {"cy": fields[spec["name"]]}
    return descriptor


def write_packages(root: Path) -> None:
    for descriptor, files in packages():
        descriptor = with_welsh(descriptor)
        folder = root / descriptor["name"]
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
        (folder / "datapackage.json").write_text(text, encoding="utf-8")
        (folder / "README.md").write_text(readme(descriptor), encoding="utf-8")
        for path, content in files.items():
            (folder / path).write_text(content, encoding="utf-8", newline="")


if __name__ == "__main__":
    write_packages(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
