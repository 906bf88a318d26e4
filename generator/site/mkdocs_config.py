"""The company's mkdocs.yml, read once into a typed `SiteConfig`, and the configuration cmap
derives from it (`.cmap/mkdocs.yml`) to point MkDocs at the generated pages.

    mkdocs.yml              the company's site configuration (committed)
    docs/                   hand-written guides (committed; `docs_dir` may name another)
    .cmap/docs/             generated pages + the guides under guides/ (never committed)
    .cmap/mkdocs.yml        `INHERIT: ../mkdocs.yml` plus docs_dir, theme overrides, our
                            style sheet and, when mkdocs.yml has none, a navigation of
                            sections

MkDocs merges an `INHERIT`ed mapping key by key and replaces lists, so lists are written
whole, and paths of mkdocs.yml that are relative to the repository are made absolute.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import paths
from generator.files.symlinks import read_bytes, refuse_links, shown_path, walk
from generator.exchange.case.exporter import Publisher
from generator.exchange.bundle import make_publisher
from generator.model.competency_map import CompetencyMap
from generator.problems import CmapError
from generator.site.labels import Labels, normalize_language
from generator.site.search_config import search_plugins
from generator.site.settings import Guide, SiteSettings
from generator.site.work_folder import write_if_changed

#: Sections of the generated site, in navigation order: (label key, index page).
SECTIONS = (
    ("nav_home", paths.HOME),
    ("competencies_title", paths.COMPETENCY_INDEX),
    ("roles_title", paths.ROLE_INDEX),
    ("departments_title", paths.DEPARTMENT_INDEX),
    ("map_title", paths.MAP_INDEX),
    ("cycles_title", paths.CYCLE_INDEX),
    ("changes_title", paths.CHANGES_INDEX),
    ("downloads_title", paths.DOWNLOADS_INDEX),
)
#: The generated docs folder, inside cmap's work folder.
DOCS = "docs"
DERIVED = f"{paths.WORK_DIR}/{paths.SITE_CONFIG}"
_HEADER = ("# Written by `cmap build` / `cmap serve`: do not edit, it is rewritten on every "
           "run.\n# Settings come from ../mkdocs.yml; these only point mkdocs at the "
           "generated pages.\n")


@dataclass(frozen=True)
class SiteConfig:
    """mkdocs.yml as cmap uses it: the settings it reads, typed, and the whole as written
    (`raw`) for what it passes on untouched."""

    raw: Mapping[str, Any]
    theme: Mapping[str, Any]
    site_name: str
    site_description: str
    site_url: str
    repo_url: str
    edit_uri: str
    language: str  #: the label catalogue of theme.language: `en` or `zh`
    theme_language: str  #: theme.language as written, e.g. `zh-CN`
    docs_dir: str
    site_dir: str
    directory_urls: bool
    extra_css: tuple[Any, ...]
    extra_javascript: tuple[Any, ...]
    hooks: tuple[str, ...]
    watch: tuple[str, ...]
    has_nav: bool
    source_branch: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> SiteConfig:
        theme_setting = data.get("theme")
        theme: Mapping[str, Any] = (
            {"name": theme_setting} if isinstance(theme_setting, str) else
            theme_setting if isinstance(theme_setting, dict) else {"name": "material"})
        extra = data.get("extra")
        ours = extra.get("cmap") if isinstance(extra, dict) else None
        return cls(
            raw=data, theme=theme,
            site_name=str(data.get("site_name") or "Competency map"),
            site_description=str(data.get("site_description") or ""),
            site_url=str(data.get("site_url") or ""),
            repo_url=str(data.get("repo_url") or "").rstrip("/"),
            edit_uri=str(data.get("edit_uri") or ""),
            language=normalize_language(str(theme.get("language") or "en")),
            theme_language=str(theme.get("language") or ""),
            docs_dir=str(data.get("docs_dir") or paths.GUIDES_DIR),
            site_dir=str(data.get("site_dir") or paths.SITE_DIR),
            directory_urls=bool(data.get("use_directory_urls", True)),
            extra_css=_listed(data.get("extra_css")),
            extra_javascript=_listed(data.get("extra_javascript")),
            hooks=tuple(str(h) for h in _listed(data.get("hooks"))),
            watch=tuple(str(w) for w in _listed(data.get("watch"))),
            has_nav=bool(data.get("nav")),
            source_branch=str(ours.get("source_branch") or "") if isinstance(ours, dict) else "",
        )

    @property
    def theme_name(self) -> str:
        return str(self.theme.get("name") or "material")

    def guides_dir(self, root: Path) -> Path:
        return root / self.docs_dir

    def source_base(self) -> str:
        """Where repository files are shown on the code host: `<repo_url>/blob/<branch>/`.

        The branch comes from `extra.cmap.source_branch`, else from `edit_uri`
        (`edit/main/docs/` → `main`), else `main`. GitLab's `-/edit/` form is kept.
        """
        if not self.repo_url:
            return ""
        branch, prefix = self.source_branch, ""
        match = re.match(r"^/?((?:-/)?)(?:edit|blob|tree)/([^/]+)/", self.edit_uri)
        if match:
            prefix = match.group(1)
            branch = branch or match.group(2)
        return f"{self.repo_url}/{prefix}blob/{branch or 'main'}/"

    def publisher(self, model: CompetencyMap) -> Publisher:
        """Who publishes the exports of this site."""
        return make_publisher(model, title=self.site_name, site_url=self.site_url,
                              description=self.site_description, language=self.theme_language)

    def settings(self, guides: tuple[Guide, ...] = (), today: date | None = None) -> SiteSettings:
        """What the page generator needs of this configuration."""
        return SiteSettings(language=self.language, site_name=self.site_name,
                            repo_url=self.repo_url, source_base=self.source_base(),
                            directory_urls=self.directory_urls, guides=guides, today=today)


def _listed(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else ()


def read_site_config(root: Path) -> SiteConfig:
    """`mkdocs.yml` of the repository, read the way MkDocs reads it (`!ENV`, `INHERIT`)."""
    from mkdocs.utils.yaml import yaml_load

    path = root / paths.SITE_CONFIG
    if not path.is_file():
        raise CmapError(f"{paths.SITE_CONFIG} is missing: the site needs one in the repository's "
                        "top folder (copy the one of the example repository).")
    try:
        with path.open("rb") as fd:
            data = yaml_load(fd)
    except Exception as exc:  # mkdocs raises its own ConfigurationError or a YAML error
        raise CmapError(f"{paths.SITE_CONFIG}: {exc}") from exc
    if not isinstance(data, dict):
        raise CmapError(f"{paths.SITE_CONFIG} must be a mapping of settings.")
    return SiteConfig.of(data)


def guides_setting(root: Path) -> str:
    """The guides folder the validator checks for links: `docs_dir` of mkdocs.yml, or `docs`
    when mkdocs.yml is missing or unreadable (`cmap build` then reports what is wrong)."""
    try:
        if (root / paths.SITE_CONFIG).is_file():
            return read_site_config(root).docs_dir
    except CmapError:
        pass
    return paths.GUIDES_DIR


# -- the guides -----------------------------------------------------------------------------


def collect_guides(root: Path, config: SiteConfig) -> tuple[dict[str, bytes], tuple[Guide, ...]]:
    """The files of the guides folder, under `guides/`, and the Markdown ones as links.

    Hidden files are left out; a symbolic link anywhere in the folder stops the build (the
    validator reports them as L114 first), and no file is read through one.
    """
    folder = config.guides_dir(root)
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
        target = f"{paths.GUIDES}/{rel.as_posix()}"
        files[target] = data
        if path.suffix == ".md":
            guides.append(Guide(target, guide_title(data, path.stem)))
    guides.sort(key=lambda g: (g.path != f"{paths.GUIDES}/index.md", g.path))
    return files, tuple(guides)


def guide_title(data: bytes, fallback: str) -> str:
    """The title MkDocs will show for a guide: front-matter `title`, else its first `#`."""
    from mkdocs.utils import get_markdown_title
    from mkdocs.utils.meta import get_data

    text = data.decode("utf-8", errors="replace")
    body, meta = get_data(text)
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    heading = get_markdown_title(body)
    return str(heading) if heading else fallback.replace("-", " ").capitalize()


# -- the derived configuration --------------------------------------------------------------


def derived_config(root: Path, config: SiteConfig, guide_files: set[str],
                   guide_pages: list[str]) -> dict[str, Any]:
    """The settings `.cmap/mkdocs.yml` adds to (or overrides in) the company's mkdocs.yml."""
    theme: dict[str, Any] = {"name": config.theme_name}
    if config.theme.get("custom_dir"):
        theme["custom_dir"] = str((root / str(config.theme["custom_dir"])).resolve())
    elif config.theme_name == "material":
        theme["custom_dir"] = str(paths.THEME_OVERRIDES)
    derived: dict[str, Any] = {
        "INHERIT": f"../{paths.SITE_CONFIG}",
        "docs_dir": DOCS,
        "site_dir": str(root / config.site_dir),
        "theme": theme,
    }
    for key, theirs, ours in (("extra_css", config.extra_css, [paths.STYLE_SHEET]),
                              ("extra_javascript", config.extra_javascript, [])):
        moved = [_guide_relative(entry, guide_files) for entry in theirs]
        if moved or ours:
            derived[key] = moved + ours
    if config.hooks:
        derived["hooks"] = [str((root / hook).resolve()) for hook in config.hooks]
    plugins = search_plugins(dict(config.raw), dict(config.theme))  # Chinese: words are found
    if plugins is not None:
        derived["plugins"] = plugins
    if not config.has_nav:
        labels = Labels(config.language)
        nav: list[Any] = [{html.escape(labels(key)): page} for key, page in SECTIONS]
        if guide_pages:
            nav.append({html.escape(labels("nav_guides")): list(guide_pages)})
        derived["nav"] = nav
        derived["not_in_nav"] = "".join(f"/{folder}/\n" for folder in paths.PAGE_FOLDERS)
    return derived


def _guide_relative(entry: Any, guide_files: set[str]) -> Any:
    """A style sheet or script of mkdocs.yml, relative to the guides folder, moved along."""
    if isinstance(entry, str) and f"{paths.GUIDES}/{entry}" in guide_files:
        return f"{paths.GUIDES}/{entry}"
    if isinstance(entry, dict) and isinstance(entry.get("path"), str):
        path = entry["path"]
        if f"{paths.GUIDES}/{path}" in guide_files:
            return {**entry, "path": f"{paths.GUIDES}/{path}"}
    return entry


def derived_text(root: Path, config: SiteConfig, guide_files: set[str],
                 guides: tuple[Guide, ...]) -> str:
    derived = derived_config(root, config, guide_files, [g.path for g in guides])
    return _HEADER + yaml.safe_dump(derived, sort_keys=False, allow_unicode=True)


def write_derived_config(root: Path, config: SiteConfig, guide_files: set[str],
                         guides: tuple[Guide, ...]) -> Path:
    """Write `.cmap/mkdocs.yml` (only when it changes); its path."""
    return write_if_changed(root, DERIVED, derived_text(root, config, guide_files, guides))


def mkdocs_key(root: Path, config: SiteConfig, guide_files: Mapping[str, bytes],
               derived: str) -> str:
    """What, when it changes, may change every page MkDocs writes: its configuration (the
    derived one and the company's), the guides (their titles are in the navigation), a
    theme folder and hooks of the company's, cmap's theme overrides."""
    digest = hashlib.sha256(derived.encode("utf-8"))
    for path in (paths.SITE_CONFIG, *config.hooks):
        file = root / path
        digest.update(file.read_bytes() if file.is_file() else b"-")
    for name in sorted(guide_files):
        digest.update(name.encode("utf-8") + hashlib.sha256(guide_files[name]).digest())
    custom = config.theme.get("custom_dir")
    for folder in ([root / str(custom)] if custom else []) + [paths.THEME_OVERRIDES]:
        for file in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if file.is_file() and not file.is_symlink():
                digest.update(file.as_posix().encode("utf-8") + file.read_bytes())
    return digest.hexdigest()
