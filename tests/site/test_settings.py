"""The addresses the settings make: "Suggest a change" opens the model-change issue form
with the page and its file filled in, on GitHub by the form's field ids."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlsplit

import yaml
from support import ROOT

from generator import paths
from generator.site.settings import FILE_FIELD, PAGE_FIELD, SiteSettings

FILE = "competency-map/roles/sales-manager.yml"


def test_the_link_opens_the_model_change_form_with_the_page_and_its_file() -> None:
    url = SiteSettings(repo_url="https://github.com/jiahe/map/").suggest_change_url(
        "Model change: Sales & service #1", "Sales & service #1", FILE)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com",
                                                        "/jiahe/map/issues/new")
    assert parse_qs(parts.query) == {
        "template": ["model-change.yml"], "title": ["Model change: Sales & service #1"],
        PAGE_FIELD: ["Sales & service #1"], FILE_FIELD: [FILE]}
    assert "#" not in url and " " not in url and "&service" not in url


def test_the_form_has_the_fields_the_link_fills_in() -> None:
    form = yaml.safe_load((ROOT / paths.MODEL_CHANGE_FORM).read_text(encoding="utf-8"))
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert PAGE_FIELD in ids and FILE_FIELD in ids
    assert PurePosixPath(paths.MODEL_CHANGE_FORM).parent.name == "ISSUE_TEMPLATE"


def test_gitlab_gets_a_new_issue_with_the_page_and_file_described() -> None:
    url = SiteSettings(repo_url="https://gitlab.example.com/hr/map").suggest_change_url(
        "模型修改：销售经理", "销售经理", FILE)
    parts = urlsplit(url)
    assert parts.path == "/hr/map/-/issues/new"
    query = parse_qs(parts.query)
    assert query["issue[title]"] == ["模型修改：销售经理"]
    assert query["issue[description]"] == [f"销售经理\n\n`{FILE}`\n"]


def test_no_link_without_a_web_address_of_the_repository() -> None:
    assert SiteSettings().suggest_change_url("t", "p", FILE) == ""
    assert SiteSettings(repo_url="javascript:alert(1)").suggest_change_url("t", "p", FILE) == ""
