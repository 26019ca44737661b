"""Modules imported on first use. pandas, with numpy under it, and pyarrow took a third
of a second to import, and a rebuild whose data did not change uses none of them: its
units, tables' facts, figures, generated articles, charts and downloads all come from
the cache."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """name, imported when one of its attributes is first read (importlib's LazyLoader).
    A module already imported is returned as it is."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
