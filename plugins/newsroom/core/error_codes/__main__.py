"""Print docs/errors.md: `PYTHONPATH=plugins python -m newsroom.core.error_codes`."""

import sys

from newsroom.core.error_codes import errors_markdown

sys.stdout.write(errors_markdown())
