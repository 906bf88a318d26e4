"""`cmap validate`: every problem of every data file, in the format asked for."""

from __future__ import annotations

import argparse
import sys

from generator.commands import repository
from generator.commands.progress import progress_for
from generator.progress import prefixed
from generator.rules.report import REPORTERS


def validate(args: argparse.Namespace) -> int:
    from generator.rules.repository import load_repository

    root = repository.root(args)
    # The report is the output, and tools and CI logs read it: progress only on a terminal.
    progress = progress_for(sys.stderr, log=False)
    base = None
    if args.base:
        from generator.files.revisions import checkout

        with checkout(root, args.base) as folder:
            base = load_repository(folder, progress=prefixed(progress, "base ")).model
    result = load_repository(root, base, guides=repository.guides(root), progress=progress)
    REPORTERS[args.format](result.problems, len(result.files), sys.stdout)
    return 0 if result.ok else 1
