"""Step 1b: a data package's titles and descriptions in the run's language.

A package, each resource and each field may carry a custom property that stock
frictionless ignores (and so still validates):

    "newsroom:translations": {"cy": {"title": "...", "description": "..."}}

In a run of another language than the default, those texts replace the originals, so
dataset pages, chart axis titles, chart CSV headings and spreadsheets come in that
language; the originals are kept under the default language's code, so that catalogue
metadata can give every language as a language-tagged literal.

A string field's translations may also name its values in that language,

    "newsroom:translations": {"cy": {"title": "Enw", "values": {"South Wales": "De Cymru"}}}

which charts (labels, legends, data tables, CSV downloads) and unit pages show on that
language's pages. The data themselves, and every download of the package, keep the
values as published.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from newsroom.core.errors import Location, NewsroomError, NewsroomProblem, did_you_mean
from newsroom.core.languages import known_language
from newsroom.data.packages import TabularResource, ValidatedPackage

PROPERTY = "newsroom:translations"
TEXTS = ("title", "description")
VALUES = "values"
STRING_TYPES = ("string", None)  # a field without a type is a string (Table Schema)


def translate_packages(
    packages: list[ValidatedPackage], lang: str, languages: list[str]
) -> list[ValidatedPackage]:
    """Every package in lang; unknown language codes in the property stop the build."""
    problems = [p for package in packages for p in _check(package, languages)]
    if problems:
        raise NewsroomError(problems)
    if lang == languages[0]:
        return packages
    return [_translated(package, lang, languages[0]) for package in packages]


def _check(package: ValidatedPackage, languages: list[str]) -> list[NewsroomProblem]:
    shown = f"{package.display_path}/datapackage.json"
    places: list[tuple[dict[str, Any], Location]] = [
        (package.descriptor, Location(shown, package=package.name))
    ]
    fields: list[tuple[dict[str, Any], Location]] = []
    for raw in package.descriptor.get("resources", []):
        name = str(raw.get("name", ""))
        places.append((raw, Location(shown, package=package.name, resource=name)))
        for spec in raw.get("schema", {}).get("fields", []) if isinstance(raw, dict) else []:
            where = Location(shown, package=package.name, resource=name, field=spec.get("name"))
            fields.append((spec, where))
    problems = [p for spec, where in fields for p in _check_values(spec, where)]
    for holder, where in places:
        translations = holder.get(PROPERTY, {}) if isinstance(holder, dict) else {}
        if isinstance(translations, dict) and any(
            isinstance(texts, dict) and VALUES in texts for texts in translations.values()
        ):
            problems.append(
                NewsroomProblem(
                    "translation-values-invalid",
                    where,
                    f'"{PROPERTY}" names "{VALUES}" here, but only a field has values.',
                    f'Move "{VALUES}" into the translations of the field whose values it'
                    " names (docs/bilingual.md).",
                )
            )
    for holder, where in places + fields:
        translations = holder.get(PROPERTY, {}) if isinstance(holder, dict) else {}
        if not isinstance(translations, dict):
            translations = {"": None}
        for code, texts in translations.items():
            # A language the site does not publish is ignored (packages are shared between
            # sites); a code that is no language at all, or texts that are not a mapping,
            # are mistakes.
            if not known_language(str(code)) or not isinstance(texts, dict):
                problems.append(
                    NewsroomProblem(
                        "translation-language-unknown",
                        where,
                        f'"{PROPERTY}" has "{code}", which is not a language code with'
                        f" texts under it. {did_you_mean(str(code), languages)}",
                        'Write {"cy": {"title": "...", "description": "..."}} with the'
                        " codes of NEWSROOM_LANGUAGES (docs/bilingual.md).",
                    )
                )
    return problems


def _check_values(spec: dict[str, Any], where: Location) -> list[NewsroomProblem]:
    """A field's translated values: a mapping of strings, on a string field."""
    translations = spec.get(PROPERTY, {}) if isinstance(spec, dict) else {}
    problems = []
    for code, texts in translations.items() if isinstance(translations, dict) else []:
        if not isinstance(texts, dict) or VALUES not in texts:
            continue
        values = texts[VALUES]
        if not isinstance(values, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in values.items()
        ):
            problems.append(
                NewsroomProblem(
                    "translation-values-invalid",
                    where,
                    f'the "{code}" translation of this field has "{VALUES}" that is not a mapping'
                    " of each value in the data to its name (both text).",
                    f'Write e.g. "{VALUES}": {{"South Wales": "De Cymru"}} (docs/bilingual.md).',
                )
            )
        elif spec.get("type") not in STRING_TYPES:
            problems.append(
                NewsroomProblem(
                    "translation-values-invalid",
                    where,
                    f'the "{code}" translation of this field has "{VALUES}", but the field holds'
                    f" {spec.get('type')} values: only the names of categories (text) are"
                    " translated.",
                    f'Remove "{VALUES}" from this field\'s translations.',
                )
            )
    return problems


def _overlay(holder: dict[str, Any], lang: str, default: str) -> dict[str, Any]:
    """holder with its texts in lang, and the originals kept under the default's code."""
    translations = holder.get(PROPERTY, {})
    if lang not in translations:
        return holder
    result = dict(holder)
    result[PROPERTY] = {
        **translations,
        default: {key: holder[key] for key in TEXTS if key in holder},
    }
    result.update({key: value for key, value in translations[lang].items() if key in TEXTS})
    return result


def _translated(package: ValidatedPackage, lang: str, default: str) -> ValidatedPackage:
    descriptor = _overlay(copy.deepcopy(package.descriptor), lang, default)
    raws = descriptor.get("resources", [])
    resources = []
    for resource in package.resources:
        index = next(i for i, raw in enumerate(raws) if raw.get("name") == resource.name)
        raw = _overlay(raws[index], lang, default)
        schema = dict(raw.get("schema", {}))
        schema["fields"] = [_overlay(spec, lang, default) for spec in schema.get("fields", [])]
        raw["schema"] = schema
        raws[index] = raw
        resources.append(_translated_resource(resource, raw, schema, lang))
    return dataclasses.replace(
        package,
        descriptor=descriptor,
        resources=tuple(resources),
        archive=tuple(_translated(old, lang, default) for old in package.archive),
    )


def _translated_resource(
    resource: TabularResource, raw: dict[str, Any], schema: dict[str, Any], lang: str
) -> TabularResource:
    return dataclasses.replace(
        resource,
        title=str(raw.get("title") or resource.title),
        description=str(raw.get("description") or ""),
        schema={**resource.schema, "fields": schema["fields"]},
        value_names={
            str(spec["name"]): dict(spec[PROPERTY][lang][VALUES])
            for spec in schema["fields"]
            if VALUES in spec.get(PROPERTY, {}).get(lang, {})
        },
    )


def language_texts(
    text: str, translations: dict[str, Any], key: str, lang: str, languages: list[str]
) -> str | list[dict[str, str]]:
    """A text as JSON-LD: plain on a one-language site, else one literal per language."""
    if len(languages) == 1:
        return text
    texts = {lang: text}
    for code, values in translations.items():
        if isinstance(values, dict) and values.get(key):
            texts[code] = str(values[key])
    return [{"@language": code, "@value": texts[code]} for code in languages if texts.get(code)]
