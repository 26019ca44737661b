"""Step 0: the controlled vocabularies of the data catalogue (DCAT-AP 3), with labels.

DCAT-AP asks for concepts from shared vocabularies (the EU Publications Office's
authority tables, ADMS's) and each concept in a catalogue to carry a label, which these
vocabularies do not serve offline; so the few concepts a newsroom uses are listed here,
with their English labels as the vocabularies publish them. The settings check refuses
an IRI of a vocabulary that is not listed, naming the ones that are.
"""

from __future__ import annotations

EU = "http://publications.europa.eu/resource/authority/"
ADMS = "http://purl.org/adms/"
IANA = "https://www.iana.org/assignments/media-types/"

DATA_THEMES = EU + "data-theme"
DATA_THEME_LABELS = {
    EU + "data-theme/" + code: label
    for code, label in (
        ("AGRI", "Agriculture, fisheries, forestry and food"),
        ("ECON", "Economy and finance"),
        ("EDUC", "Education, culture and sport"),
        ("ENER", "Energy"),
        ("ENVI", "Environment"),
        ("GOVE", "Government and public sector"),
        ("HEAL", "Health"),
        ("INTR", "International issues"),
        ("JUST", "Justice, legal system and public safety"),
        ("REGI", "Regions and cities"),
        ("SOCI", "Population and society"),
        ("TECH", "Science and technology"),
        ("TRAN", "Transport"),
    )
}

PUBLISHER_TYPE_LABELS = {
    ADMS + "publishertype/" + code: label
    for code, label in (
        ("Academia-ScientificOrganisation", "Academia/Scientific organisation"),
        ("Company", "Company"),
        ("IndustryConsortium", "Industry consortium"),
        ("LocalAuthority", "Local authority"),
        ("NationalAuthority", "National authority"),
        ("NonGovernmentalOrganisation", "Non-governmental organisation"),
        ("NonProfitOrganisation", "Non-profit organisation"),
        ("PrivateIndividual(s)", "Private individual(s)"),
        ("RegionalAuthority", "Regional authority"),
        ("StandardisationBody", "Standardisation body"),
        ("SupraNationalAuthority", "Supra-national authority"),
    )
}

AVAILABILITY_LABELS = {
    EU + "planned-availability/" + code: label
    for code, label in (
        ("TEMPORARY", "temporary"),
        ("EXPERIMENTAL", "experimental"),
        ("AVAILABLE", "available"),
        ("STABLE", "stable"),
    )
}

LICENCE_TYPE_LABELS = {
    ADMS + "licencetype/" + code: label
    for code, label in (
        ("PublicDomain", "Public domain"),
        ("Attribution", "Attribution"),
        ("ShareAlike", "Share-alike"),
    )
}
_PUBLIC_DOMAIN = (ADMS + "licencetype/PublicDomain",)
_ATTRIBUTION = (ADMS + "licencetype/Attribution",)
_SHARE_ALIKE = (ADMS + "licencetype/Attribution", ADMS + "licencetype/ShareAlike")
# The ADMS licence types of well-known open licences, by their addresses (with and
# without `https`, a trailing slash or `legalcode`, as packages write them).
LICENCE_TYPES = {
    "creativecommons.org/publicdomain/zero/1.0": _PUBLIC_DOMAIN,
    "opendatacommons.org/licenses/pddl/1.0": _PUBLIC_DOMAIN,
    "creativecommons.org/licenses/by/4.0": _ATTRIBUTION,
    "www.nationalarchives.gov.uk/doc/open-government-licence/version/3": _ATTRIBUTION,
    "opendatacommons.org/licenses/by/1.0": _ATTRIBUTION,
    "creativecommons.org/licenses/by-sa/4.0": _SHARE_ALIKE,
    "opendatacommons.org/licenses/odbl/1.0": _SHARE_ALIKE,
}

# Formats of the downloads: the EU file-type concept of each.
FILE_TYPES = {
    "csv": EU + "file-type/CSV",
    "xlsx": EU + "file-type/XLSX",
    "json": EU + "file-type/JSON",
    "parquet": EU + "file-type/PARQUET",
    "zip": EU + "file-type/ZIP",
}

# The site's languages (ISO 639-1, as Pelican names them): the EU language concept.
LANGUAGES = {
    code: EU + "language/" + eu
    for code, eu in (
        ("cy", "CYM"), ("de", "DEU"), ("en", "ENG"), ("es", "SPA"), ("fr", "FRA"),
        ("ga", "GLE"), ("gd", "GLA"), ("it", "ITA"), ("nl", "NLD"), ("pl", "POL"),
        ("pt", "POR"),
    )
}  # fmt: skip


def licence_types(url: str) -> tuple[str, ...]:
    """The ADMS licence types of a licence by its address; empty if it is not known."""
    key = url.split("://", 1)[-1].removesuffix("/").removesuffix("/legalcode").removesuffix("/")
    return LICENCE_TYPES.get(key, ())
