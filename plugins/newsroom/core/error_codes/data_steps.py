"""Error codes of the first steps: settings, languages, data packages and frictionless."""

from __future__ import annotations

from newsroom.core.error_codes.error_code import ErrorCode

DATA_CODES = (
    ErrorCode(
        "setting-unknown",
        "settings",
        "A NEWSROOM_ setting that the plugin does not know",
        "Correct the setting's name in pelicanconf.py, or remove it; docs/settings.md"
        " lists every setting.",
    ),
    ErrorCode(
        "setting-invalid",
        "settings",
        "A setting of the wrong type, or a value its setting does not allow",
        "Give the setting a value of the type and form docs/settings.md names, or remove it.",
    ),
    ErrorCode(
        "setting-missing",
        "settings",
        "A setting the site must give is missing or empty",
        "Add it to pelicanconf.py, as the message shows; docs/settings.md says what it is for.",
    ),
    ErrorCode(
        "init-folder-not-empty",
        "settings",
        "`newsroom init` in a folder that is not empty",
        "Run `newsroom init` in a new or empty folder: it never overwrites a file.",
    ),
    ErrorCode(
        "content-cache-unsupported",
        "settings",
        "Pelican's content cache is on",
        "Remove LOAD_CONTENT_CACHE from the settings: the newsroom caches by content itself,"
        " so that a change in the data always shows.",
    ),
    ErrorCode(
        "language-unknown",
        "languages",
        "A language that is not one of the site's",
        "Use a code that NEWSROOM_LANGUAGES lists, or add the language there first"
        " (docs/bilingual.md).",
    ),
    ErrorCode(
        "translation-catalogue-missing",
        "languages",
        "A language without the theme's message catalogue",
        "Copy an existing theme/translations/*/LC_MESSAGES/messages.po to the language's"
        " folder and translate it (docs/bilingual.md).",
    ),
    ErrorCode(
        "translation-missing",
        "languages",
        "An interface text without a translation",
        "Add the text (msgid) and its translation (msgstr) to the language's messages.po.",
    ),
    ErrorCode(
        "translation-duplicate",
        "languages",
        "Two translations of one article in one language",
        "Keep one file per language for each Slug, or give one of them another Slug.",
    ),
    ErrorCode(
        "translation-orphan",
        "languages",
        "A translation without an original",
        "Give the translation the Slug of its original, or remove 'Translation: true'.",
    ),
    ErrorCode(
        "descriptor-encoding",
        "data",
        "A datapackage.json that is not UTF-8",
        "Save datapackage.json as UTF-8 text.",
    ),
    ErrorCode(
        "descriptor-json",
        "data",
        "A datapackage.json that is not valid JSON, or not an object",
        "Correct the JSON where the message says; a missing comma or quote is the usual cause.",
    ),
    ErrorCode(
        "descriptor-property",
        "data",
        "A property of datapackage.json with the wrong shape",
        "Write 'resources' as a list of objects, as the Data Package standard describes.",
    ),
    ErrorCode(
        "package-empty",
        "data",
        "A package without resources",
        "List at least one CSV resource under 'resources'.",
    ),
    ErrorCode(
        "package-status-invalid",
        "data",
        "A status of statistics that is not one of the five",
        "Give `newsroom:status` (or NEWSROOM_PACKAGE_STATUS) one of accredited-official,"
        " official, official-in-development, management-information, illustrative.",
    ),
    ErrorCode(
        "package-status-missing",
        "data",
        "A package that does not state the status of its statistics (a warning; the"
        " production build stops)",
        "Add `newsroom:status` to its datapackage.json, or set NEWSROOM_PACKAGE_STATUS for a"
        " package published unchanged from another publisher (docs/publishing-data.md).",
    ),
    ErrorCode(
        "package-name-duplicate",
        "data",
        "Two packages with one name",
        "Give each package a name of its own in its datapackage.json.",
    ),
    ErrorCode(
        "archive-version-invalid",
        "data",
        "An archived release that is not an earlier version of the package",
        "Keep only earlier releases of the same package in its archive/ folder.",
    ),
    ErrorCode(
        "archive-version-duplicate",
        "data",
        "A release archived twice",
        "Remove one of the two copies from the archive/ folder.",
    ),
    ErrorCode(
        "resource-missing",
        "data",
        "A resource whose file does not exist",
        "Add the file to the package folder, or correct the resource's 'path'.",
    ),
    ErrorCode(
        "resource-unsupported",
        "data",
        "A resource the newsroom cannot publish",
        "Publish each table as a CSV file named in the resource's 'path'.",
    ),
    ErrorCode(
        "resource-too-wide",
        "data",
        "A CSV row with far more cells than the schema has fields",
        "Check the delimiter and the quoting, or describe every column in the schema.",
    ),
    ErrorCode(
        "schema-missing",
        "data",
        "A resource without a table schema",
        "Describe each column under the resource's 'schema': {'fields': [...]}.",
    ),
    ErrorCode(
        "unsafe-path",
        "data",
        "A path or profile that could lead out of the package folder",
        "Give each file's path inside the package folder, relative to it (copy rather"
        " than link), and leave out a non-standard 'profile' (docs/security.md).",
    ),
    ErrorCode(
        "translation-language-unknown",
        "data",
        "A package translation under a code that is not a language",
        "Key a package's translations by the codes of NEWSROOM_LANGUAGES (docs/bilingual.md).",
    ),
    ErrorCode(
        "translation-values-invalid",
        "data",
        "Translated values where they cannot be",
        "Translate 'values' only in a text field's translations, as a mapping of each"
        " value to its name (docs/bilingual.md).",
    ),
    ErrorCode(
        "frictionless/error",
        "frictionless",
        "An error frictionless gives no more precise type",
        "Read frictionless' message (an empty archive, say, or a type this catalogue does"
        " not know yet) and correct the package.",
    ),
    ErrorCode(
        "frictionless/metadata-error",
        "frictionless",
        "A descriptor that breaks the Data Package standard",
        "Correct datapackage.json so that it follows the Data Package standard.",
    ),
    ErrorCode(
        "frictionless/package-error",
        "frictionless",
        "A package descriptor frictionless cannot use",
        "Correct the package's properties in datapackage.json.",
    ),
    ErrorCode(
        "frictionless/resource-error",
        "frictionless",
        "A resource descriptor frictionless cannot use",
        "Correct the resource's properties in datapackage.json.",
    ),
    ErrorCode(
        "frictionless/schema-error",
        "frictionless",
        "A table schema frictionless cannot use",
        "Correct the resource's table schema: its fields, primary key and foreign keys.",
    ),
    ErrorCode(
        "frictionless/field-error",
        "frictionless",
        "A field descriptor frictionless cannot use",
        "Correct the field's name, type, format or constraints in the schema.",
    ),
    ErrorCode(
        "frictionless/dialect-error",
        "frictionless",
        "A CSV dialect frictionless cannot use",
        "Correct the resource's 'dialect', or remove it for plain comma CSV.",
    ),
    ErrorCode(
        "frictionless/control-error",
        "frictionless",
        "A format option frictionless cannot use",
        "Correct the format options of the resource's 'dialect'.",
    ),
    ErrorCode(
        "frictionless/source-error",
        "frictionless",
        "A data file frictionless cannot read as a table",
        "Check that the resource's file is a CSV with a header and rows.",
    ),
    ErrorCode(
        "frictionless/scheme-error",
        "frictionless",
        "A data file at a place frictionless cannot read",
        "Name a file of the package folder in the resource's 'path'.",
    ),
    ErrorCode(
        "frictionless/format-error",
        "frictionless",
        "A data file in a format frictionless cannot read",
        "Publish the table as CSV and correct the resource's 'format'.",
    ),
    ErrorCode(
        "frictionless/encoding-error",
        "frictionless",
        "A data file in another encoding than declared",
        "Save the file as UTF-8, or give its real 'encoding' in the resource.",
    ),
    ErrorCode(
        "frictionless/compression-error",
        "frictionless",
        "A compressed data file that cannot be opened",
        "Publish the CSV uncompressed, or repair its archive.",
    ),
    ErrorCode(
        "frictionless/hash-count",
        "frictionless",
        "A file whose hash differs from the descriptor's",
        "Give the resource the file's new 'hash', or remove the 'hash'.",
    ),
    ErrorCode(
        "frictionless/byte-count",
        "frictionless",
        "A file whose size differs from the descriptor's",
        "Give the resource the file's new 'bytes', or remove the 'bytes'.",
    ),
    ErrorCode(
        "frictionless/field-count",
        "frictionless",
        "A table whose number of fields differs from the descriptor's",
        "Correct the number of fields the resource's stats give, or remove it.",
    ),
    ErrorCode(
        "frictionless/row-count",
        "frictionless",
        "A table whose number of rows differs from the descriptor's",
        "Correct the number of rows the resource's stats give, or remove it.",
    ),
    ErrorCode(
        "frictionless/blank-header",
        "frictionless",
        "An empty header row",
        "Start the CSV with a header row of the field names.",
    ),
    ErrorCode(
        "frictionless/unmatched-header",
        "frictionless",
        "A header row that names none of the schema's fields",
        "Name at least one of the schema's fields in the CSV's header row.",
    ),
    ErrorCode(
        "frictionless/extra-label",
        "frictionless",
        "A column the schema does not describe",
        "Describe the column in the schema, or remove it from the CSV.",
    ),
    ErrorCode(
        "frictionless/missing-label",
        "frictionless",
        "A schema field with no column",
        "Add the column to the CSV, or remove the field from the schema.",
    ),
    ErrorCode(
        "frictionless/blank-label",
        "frictionless",
        "A column without a name",
        "Give the column a name in the header row.",
    ),
    ErrorCode(
        "frictionless/duplicate-label",
        "frictionless",
        "Two columns with one name",
        "Give each column of the header row a different name.",
    ),
    ErrorCode(
        "frictionless/incorrect-label",
        "frictionless",
        "A column name that differs from the schema's field",
        "Make the header row name the schema's fields, in the schema's order.",
    ),
    ErrorCode(
        "frictionless/blank-row",
        "frictionless",
        "An empty row",
        "Remove the empty row from the CSV.",
    ),
    ErrorCode(
        "frictionless/primary-key",
        "frictionless",
        "A primary key that is repeated or empty",
        "Give each row a primary key of its own, with no part of it empty.",
    ),
    ErrorCode(
        "frictionless/foreign-key",
        "frictionless",
        "A value the referenced resource does not hold",
        "Use a value that the referenced resource holds, or add it there.",
    ),
    ErrorCode(
        "frictionless/extra-cell",
        "frictionless",
        "A row with more cells than the header",
        "Remove the extra value, or quote a value that holds a comma.",
    ),
    ErrorCode(
        "frictionless/missing-cell",
        "frictionless",
        "A row with fewer cells than the header",
        "Give the row a cell for every column, empty if the value is missing.",
    ),
    ErrorCode(
        "frictionless/type-error",
        "frictionless",
        "A value that is not of the field's type",
        "Correct the value, or change the field's type in datapackage.json.",
    ),
    ErrorCode(
        "frictionless/constraint-error",
        "frictionless",
        "A value that breaks a constraint of the schema",
        "Correct the value, or relax the constraint in datapackage.json.",
    ),
    ErrorCode(
        "frictionless/unique-error",
        "frictionless",
        "A repeated value in a unique field",
        "Make the field's values unique, or remove its 'unique' constraint.",
    ),
    ErrorCode(
        "frictionless/more-errors",
        "frictionless",
        "More errors than are shown (the newsroom's code, not one of frictionless' types)",
        "Correct the errors shown and build again, or run `frictionless validate` on the"
        " package for its full report.",
    ),
)
