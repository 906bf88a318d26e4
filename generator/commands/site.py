"""`cmap build` and `cmap serve`: the site, from a repository that validates."""

from __future__ import annotations

import argparse
import sys

from generator.commands import repository
from generator.rules.report import REPORTERS


def build(args: argparse.Namespace) -> int:
    from generator.rules.repository import load_repository
    from generator.site import mkdocs_build as sitebuild

    root = repository.root(args)
    result = load_repository(root, guides=repository.guides(root))
    if not result.ok:
        REPORTERS["text"](result.problems, len(result.files), sys.stderr)
        print("cmap: the site was not built; the previous site is unchanged.", file=sys.stderr)
        return 1
    if args.engine == "zensical":
        from generator.site import zensical as zensical_config

        folder = zensical_config.build(root, result, site_dir=args.site_dir)
    else:
        folder = sitebuild.build(root, result, site_dir=args.site_dir)
    pages = sum(1 for _ in folder.rglob("index.html"))
    print(f"Built {pages} pages from {len(result.files)} files into {folder}.")
    return 0


def serve(args: argparse.Namespace) -> int:
    from generator.site.mkdocs_serve import serve as serve_site

    serve_site(repository.root(args), dev_addr=args.dev_addr)
    return 0
