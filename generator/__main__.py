"""`python -m generator`: the `cmap` command, as `python -m generator.cli` runs it too."""

from __future__ import annotations

import sys

from generator.cli import main

sys.exit(main())
