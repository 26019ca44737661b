"""Step 3c: turn Vega-Lite specs into SVG and PNG images, through the content cache.

vl-convert draws one chart at a time per process, and threads do not help (its calls
share one JavaScript engine). The page needs each chart's SVG at once, for its size,
so SVGs are drawn here; the PNG and the social card, two thirds of the work, are drawn
by worker processes while the build goes on, and collected when the files are written.
The PNG is rasterised from the SVG already drawn, not drawn a second time: the bytes
are the same as vl-convert's own PNG export, for half the work.

A worker imports this module, vl-convert and little else (the package defers Pelican,
pandas and Altair to `register()`, and site_build imports Pelican only when it runs it),
so it starts in a fraction of a second.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

import vl_convert

from newsroom.core.cache import CHART_IMAGE_LIBRARIES, ContentCache, FileContent, cache_key
from newsroom.core.errors import Location, NewsroomError

PNG_SCALE = 2


def _svg(spec_json: str) -> str:
    return vl_convert.vegalite_to_svg(json.loads(spec_json))


def _png_from_svg(svg: str) -> bytes:
    return vl_convert.svg_to_png(svg, scale=PNG_SCALE)


def _png(spec_json: str) -> bytes:
    return _png_from_svg(_svg(spec_json))


def _exit_with_parent(parent: int) -> None:
    """Run in each worker: when the build is killed, its workers go too, rather than
    lingering and holding the build's output pipes open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


CacheEntry = tuple[ContentCache, str, str]  # the cache, the kind of image, the key


# Run in the worker after an image is drawn and cached: what is made from it (the image,
# its cache key, the cache), as a card's teasers.
ThenMake = Callable[[bytes, str, ContentCache], None]


def _drawn(
    draw: Callable[[str], bytes], input_: str, kept: CacheEntry, then: ThenMake | None = None
) -> bytes | None:
    """Run in a worker: the image, put in the cache by the worker itself, so that the
    build does not hold every image until its files are written (a cold build of 1,600
    charts peaked at 2.09 GB, 1.03 GB without them). The bytes come back only where
    there is no cache."""
    data = draw(input_)
    cache, kind, key = kept
    if cache.root is None:
        return data
    cache.put(kind, key, data)
    if then is not None:
        then(data, key, cache)
    return None


class PendingImage:
    """An image that is cached already or still being drawn by a worker."""

    def __init__(self, image: FileContent | Future[bytes | None], kept: CacheEntry) -> None:
        self._image, self._kept = image, kept

    def content(self) -> FileContent:
        """The image, waiting for its worker if need be."""
        if isinstance(self._image, Future):
            data = self._image.result()
            if data is not None:
                self._image = FileContent.of(data)
            else:
                cache, kind, key = self._kept
                found = cache.entry(kind, key)
                if found is None:
                    raise NewsroomError.single(
                        "chart-image-lost",
                        Location(str(cache.root)),
                        f"A {kind} image was drawn into the cache and is no longer there.",
                        "Build again, and leave the cache folder alone while a build runs.",
                    )
                self._image = found
        return self._image


class ChartImages:
    """Draws every chart image of one build; `close()` when the build ends."""

    def __init__(self, cache: ContentCache, workers: int | None = None) -> None:
        self.cache = cache
        # The charts this build drew rather than found in the cache, by id: the build's
        # record of its work (`python -m newsroom.site.build --record`), not its output.
        self.charts_drawn: list[str] = []
        self._workers = workers or len(os.sched_getaffinity(0))
        self._pool: ProcessPoolExecutor | None = None

    def svg(self, spec_json: str) -> str:
        key = cache_key("svg", data=spec_json, libraries=CHART_IMAGE_LIBRARIES, code=False)
        return self.cache.made("svg", key, lambda: _svg(spec_json).encode("utf-8")).decode("utf-8")

    def png(self, spec_json: str) -> PendingImage:
        """The PNG of the chart's SVG, which is drawn already or found in the cache."""
        return self._pending("png", spec_json, _png_from_svg, lambda: self.svg(spec_json))

    def card(self, spec_json: str, then: ThenMake | None = None) -> PendingImage:
        """A PNG drawn from a spec of its own, such as the social card's; then: what the
        worker makes from it once drawn (a module's function: it is pickled)."""
        return self._pending("card", spec_json, _png, lambda: spec_json, then)

    def close(self) -> None:
        """Stop the workers; images not yet collected are dropped (a failed build)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _pending(
        self,
        kind: str,
        spec_json: str,
        draw: Callable[[str], bytes],
        input_: Callable[[], str],
        then: ThenMake | None = None,
    ) -> PendingImage:
        key = cache_key(kind, data=spec_json, libraries=CHART_IMAGE_LIBRARIES, code=False)
        kept = (self.cache, kind, key)
        cached = self.cache.entry(kind, key)
        if cached is not None:
            return PendingImage(cached, kept)
        if self._pool is None:
            # spawn, not fork: the build's own threads (pyarrow, vl-convert) must not be
            # copied into a worker half-way through their work.
            self._pool = ProcessPoolExecutor(
                self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        return PendingImage(self._pool.submit(_drawn, draw, input_(), kept, then), kept)
