"""`cmap build` and `cmap serve`: the site, from a repository that validates."""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable
from typing import Any

from generator.commands import repository
from generator.commands.progress import progress_for
from generator.progress import Progress
from generator.rules.report import REPORTERS


def build(args: argparse.Namespace) -> int:
    from generator.rules.repository import load_repository
    from generator.site import mkdocs_build as sitebuild

    root = repository.root(args)
    progress = progress_for(sys.stderr)
    result = load_repository(root, guides=repository.guides(root), progress=progress)
    if not result.ok:
        REPORTERS["text"](result.problems, len(result.files), sys.stderr)
        print("cmap: the site was not built; the previous site is unchanged.", file=sys.stderr)
        return 1
    if args.engine == "zensical":
        from generator.site import zensical as zensical_config

        folder = zensical_config.build(root, result, site_dir=args.site_dir,
                                       **_progress_keyword(zensical_config.build, progress))
    else:
        folder = sitebuild.build(root, result, site_dir=args.site_dir,
                                 **_progress_keyword(sitebuild.build, progress))
    pages = sum(1 for _ in folder.rglob("index.html"))
    print(f"Built {pages} pages from {len(result.files)} files into {folder}.")
    return 0


def serve(args: argparse.Namespace) -> int:
    from generator.site.mkdocs_serve import serve as serve_site

    serve_site(repository.root(args), dev_addr=args.dev_addr,
               **_progress_keyword(serve_site, progress_for(sys.stderr)))
    return 0


def _progress_keyword(function: Callable[..., object], progress: Progress) -> dict[str, Any]:
    """`progress=progress` for a site function that takes it, else nothing.

    TODO(site pipeline): the site's `build` and `serve` functions are being rewritten to
    take `progress: Progress = NO_PROGRESS`; once they do, pass `progress=progress` to them
    directly and delete this function (and the `inspect` import).
    """
    accepts = "progress" in inspect.signature(function).parameters
    return {"progress": progress} if accepts else {}
