"""`cmap validate`: every problem of every data file, in the format asked for."""

from __future__ import annotations

import argparse
import sys

from generator.commands import repository
from generator.rules.report import REPORTERS


def validate(args: argparse.Namespace) -> int:
    from generator.rules.repository import load_repository

    root = repository.root(args)
    base = None
    if args.base:
        from generator.files.revisions import checkout

        with checkout(root, args.base) as folder:
            base = load_repository(folder).model
    result = load_repository(root, base, guides=repository.guides(root))
    REPORTERS[args.format](result.problems, len(result.files), sys.stdout)
    return 0 if result.ok else 1
