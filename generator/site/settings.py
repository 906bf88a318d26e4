"""What the page generator needs to know about the site, read from mkdocs.yml by the MkDocs
edge (`mkdocs_config.py`) and handed in as plain values: the generator imports no MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

from generator import paths
from generator.site.templating import safe_url

#: The fields of the model-change issue form (`paths.MODEL_CHANGE_FORM`) that a "Suggest a
#: change" link fills in, by their ids: the page and the file it is made from.
PAGE_FIELD = "page"
FILE_FIELD = "file"


@dataclass(frozen=True)
class Guide:
    """A hand-written guide copied into the site, for links from the home page."""

    path: str
    title: str


@dataclass(frozen=True)
class SiteSettings:
    """The site's name and language, where its sources are hosted, and the build day."""

    language: str = "en"
    site_name: str = "Competency map"
    repo_url: str = ""
    source_base: str = ""
    directory_urls: bool = True
    guides: tuple[Guide, ...] = ()
    #: The day the site is built for: what counts as late or missing (None: `build_day()`).
    today: date | None = None

    def source_url(self, path: str) -> str:
        """The web address of a repository file, or "" when the repository is not known."""
        base = safe_url(self.source_base)
        return base + path if base else ""

    def _repo(self) -> str:
        return safe_url(self.repo_url).rstrip("/")

    def _gitlab(self) -> bool:
        return "gitlab" in urlsplit(self._repo()).netloc

    def pull_request_url(self, number: int) -> str:
        """The address of a pull request (a merge request on GitLab), or ""."""
        repo = self._repo()
        if not repo:
            return ""
        return f"{repo}/-/merge_requests/{number}" if self._gitlab() else f"{repo}/pull/{number}"

    def commit_url(self, commit: str) -> str:
        repo = self._repo()
        if not repo:
            return ""
        return f"{repo}/-/commit/{commit}" if self._gitlab() else f"{repo}/commit/{commit}"

    def suggest_change_url(self, title: str, page: str, source: str) -> str:
        """A new issue titled `title` about `page`, made from the file `source`, or "" when
        the repository is not known. GitHub opens the model-change form with its fields
        filled from the query (`template`, `title`, each field by its id); GitLab has no
        issue forms, so its new issue gets the page and the file in its description."""
        repo = self._repo()
        if not repo:
            return ""
        if self._gitlab():
            query = {"issue[title]": title, "issue[description]": f"{page}\n\n`{source}`\n"}
            return f"{repo}/-/issues/new?{urlencode(query, quote_via=quote)}"
        query = {"template": PurePosixPath(paths.MODEL_CHANGE_FORM).name, "title": title,
                 PAGE_FIELD: page, FILE_FIELD: source}
        return f"{repo}/issues/new?{urlencode(query, quote_via=quote)}"
