"""The MkDocs edge: write the generated pages where mkdocs reads them and run it.

This is the only module (with `mkdocs_hooks.py`) that imports MkDocs. Layout:

    mkdocs.yml              the company's site configuration (committed)
    docs/                   hand-written guides (committed)
    .cmap/docs/             generated pages + the guides under guides/ (never committed)
    .cmap/mkdocs.yml        derived configuration: `INHERIT: ../mkdocs.yml` plus docs_dir,
                            theme overrides, our style sheet and, when mkdocs.yml has none,
                            a navigation of sections
    .cmap/build.lock        held by every build (`site_folder.build_lock`)
    site/                   the built site, replaced only by a successful build; its marker
                            file `.cmap-site` says cmap made it

`build()` writes a file of `.cmap/docs/` only when its content changed and deletes stale
ones (never through a link: `safe_write.py`), builds into a temporary folder next to
`site/`, and swaps it in only when mkdocs succeeded (`site_folder.py` checks the site
folder first and holds the build lock). `serve()` runs `mkdocs serve` on the derived
configuration with hooks that reload and validate the repository before every rebuild;
invalid data is reported and the last good pages stay served.
"""

from __future__ import annotations

import contextlib
import gc
import html
import logging
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from generator.exchange.assessment import worksheet_csv
from generator.exchange.bundle import publisher_from_config, write_exports, write_schemas
from generator.files.history import last_changes
from generator.site.labels import Labels, normalize_language
from generator.paths import WORK_DIR
from generator.site.pages import CSS_ASSET, Download, Guide, PageBuilder, SiteSettings, generate_pages, site_assets
from generator.problems import CmapError
from generator.files.safe_write import check_path, write_file
from generator.site.site_folder import build_lock, remove_leftovers, site_target, staging, swap_in
from generator.files.symlinks import read_bytes, refuse_links, shown_path, walk

if TYPE_CHECKING:
    from generator.model.competency_map import CompetencyMap
    from generator.rules.repository import LoadResult

DOCS_DIR = "docs"
GUIDES = "guides"
CONFIG_NAME = "mkdocs.yml"
PACKAGE = Path(__file__).resolve().parent.parent
OVERRIDES = PACKAGE / "templates" / "overrides"
HOOKS = PACKAGE / "site" / "mkdocs_hooks.py"
# Folders whose changes make `cmap serve` rebuild.
WATCHED = ("competency-map", "needs", "plans")
# Sections of the generated site, in navigation order: (label key, index page).
SECTIONS = (
    ("nav_home", "index.md"),
    ("competencies_title", "competencies/index.md"),
    ("roles_title", "roles/index.md"),
    ("departments_title", "departments/index.md"),
    ("map_title", "map/index.md"),
    ("cycles_title", "cycles/index.md"),
    ("downloads_title", "downloads/index.md"),
)
DOWNLOADS = "downloads"
GENERATED_FOLDERS = ("competencies", "roles", "departments", "map", "cycles", "worksheets",
                     DOWNLOADS)

log = logging.getLogger("cmap.site")


# -- the company's mkdocs.yml ---------------------------------------------------------


def read_user_config(root: Path) -> dict[str, Any]:
    """`mkdocs.yml` of the repository, read the way mkdocs reads it (`!ENV`, `INHERIT`)."""
    from mkdocs.utils.yaml import yaml_load

    path = root / CONFIG_NAME
    if not path.is_file():
        raise CmapError(f"{path} is missing: the site needs a mkdocs.yml in the repository's "
                        "top folder (copy the one of the example repository).")
    try:
        with path.open("rb") as fd:
            data = yaml_load(fd)
    except Exception as exc:  # mkdocs raises its own ConfigurationError or a YAML error
        raise CmapError(f"{CONFIG_NAME}: {exc}") from exc
    if not isinstance(data, dict):
        raise CmapError(f"{CONFIG_NAME} must be a mapping of settings.")
    return data


def theme_of(user: dict[str, Any]) -> dict[str, Any]:
    theme = user.get("theme")
    if isinstance(theme, str):
        return {"name": theme}
    if isinstance(theme, dict):
        return theme
    return {"name": "material"}


def site_settings(user: dict[str, Any], guides: tuple[Guide, ...] = ()) -> SiteSettings:
    """What the page generator needs from mkdocs.yml."""
    theme = theme_of(user)
    repo_url = str(user.get("repo_url") or "").rstrip("/")
    return SiteSettings(
        language=normalize_language(str(theme.get("language") or "en")),
        site_name=str(user.get("site_name") or "Competency map"),
        repo_url=repo_url,
        source_base=source_base(repo_url, user),
        directory_urls=bool(user.get("use_directory_urls", True)),
        guides=guides,
    )


def source_base(repo_url: str, user: dict[str, Any]) -> str:
    """Where repository files are shown on the code host: `<repo_url>/blob/<branch>/`.

    The branch comes from `extra.cmap.source_branch`, else from `edit_uri`
    (`edit/main/docs/` → `main`), else `main`. GitLab's `-/edit/` form is kept.
    """
    if not repo_url:
        return ""
    extra = user.get("extra")
    cmap_extra = extra.get("cmap") if isinstance(extra, dict) else None
    branch = str(cmap_extra.get("source_branch") or "") if isinstance(cmap_extra, dict) else ""
    prefix = ""
    match = re.match(r"^/?((?:-/)?)(?:edit|blob|tree)/([^/]+)/", str(user.get("edit_uri") or ""))
    if match:
        prefix = match.group(1)
        branch = branch or match.group(2)
    return f"{repo_url}/{prefix}blob/{branch or 'main'}/"


def guides_dir(root: Path, user: dict[str, Any]) -> Path:
    return root / str(user.get("docs_dir") or DOCS_DIR)


def guides_setting(root: Path, user: dict[str, Any] | None = None) -> str:
    """The guides folder the validator checks for links: `docs_dir` of mkdocs.yml (`user`,
    else read here), or `docs` when mkdocs.yml is missing or unreadable (`cmap build` then
    reports what is wrong with it)."""
    if user is None:
        try:
            user = read_user_config(root) if (root / CONFIG_NAME).is_file() else {}
        except CmapError:
            user = {}
    return str(user.get("docs_dir") or DOCS_DIR)


# -- generation -----------------------------------------------------------------------


@dataclass
class Generated:
    """Everything that goes into `.cmap/docs/`, by path."""

    files: dict[str, bytes] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


def collect_guides(root: Path, user: dict[str, Any]) -> tuple[dict[str, bytes], tuple[Guide, ...]]:
    """The files of the guides folder, under `guides/`, and the Markdown ones as links.

    Hidden files are left out; a symbolic link anywhere in the folder stops the build (the
    validator reports them as L114 first), and no file is read through one.
    """
    folder = guides_dir(root, user)
    files: dict[str, bytes] = {}
    guides: list[Guide] = []
    listing = walk(folder, skip_hidden=True)  # never follows a link: see symlinks.py
    refuse_links(root, listing.links, "The guides folder")
    for path in listing.files:
        rel = path.relative_to(folder)
        try:
            data = read_bytes(path)
        except OSError as err:
            raise CmapError(f"cannot read the guide {shown_path(root, path)}: {err.strerror}.") \
                from err
        target = f"{GUIDES}/{rel.as_posix()}"
        files[target] = data
        if path.suffix == ".md":
            guides.append(Guide(target, guide_title(data, path.stem)))
    guides.sort(key=lambda g: (g.path != f"{GUIDES}/index.md", g.path))
    return files, tuple(guides)


def guide_title(data: bytes, fallback: str) -> str:
    """The title mkdocs will show for a guide: front-matter `title`, else its first `#`."""
    from mkdocs.utils import get_markdown_title
    from mkdocs.utils.meta import get_data

    text = data.decode("utf-8", errors="replace")
    body, meta = get_data(text)
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    heading = get_markdown_title(body)
    return str(heading) if heading else fallback.replace("-", " ").capitalize()


def generate(root: Path, model: CompetencyMap, user: dict[str, Any],
             guide_files: dict[str, bytes], guides: tuple[Guide, ...]) -> Generated:
    """The generated pages, our style sheet and the copied guides, by docs path."""
    settings = site_settings(user, guides)
    result = Generated()
    for page in generate_pages(model, settings, last_changes(root)):
        result.files[page.path] = page.content.encode("utf-8")
        if page.source:
            result.sources[page.path] = page.source
    for asset in site_assets():
        result.files[asset.path] = asset.content
    for path, data in guide_files.items():
        if path in result.files:
            continue
        result.files[path] = data
    files, sections = downloads(model, user)
    result.files.update(files)
    page = PageBuilder(model, settings).downloads(sections)
    result.files[page.path] = page.content.encode("utf-8")
    return result


def downloads(model: CompetencyMap, user: dict[str, Any]
              ) -> tuple[dict[str, bytes], list[tuple[str, list[Download]]]]:
    """The exports, JSON Schemas and worksheets the site publishes under downloads/."""
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="cmap-exports-") as folder:
        exported = write_exports(model, Path(folder) / "exports",
                                 publisher=publisher_from_config(model, user),
                                 schema_url="schemas/export.schema.json")
        schemas = write_schemas(Path(folder) / "schemas")
        for subdir, group in (("", exported), ("schemas/", schemas)):
            for item in group:
                files[f"{DOWNLOADS}/{subdir}{item.name}"] = item.path.read_bytes()
    sheets = []
    for role in model.roles.values():
        path = f"{DOWNLOADS}/worksheets/{role.id}.csv"
        files[path] = worksheet_csv(model, role.id).encode("utf-8")
        sheets.append(Download(path, role.title, ""))
    labels = Labels(normalize_language(str(theme_of(user).get("language") or "en")))
    sections = [
        ("downloads_exports", [_described(labels, f"{DOWNLOADS}/{e.name}", e.title, e.description)
                               for e in exported]),
        ("downloads_schemas", [_described(labels, f"{DOWNLOADS}/schemas/{s.name}", s.title,
                                          s.description) for s in schemas]),
        ("downloads_worksheets", sheets),
    ]
    return files, sections


def _described(labels: Labels, path: str, title: str, description: str) -> Download:
    """A published file with its title and description in the site's language: labels
    `file_<name>_title` / `_text` (name with `.` and `-` as `_`; a cycle's needs and
    programs tables share `file_needs_csv` / `file_programs_csv`), else the English ones."""
    name = PurePosixPath(path).name
    values: dict[str, str] = {}
    match = re.fullmatch(r"(needs|programs)-(.+)\.csv", name)
    if match:
        name, values["cycle"] = f"{match.group(1)}.csv", match.group(2)
    key = "file_" + re.sub(r"[.-]", "_", name)
    try:
        return Download(path, labels(f"{key}_title", **values), labels(f"{key}_text", **values))
    except KeyError:
        return Download(path, title, description)


def sync_tree(root: Path, rel: str, files: dict[str, bytes]) -> tuple[int, int]:
    """Make the folder `root/rel` hold exactly `files`: write changed files, delete the others.

    Unchanged files are not touched, so a watcher sees only real changes. The folder is
    cmap's work folder: a link in it, or on the way to it, is refused (see safe_write.py).
    Returns the number of files written and deleted.
    """
    target = check_path(root, rel)
    listing = walk(target)
    if listing.links:
        raise CmapError(f"{shown_path(root, listing.links[0])} is a symbolic link, and cmap's "
                        f"work folder `{rel}` holds only what cmap writes. Delete the folder; "
                        "the next build writes it again.")
    written = deleted = 0
    existing = {p.relative_to(target).as_posix(): p for p in listing.files}
    for name, path in existing.items():
        if name not in files:
            path.unlink()
            deleted += 1
    for name, data in files.items():
        old = existing.get(name)
        if old is not None and old.stat().st_size == len(data) and old.read_bytes() == data:
            continue
        write_file(root, f"{rel}/{name}", data, durable=False)
        written += 1
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when empty
    return written, deleted


# -- derived configuration ------------------------------------------------------------


def derived_config(root: Path, user: dict[str, Any], guide_files: set[str],
                   guide_pages: list[str], *, serve: bool = False) -> dict[str, Any]:
    """The settings `.cmap/mkdocs.yml` adds to (or overrides in) the company's mkdocs.yml.

    mkdocs merges mappings key by key and replaces lists, so lists are written whole and
    paths of mkdocs.yml that are relative to the repository are made absolute.
    """
    theme = theme_of(user)
    name = str(theme.get("name") or "material")
    derived_theme: dict[str, Any] = {"name": name}
    if theme.get("custom_dir"):
        derived_theme["custom_dir"] = str((root / str(theme["custom_dir"])).resolve())
    elif name == "material":
        derived_theme["custom_dir"] = str(OVERRIDES)
    config: dict[str, Any] = {
        "INHERIT": f"../{CONFIG_NAME}",
        "docs_dir": DOCS_DIR,
        "site_dir": str(root / str(user.get("site_dir") or "site")),
        "theme": derived_theme,
    }
    for key, ours in (("extra_css", [_css_path()]), ("extra_javascript", [])):
        theirs = [_guide_relative(entry, guide_files) for entry in _as_list(user.get(key))]
        if theirs or ours:
            config[key] = theirs + ours
    hooks = [str((root / str(h)).resolve()) for h in _as_list(user.get("hooks"))]
    config["hooks"] = [*hooks, str(HOOKS)]
    from generator.site.search_config import search_plugins

    plugins = search_plugins(user, theme)  # a Chinese site: search finds words
    if plugins is not None:
        config["plugins"] = plugins
    if not user.get("nav"):
        labels = Labels(normalize_language(str(theme.get("language") or "en")))
        nav: list[Any] = [{html.escape(labels(key)): page} for key, page in SECTIONS]
        if guide_pages:
            nav.append({html.escape(labels("nav_guides")): list(guide_pages)})
        config["nav"] = nav
        config["not_in_nav"] = "".join(f"/{folder}/\n" for folder in GENERATED_FOLDERS)
    if serve:
        watch = [str((root / str(w)).resolve()) for w in _as_list(user.get("watch"))]
        sources = [root / folder for folder in WATCHED] + [guides_dir(root, user)]
        watch += [str(p) for p in sources if p.exists()]
        watch.append(str(root / CONFIG_NAME))
        config["watch"] = watch
    return config


def _css_path() -> str:
    return CSS_ASSET


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _guide_relative(entry: Any, guide_files: set[str]) -> Any:
    """A style sheet or script of mkdocs.yml, relative to the guides folder, moved along."""
    if isinstance(entry, str) and f"{GUIDES}/{entry}" in guide_files:
        return f"{GUIDES}/{entry}"
    if isinstance(entry, dict) and isinstance(entry.get("path"), str):
        path = entry["path"]
        if f"{GUIDES}/{path}" in guide_files:
            return {**entry, "path": f"{GUIDES}/{path}"}
    return entry


def write_if_changed(root: Path, rel: str, text: str) -> Path:
    """Write `root/rel` (never through a link) unless it already holds `text`."""
    path = check_path(root, rel)
    if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
        write_file(root, rel, text.encode("utf-8"))
    return path


def prepare(root: Path, model: CompetencyMap | None, *, serve: bool = False) -> Path:
    """Generate the pages into `.cmap/docs/`, write `.cmap/mkdocs.yml`; return its path.

    With `model=None` the docs folder stays as it is (the last valid state) and only the
    configuration is rewritten.
    """
    user = read_user_config(root)
    guide_files, guides = collect_guides(root, user)
    if model is not None:
        generated = generate(root, model, user, guide_files, guides)
        sync_tree(root, f"{WORK_DIR}/{DOCS_DIR}", generated.files)
        _STATE.sources = dict(generated.sources)
    _STATE.user = user
    config = derived_config(root, user, set(guide_files), [g.path for g in guides], serve=serve)
    header = ("# Written by `cmap build` / `cmap serve`: do not edit, it is rewritten on every "
              "run.\n# Settings come from ../mkdocs.yml; these only point mkdocs at the "
              "generated pages.\n")
    text = header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    return write_if_changed(root, f"{WORK_DIR}/{CONFIG_NAME}", text)


# -- build ----------------------------------------------------------------------------


@dataclass
class _State:
    """What the mkdocs hooks need from the last generation (same process)."""

    sources: dict[str, str] = field(default_factory=dict)
    user: dict[str, Any] = field(default_factory=dict)
    serving: Path | None = None
    fingerprint: tuple[tuple[str, int, int], ...] | None = None


_STATE = _State()


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextlib.contextmanager
def _collect_mkdocs_warnings() -> Iterator[_Collector]:
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Keep the garbage collector from rescanning what lives through the whole build.

    mkdocs holds every page until the end; with the model and the loaded repository moved
    out of the collector's way and fewer young collections, its cost stays proportional to
    the site instead of growing with it.
    """
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 50)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def build(root: Path, result: LoadResult, *, site_dir: Path | None = None) -> Path:
    """Generate the pages of a valid repository and build the site; return its folder."""
    if not result.ok:
        raise CmapError("The repository has errors (run `cmap validate`); the site was not "
                        "built and the previous site is unchanged.")
    return build_site(root, result.model, site_dir=site_dir)


def build_site(root: Path, model: CompetencyMap, *, site_dir: Path | None = None,
               strict: bool | None = None) -> Path:
    """Build the site of `model`; the previous site stays unless the build succeeds.

    Returns the site folder. `strict=True` makes every mkdocs warning an error (tests).
    The site folder is checked before anything is written (see site_folder.py).
    """
    root = root.resolve()
    user = read_user_config(root)
    target = site_target(root, user, site_dir, guides_dir(root, user))
    with build_lock(root):
        remove_leftovers(target)
        config_path = prepare(root, model)
        with staging(target) as temp:
            run_mkdocs_build(config_path, temp, strict=strict)
            swap_in(temp, target)
    return target


def run_mkdocs_build(config_path: Path, site_dir: Path, *, strict: bool | None = None) -> None:
    """mkdocs build of the derived configuration into `site_dir`; CmapError on failure."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    options: dict[str, Any] = {"site_dir": str(site_dir)}
    if strict is not None:
        options["strict"] = strict
    with _collect_mkdocs_warnings() as warnings, _fewer_collections():
        try:
            config = load_config(config_file=str(config_path), **options)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config, dirty=False)
            finally:
                config.plugins.on_shutdown()
        except (exceptions.MkDocsException, Exception) as exc:
            details = "\n".join(f"  {m}" for m in warnings.messages[-20:])
            message = f"mkdocs could not build the site: {exc or type(exc).__name__}"
            if details:
                message += "\n" + details
            message += "\nThe previous site is unchanged."
            raise CmapError(message) from exc


def edit_url(repo_url: str, edit_uri: str, docs_dir: str, source: str) -> str | None:
    """The "edit" address of a repository file, derived from mkdocs' `edit_uri`.

    `edit_uri` points into the guides folder (`edit/main/docs/`); the YAML files are at the
    repository root, so the folder part is replaced. None when that cannot be done.
    """
    from urllib.parse import urljoin

    if not repo_url or not edit_uri or "?" in edit_uri or "#" in edit_uri:
        return None
    base = urljoin(repo_url.rstrip("/") + "/", edit_uri)
    folder = docs_dir.strip("/") + "/"
    if not base.endswith("/" + folder):
        return None
    return base[: -len(folder)] + source


# -- serve ----------------------------------------------------------------------------


def serve(root: Path, *, dev_addr: str | None = None) -> None:
    """Serve the site with live reload; YAML changes regenerate the pages."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = root.resolve()
    _show_mkdocs_messages()
    _STATE.serving = root
    _STATE.fingerprint = None
    if not refresh(root):
        if not (root / WORK_DIR / DOCS_DIR / "index.md").is_file():
            raise CmapError("The repository has errors (listed above) and there are no pages "
                            "from an earlier run to serve. Fix the errors and run again.")
        prepare(root, None, serve=True)
    config_path = root / WORK_DIR / CONFIG_NAME
    options: dict[str, Any] = {}
    if dev_addr:
        options["dev_addr"] = dev_addr
    try:
        mkdocs_serve(config_file=str(config_path), livereload=True, **options)
    except Exception as exc:
        raise CmapError(f"mkdocs serve stopped: {exc}") from exc
    finally:
        _STATE.serving = None


def _show_mkdocs_messages() -> None:
    """Print mkdocs' progress ("Serving on …", "Building…") unless logging is set up."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    user = _STATE.user or {}
    folders = [root / f for f in WATCHED] + [guides_dir(root, user)]
    marks: list[tuple[str, int, int]] = []
    for folder in folders:
        listing = walk(folder)
        for path in listing.files + listing.links:
            with contextlib.suppress(OSError):
                stat = path.lstat()
                marks.append((str(path), stat.st_mtime_ns, stat.st_size))
    config = root / CONFIG_NAME
    if config.is_file():
        stat = config.stat()
        marks.append((str(config), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(marks))


def refresh(root: Path) -> bool:
    """Reload and validate the repository; regenerate the pages when it is valid.

    Returns whether the pages are up to date with the repository. Problems are printed;
    the pages of the last valid state stay in place.
    """
    from generator.rules.report import report_text
    from generator.rules.repository import load_repository

    fingerprint = _fingerprint(root)
    if fingerprint == _STATE.fingerprint:
        return True
    result = load_repository(root, guides=guides_setting(root, _STATE.user or None))
    if not result.ok:
        report_text(result.problems, len(result.files), sys.stderr)
        print("cmap serve: the site shows the last valid state until these are fixed.",
              file=sys.stderr)
        _STATE.fingerprint = fingerprint
        with contextlib.suppress(CmapError):
            prepare(root, None, serve=True)  # guides and settings may still change
        return False
    try:
        prepare(root, result.model, serve=True)
    except CmapError as exc:
        print(f"cmap serve: {exc}", file=sys.stderr)
        return False
    _STATE.fingerprint = fingerprint
    return True
