"""Where everything lives: the repository's folders and files, cmap's own resources, and
the pages of the site. No other module spells one of these paths.

Repository paths are relative to the repository's top folder, with `/`. Page paths are the
Markdown files MkDocs reads (`roles/sales-manager.md`); `page_url` turns one into the
address MkDocs publishes it at (`roles/sales-manager/`), and `address` into the absolute
address reviewers read (`/roles/sales-manager/`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

# -- the repository -------------------------------------------------------------------------

MAP_DIR = "competency-map"
NEEDS_DIR = "needs"
PLANS_DIR = "plans"
#: The data folders: one file per entity, never a link (L114), read from git revisions too.
DATA_DIRS = (MAP_DIR, NEEDS_DIR, PLANS_DIR)
#: The hand-written guides, unless mkdocs.yml names another `docs_dir`.
GUIDES_DIR = "docs"
#: cmap's work folder: generated pages, derived configurations, the build lock.
WORK_DIR = ".cmap"
#: The site's configuration, in the repository's top folder.
SITE_CONFIG = "mkdocs.yml"
#: Where a build puts the site unless mkdocs.yml or --site-dir says otherwise.
SITE_DIR = "site"
CODEOWNERS = ".github/CODEOWNERS"
#: A company's copy of the JSON Schemas, written by `cmap init` (see `schema_folder`).
SCHEMA_COPIES = "schemas"
SUFFIXES = (".yml", ".yaml")

#: Folders holding one file per entity, named after the entity's id, and their kind.
ENTITY_FOLDERS = {
    f"{MAP_DIR}/scales": "scale",
    f"{MAP_DIR}/competencies": "competency",
    f"{MAP_DIR}/departments": "department",
    f"{MAP_DIR}/roles": "role",
}
#: Files that each hold one vocabulary or setting for the whole map, and their kind.
SINGLE_FILES = {
    f"{MAP_DIR}/areas.yml": "areas",
    f"{MAP_DIR}/categories.yml": "categories",
    f"{MAP_DIR}/families.yml": "families",
    f"{MAP_DIR}/governance.yml": "governance",
}
GOVERNANCE = f"{MAP_DIR}/governance.yml"
_FOLDER_OF = {kind: folder for folder, kind in ENTITY_FOLDERS.items()}


def entity_file(kind: str, ident: str) -> str:
    """`competency-map/roles/sales-rep.yml` for ("role", "sales-rep")."""
    return f"{_FOLDER_OF[kind]}/{ident}.yml"


def entity_folder(kind: str) -> str:
    return _FOLDER_OF[kind]


def plan_file(cycle: str) -> str:
    return f"{PLANS_DIR}/{cycle}.yml"


def needs_folder(cycle: str) -> str:
    return f"{NEEDS_DIR}/{cycle}"


def needs_file(cycle: str, department: str) -> str:
    return f"{NEEDS_DIR}/{cycle}/{department}.yml"


def shown(root: Path, path: Path) -> str:
    """`path` as a message names it: relative to the repository `root` when it lies inside
    (`site`), as it is otherwise. Messages name files the way people find them in their
    repository, not by where it happens to be checked out."""
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return str(path)


# -- cmap's own files ----------------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
SCHEMAS = PACKAGE / "schemas"
#: Theme overrides for Material for MkDocs.
THEME_OVERRIDES = TEMPLATES / "overrides"


def schema_file(kind: str) -> Path:
    return SCHEMAS / f"{kind}.schema.json"


# -- the site's pages ----------------------------------------------------------------------

HOME = "index.md"
COMPETENCY_INDEX = "competencies/index.md"
ROLE_INDEX = "roles/index.md"
DEPARTMENT_INDEX = "departments/index.md"
MAP_INDEX = "map/index.md"
CYCLE_INDEX = "cycles/index.md"
#: The map's changes in meaning, merge by merge.
CHANGES_INDEX = "changes/index.md"
DOWNLOADS = "downloads"
DOWNLOADS_INDEX = f"{DOWNLOADS}/index.md"
#: Where the guides are copied among the generated pages.
GUIDES = "guides"
#: The style sheet the generated pages need.
STYLE_SHEET = "assets/cmap/cmap.css"
#: The folders of generated pages that the navigation reaches through their index pages.
PAGE_FOLDERS = ("competencies", "roles", "departments", "map", "cycles", "worksheets", "changes",
                DOWNLOADS)


def competency_page(ident: str) -> str:
    return f"competencies/{ident}.md"


def role_page(ident: str) -> str:
    return f"roles/{ident}.md"


def worksheet_page(role: str) -> str:
    return f"worksheets/{role}.md"


def department_page(ident: str) -> str:
    return f"departments/{ident}.md"


def family_map_page(family: str) -> str:
    # A job family called "departments" would collide with the departments' own maps.
    return f"map/{'family-' + family if family == 'departments' else family}.md"


def department_map_page(department: str) -> str:
    return f"map/departments/{department}.md"


def map_part_page(whole: str, part: str) -> str:
    """A part of a company map too wide for one page: `map/sales/core.md`."""
    return f"{whole.removesuffix('.md')}/{part}.md"


def cycle_page(cycle: str, page: str = "index") -> str:
    """A cycle's overview (`index`), `plan` or `effect` page."""
    return f"cycles/{cycle}/{page}.md"


def needs_page(cycle: str, department: str) -> str:
    return f"cycles/{cycle}/needs/{department}.md"


def program_page(cycle: str, program: str) -> str:
    return f"cycles/{cycle}/programs/{program}.md"


def worksheet_download(role: str, kind: str = "csv") -> str:
    """A role's assessment worksheet as published: `csv`, or `xlsx` (the workbook)."""
    return f"{DOWNLOADS}/worksheets/{role}.{kind}"


@cache
def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site root) MkDocs gives the page at `path`."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def address(path: str) -> str:
    """The address of a page from the site's root, as people read it: `/roles/sales-rep/`."""
    return "/" + page_url(path)


# -- more of the repository and of cmap's files --------------------------------------------

#: The issue form department heads submit their needs with.
ISSUE_FORM = ".github/ISSUE_TEMPLATE/submit-training-needs.yml"
#: The issue form anyone proposes a change of the map with ("Suggest a change" on the site).
MODEL_CHANGE_FORM = ".github/ISSUE_TEMPLATE/model-change.yml"
_SINGLE_FILE_OF = {kind: rel for rel, kind in SINGLE_FILES.items()}


def single_file(kind: str) -> str:
    """`competency-map/areas.yml` for "areas"."""
    return _SINGLE_FILE_OF[kind]


def plan_files(cycle: str) -> tuple[str, ...]:
    """Every name the plan of `cycle` may have: `plans/2027-h1.yml`, `plans/2027-h1.yaml`."""
    return tuple(f"{PLANS_DIR}/{cycle}{suffix}" for suffix in SUFFIXES)


def schema_paths() -> list[Path]:
    """The JSON Schema files cmap ships, by name."""
    return sorted(SCHEMAS.glob("*.schema.json"))


def schema_folder(root: Path) -> str:
    """The folder of the repository at `root` that holds the JSON Schemas editors read:
    `generator/schemas` in cmap's own repository (and in a copy of it used as a template),
    else `schemas`, where `cmap init` copies them into a company's repository."""
    own = f"{PACKAGE.name}/{SCHEMAS.name}"
    return own if (root / own).is_dir() else SCHEMA_COPIES


def schema_reference(root: Path, kind: str, rel: str = "") -> str:
    """The schema of `kind` as the data file `rel` of the repository at `root` names it in
    its first line (`../../schemas/role.schema.json`), or from the top folder when `rel`
    is "". Every file cmap writes or suggests names its schema this way."""
    return "../" * rel.count("/") + f"{schema_folder(root)}/{schema_file(kind).name}"
#: The templates of new data files (`cmap new`, the imports) and of reviewers' Markdown.
SCAFFOLD_TEMPLATES = TEMPLATES / "scaffold"
REVIEW_TEMPLATES = TEMPLATES / "review"
