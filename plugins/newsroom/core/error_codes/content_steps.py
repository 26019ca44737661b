"""Error codes of what authors write: charts, figures in the text, articles and pages."""

from __future__ import annotations

from newsroom.core.error_codes.error_code import ErrorCode

CONTENT_CODES = (
    ErrorCode(
        "chart-yaml",
        "charts",
        "A chart's options that are not valid YAML",
        "Write one 'option: value' per line, each option once; quote a value that holds ': '.",
    ),
    ErrorCode(
        "chart-fence-open",
        "charts",
        "A chart block that is never closed",
        "End the block with a line holding only the fence that opened it.",
    ),
    ErrorCode(
        "chart-option-unknown",
        "charts",
        "An unknown chart option",
        "Remove the option or correct its spelling (docs/authors-guide.md lists them).",
    ),
    ErrorCode(
        "chart-option-missing",
        "charts",
        "A chart option that is needed and missing",
        "Add the option the message names to the chart block.",
    ),
    ErrorCode(
        "chart-option-unsupported",
        "charts",
        "An option this kind of chart cannot draw",
        "Remove the option, or choose a kind of chart that draws it.",
    ),
    ErrorCode(
        "chart-alt-missing",
        "charts",
        "A chart without alt text",
        "Add 'alt:' with a sentence that says what the chart shows, for screen readers.",
    ),
    ErrorCode(
        "chart-alt-translation-missing",
        "charts",
        "A chart's alt text without a translation",
        "Give the alt text in every language of the site (docs/bilingual.md).",
    ),
    ErrorCode(
        "chart-language-unknown",
        "charts",
        "A chart's text in a language the site does not have",
        "Key a chart's texts by the codes of NEWSROOM_LANGUAGES, e.g. {en: ..., cy: ...}.",
    ),
    ErrorCode(
        "chart-kind-unknown",
        "charts",
        "An unknown kind of chart",
        "Use one of the kinds the message lists (docs/authors-guide.md shows each).",
    ),
    ErrorCode(
        "chart-aggregate-unknown",
        "charts",
        "An unknown 'aggregate'",
        "Write 'aggregate: sum' or 'aggregate: mean'.",
    ),
    ErrorCode(
        "chart-per-unknown",
        "charts",
        "An unknown 'per' period",
        "Write 'per: month', 'per: quarter' or 'per: year'.",
    ),
    ErrorCode(
        "chart-package-unknown",
        "charts",
        "A chart of a data package that does not exist",
        "Use the 'name' of a package under data/, as its datapackage.json gives it.",
    ),
    ErrorCode(
        "chart-resource-unknown",
        "charts",
        "A chart of a resource the package does not have",
        "Use the 'name' of one of the package's resources.",
    ),
    ErrorCode(
        "chart-resource-ambiguous",
        "charts",
        "A chart whose fields fit several resources",
        "Add 'resource: NAME' to say which of the package's tables to draw.",
    ),
    ErrorCode(
        "chart-field-unknown",
        "charts",
        "A chart of a field the resource does not have",
        "Use a field name from the resource's schema.",
    ),
    ErrorCode(
        "chart-filter-invalid",
        "charts",
        "A chart's filter that cannot be read",
        "Write 'filter:' as 'field: value' pairs; a value may be a list, or"
        " {from: ..., to: ...} written like the data.",
    ),
    ErrorCode(
        "chart-filter-empty",
        "charts",
        "A chart's filter that selects no rows",
        "Filter on values that appear in the data.",
    ),
    ErrorCode(
        "chart-field-not-numeric",
        "charts",
        "A chart of values that are not numbers",
        "Draw an integer or number field along y.",
    ),
    ErrorCode(
        "chart-per-invalid",
        "charts",
        "A 'per' period without dates along x",
        "Use 'per' only with a date or yearmonth field along x.",
    ),
    ErrorCode(
        "chart-too-many-series",
        "charts",
        "More series than the house palette tells apart",
        "Use small multiples (a panel each), or filter to fewer values of 'by'.",
    ),
    ErrorCode(
        "chart-highlight-unknown",
        "charts",
        "A highlighted value that no row has",
        "Highlight a value that appears in the 'by' field.",
    ),
    ErrorCode(
        "chart-rows-ambiguous",
        "charts",
        "Several rows for one point of a chart",
        "Add 'aggregate', a 'by' field, or a narrower filter.",
    ),
    ErrorCode(
        "chart-split-invalid",
        "charts",
        "A before-after chart's split that cannot be read",
        "Draw a date field along x and give 'split' as the first period of the 'after'"
        " part, written like the data.",
    ),
    ErrorCode(
        "chart-annotation-invalid",
        "charts",
        "An annotation that cannot be read",
        "Give each annotation a date along x, written like the data, and a label.",
    ),
    ErrorCode(
        "chart-name-unknown",
        "charts",
        "A chart name that nothing defines",
        "Use the name of a chart in content/charts/ or of a view in a datapackage.json.",
    ),
    ErrorCode(
        "chart-id-duplicate",
        "charts",
        "Two charts with one id",
        "Give each chart of the site an 'id' of its own.",
    ),
    ErrorCode(
        "chart-image-lost",
        "charts",
        "A chart image gone from the cache during the build",
        "Build again, and leave the cache folder alone while a build runs.",
    ),
    ErrorCode(
        "view-invalid",
        "charts",
        "A package's view without a name",
        "Give each view in datapackage.json a 'name'.",
    ),
    ErrorCode(
        "view-unsupported",
        "charts",
        "A package's view the newsroom cannot draw",
        "Use a simple line or bar view of one series, or define the chart in content/charts/.",
    ),
    ErrorCode(
        "view-not-drawn",
        "charts",
        "A package's view in the Observable Plot form that the newsroom cannot draw",
        "The package is published without that chart and its page says why (a warning,"
        " in production too). Rewrite the view with the marks and channels"
        " docs/publishing-data.md lists, or define the chart in content/charts/.",
    ),
    ErrorCode(
        "figure-yaml",
        "figures",
        "A figures block that is not valid YAML",
        "Write each figure as its name and its options indented under it, each option"
        " once; quote a value that holds ': '.",
    ),
    ErrorCode(
        "figures-fence-open",
        "figures",
        "A figures block that is never closed",
        "End the block with a line holding only the fence that opened it.",
    ),
    ErrorCode(
        "figure-option-unknown",
        "figures",
        "An unknown figure option",
        "Remove the option or correct its spelling (docs/authors-guide.md lists them).",
    ),
    ErrorCode(
        "figure-option-invalid",
        "figures",
        "A figure option with a value it cannot take",
        "Give the option one of the values the message names.",
    ),
    ErrorCode(
        "figure-calculation-unknown",
        "figures",
        "An unknown calculation",
        "Use one of the calculations the message lists (docs/authors-guide.md).",
    ),
    ErrorCode(
        "figure-format-unknown",
        "figures",
        "An unknown number format",
        "Use one of the formats the message lists (docs/authors-guide.md).",
    ),
    ErrorCode(
        "figure-package-unknown",
        "figures",
        "A figure from a data package that does not exist",
        "Use the 'name' of a package under data/, as its datapackage.json gives it.",
    ),
    ErrorCode(
        "figure-resource-unknown",
        "figures",
        "A figure from a resource the package does not have",
        "Use the 'name' of one of the package's resources.",
    ),
    ErrorCode(
        "figure-resource-ambiguous",
        "figures",
        "A figure whose fields fit several resources",
        "Add 'resource: NAME' to say which of the package's tables to use.",
    ),
    ErrorCode(
        "figure-field-unknown",
        "figures",
        "A figure from a field the resource does not have",
        "Use a field name from the resource's schema.",
    ),
    ErrorCode(
        "figure-filter-invalid",
        "figures",
        "A figure's filter that cannot be read",
        "Write 'filter:' as 'field: value' pairs; a value may be a list, or"
        " {from: ..., to: ...} written like the data.",
    ),
    ErrorCode(
        "figure-filter-empty",
        "figures",
        "A figure's filter or period that selects no rows",
        "Filter on values, and give periods, that the data covers.",
    ),
    ErrorCode(
        "figure-field-not-numeric",
        "figures",
        "A calculation on values that are not numbers",
        "Calculate on an integer or number field.",
    ),
    ErrorCode(
        "figure-period-invalid",
        "figures",
        "A period that cannot be read",
        "Write the period as 'FIRST to LAST', each written like the data.",
    ),
    ErrorCode(
        "figure-division-by-zero",
        "figures",
        "A percentage change from zero",
        "Choose a 'before' period whose total is not 0.",
    ),
    ErrorCode(
        "figure-rows-ambiguous",
        "figures",
        "Several rows where the calculation needs one",
        "Narrow the filter, or use a calculation over rows such as sum or mean.",
    ),
    ErrorCode(
        "figure-highlight-unknown",
        "figures",
        "A ranked value that no selected row has",
        "Use a value of 'by' that the filter keeps.",
    ),
    ErrorCode(
        "figure-name-unknown",
        "figures",
        "A link to a figure the article does not define",
        "Define the figure in a figures block of the same article, or correct the name.",
    ),
    ErrorCode(
        "figure-mismatch",
        "figures",
        "Words that do not match the data",
        "Write what the message says the data gives, or correct the figure's definition.",
    ),
    ErrorCode(
        "number-unreviewed",
        "figures",
        "A number in the prose that is neither a figure nor marked as not from data",
        "Make it a figure, [18](figure:NAME), or mark it as not from data,"
        " [18](not-data:). A warning in the development build; the production build"
        " stops on it.",
    ),
    ErrorCode(
        "content-unreadable",
        "articles",
        "An article or page that cannot be read",
        "Correct the file's front matter and Markdown, and save it as UTF-8.",
    ),
    ErrorCode(
        "link-dataset-unknown",
        "articles",
        "A {dataset} link to a package that does not exist",
        "Link to {dataset}NAME with the name of a package under data/.",
    ),
    ErrorCode(
        "link-unit-unknown",
        "articles",
        "A {unit} link to a unit that does not exist",
        "Link to {unit}ID with an id from the units resource under data/.",
    ),
    ErrorCode(
        "article-unit-unknown",
        "articles",
        "An article's 'Units:' naming a unit that does not exist",
        "Give ids from the units resource, separated by commas.",
    ),
    ErrorCode(
        "article-author-type-unknown",
        "articles",
        "An article's 'Author-Type:' that is neither Person nor Organization",
        "Write 'Author-Type: Person' for a byline naming people, or leave it out: authors"
        " are the organisation by default.",
    ),
    ErrorCode(
        "article-address-taken",
        "articles",
        "Two articles written to one address",
        "Give one of the two another Slug (or Date, if the URL holds the date).",
    ),
)
