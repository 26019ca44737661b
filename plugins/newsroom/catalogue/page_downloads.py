"""Step 4b: the files a dataset page offers, each made once per content.

The CSV, descriptor and README are offered as published; the spreadsheet, JSON, Parquet
and zip are written by `downloads` and kept in the cache by the release's data version,
the README, the descriptor as this run reads it and the writers' versions. Each carries
its bytes (or its cache entry), so that the sizes shown are exact.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsroom.catalogue.downloads import (
    DICTIONARY_SHEET,
    json_bytes,
    package_zip_bytes,
    parquet_bytes,
    xlsx_bytes,
)
from newsroom.core.cache import DOWNLOAD_LIBRARIES, ContentCache, FileContent, cache_key
from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.descriptors import DESCRIPTOR_NAME
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.status import status_text

pd = lazy_module("pandas")

FORMATS = {
    "csv": ("CSV", "text/csv"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": ("JSON", "application/json"),
    "parquet": ("Parquet", "application/vnd.apache.parquet"),
    "zip": ("Zip", "application/zip"),
    "md": ("Markdown", "text/markdown"),
}


@dataclass(frozen=True)
class Download:
    label: str
    format: str
    url: str
    content: FileContent = field(repr=False)

    @property
    def size(self) -> int:
        return self.content.size

    @property
    def media_type(self) -> str:
        return FORMATS[self.format][1]

    @property
    def format_name(self) -> str:
        return FORMATS[self.format][0]


def release_time(package: ValidatedPackage) -> datetime:
    """The time stamped into XLSX and zip files: the release's own date, never the clock."""
    stamp = str(package.descriptor.get("modified") or package.descriptor.get("created") or "")
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return datetime(1980, 1, 1, tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _cached(
    cache: ContentCache, kind: str, package: ValidatedPackage, name: str, make: Callable[[], bytes]
) -> FileContent:
    """A download made once per content: the data version hashes the descriptor and every
    data file; the README, the writers' versions and our code are added (the zip holds the
    README; the spreadsheet's dictionary sheet is worded in the run's language)."""
    readme = package.folder / "README.md"
    key = cache_key(
        "download",
        data=(
            package.data_version,
            readme.read_bytes() if readme.is_file() else b"",
            # the titles and descriptions in the run's language (the spreadsheet's dictionary)
            json.dumps(package.descriptor, sort_keys=True, ensure_ascii=False, default=str),
        ),
        # the status line in the run's words (the spreadsheet's about rows, the zip's README)
        options=[kind, name, status_text(package.status)],
        language=interface_text(DICTIONARY_SHEET),  # the run's interface language
        libraries=DOWNLOAD_LIBRARIES,
    )
    return cache.made_file("download", key, make)


def resource_downloads(
    package: ValidatedPackage,
    resource: TabularResource,
    loaded: tuple[Callable[[], pd.DataFrame], Callable[[], pd.DataFrame]],
    folder: str,
    cache: ContentCache,
) -> list[Download]:
    """loaded: load the resource's table and the GSS symbols of its cells
    (DataCatalog.symbols), for the downloads not cached yet."""
    table, symbols = loaded
    stem = resource.path.stem
    label = resource.title

    def made(kind: str, make: Callable[[], bytes]) -> FileContent:
        return _cached(cache, kind, package, resource.name, make)

    return [
        Download(label, "csv", folder + resource.path.name,
                 FileContent.of(resource.path.read_bytes())),
        Download(
            label, "xlsx", f"{folder}{stem}.xlsx",
            made("xlsx", lambda: xlsx_bytes(package, resource, table(), release_time(package),
                                            symbols())),
        ),
        Download(label, "json", f"{folder}{stem}.json",
                 made("json", lambda: json_bytes(resource, table()))),
        Download(label, "parquet", f"{folder}{stem}.parquet",
                 made("parquet", lambda: parquet_bytes(resource, table()))),
    ]  # fmt: skip


def package_downloads(
    package: ValidatedPackage, folder: str, cache: ContentCache
) -> list[Download]:
    zipped = _cached(
        cache, "zip", package, "", lambda: package_zip_bytes(package, release_time(package))
    )
    everything = interface_text("Everything: data, descriptor and README")
    descriptor = FileContent.of((package.folder / DESCRIPTOR_NAME).read_bytes())
    downloads = [
        Download(everything, "zip", f"{folder}{package.name}.zip", zipped),
        Download(interface_text("Data package descriptor"), "json", folder + DESCRIPTOR_NAME,
                 descriptor),
    ]  # fmt: skip
    readme = package.folder / "README.md"
    if readme.is_file():
        text = FileContent.of(readme.read_bytes())
        downloads.append(Download(interface_text("README"), "md", folder + "README.md", text))
    return downloads
