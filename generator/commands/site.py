"""`cmap build` and `cmap serve`: the site, from a repository that validates."""

from __future__ import annotations

import argparse
import sys

from generator.commands import repository
from generator.commands.progress import progress_for
from generator.paths import shown
from generator.rules.report import REPORTERS


def build(args: argparse.Namespace) -> int:
    from generator.rules.repository import load_repository, parse_cache
    from generator.site import mkdocs_build as sitebuild

    root = repository.root(args)
    progress = progress_for(sys.stderr)
    parsed = None if args.no_cache else parse_cache(root)
    result = load_repository(root, guides=repository.guides(root), parsed=parsed,
                             progress=progress)
    if not result.ok:
        REPORTERS["text"](result.problems, len(result.files), sys.stderr)
        print("cmap: the site was not built; the previous site is unchanged.", file=sys.stderr)
        return 1
    if args.engine == "zensical":
        from generator.site import zensical as zensical_config

        built = zensical_config.build(root, result, site_dir=args.site_dir, progress=progress)
    else:
        built = sitebuild.build(root, result, site_dir=args.site_dir,
                                use_cache=not args.no_cache, jobs=args.jobs, progress=progress)
    if parsed is not None:  # after the build: a build refused writes nothing
        parsed.save()
    print(f"Built {built.pages:,} pages from {len(result.files):,} files into "
          f"{shown(root, built.folder)}.")
    if built.made is not None:
        print(f"{built.made:,} of them made again (what changed, and the navigation's pages); "
              "the others kept from the last build.")
    return 0


def serve(args: argparse.Namespace) -> int:
    from generator.site.mkdocs_serve import serve as serve_site

    serve_site(repository.root(args), dev_addr=args.dev_addr, progress=progress_for(sys.stderr))
    return 0

