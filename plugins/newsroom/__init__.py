"""Newsroom: a Pelican plugin that publishes Frictionless data packages with the news.

Pelican calls `register()`; the wiring, and Pelican itself, are imported only then, so
that a step of the build (validation, a chart-drawing worker process) can be imported
on its own without loading Pelican, pandas and Altair.
"""


def register() -> None:
    from newsroom.site.plugin import register as connect_signals

    connect_signals()
