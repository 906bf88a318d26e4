"""MkDocs hooks of the derived configuration `.cmap/mkdocs.yml` (see `sitebuild.py`).

* `cmap serve`: before every rebuild, reload and validate the repository and regenerate the
  pages (invalid data is reported and the last good pages stay); the generated folder
  itself is not watched, the YAML folders are.
* Always: the "edit this page" address of a generated page points at its YAML file, and
  the guides' addresses at `docs/` (where they are written), not at the copy mkdocs reads.
"""

from __future__ import annotations

import contextlib
from typing import Any

from generator.site import mkdocs_build as sitebuild


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    # Regenerating writes into docs_dir; watching it would rebuild a second time.
    with contextlib.suppress(Exception):
        server.unwatch(config["docs_dir"])
    return server


def on_pre_build(config: Any) -> None:
    root = sitebuild._STATE.serving
    if root is not None:
        sitebuild.refresh(root)


def on_files(files: Any, config: Any) -> Any:
    prefix = sitebuild.GUIDES + "/"
    for file in files:
        uri = file.src_uri
        if uri.startswith(prefix):
            file.edit_uri = uri[len(prefix):]
        else:
            file.edit_uri = None
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    source = sitebuild._STATE.sources.get(page.file.src_uri)
    if source:
        user = sitebuild._STATE.user
        page.edit_url = sitebuild.edit_url(
            str(config.get("repo_url") or ""), str(config.get("edit_uri") or ""),
            str(user.get("docs_dir") or sitebuild.DOCS_DIR), source)
    return markdown
