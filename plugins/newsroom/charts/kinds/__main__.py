"""`python -m newsroom.charts.kinds [GUIDE]`: rewrite the authors' guide's table of chart
kinds (docs/authors-guide.md by default) from the registry."""

from __future__ import annotations

import sys
from pathlib import Path

from newsroom.charts.kinds import GUIDE_BLOCK, guide_table
from newsroom.core.generated_text import regenerate

if __name__ == "__main__":
    guide = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/authors-guide.md")
    regenerate(guide, GUIDE_BLOCK, guide_table())
