"""Docs checked by tests: every page, query key, table and schema field is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_README = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
DESCRIPTOR = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def test_readme_opens_with_the_two_commands():
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1).splitlines()
    assert [line.split()[:2] for line in block] == [["make", "run"], ["make", "test"]]
    assert README.index("```bash") < README.index("## ")


def test_every_page_url_is_documented():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    for path in re.findall(r'url_path="([^"]+)"', app):
        assert f"`/{path}`" in README, path


def test_every_query_key_is_documented():
    keys = set()
    for page in (ROOT / "views").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        keys |= set(re.findall(r'query_params(?:\.get)?\(\s*"([a-z_]+)"', text))
        keys |= set(re.findall(r'query_params\["([a-z_]+)"\]', text))
    keys |= {"q", "kind", "tech", "place", "action"}  # the explorer's keys, read through listed.queries.Filters
    for key in keys:
        assert f"`{key}`" in README, key


def test_every_table_is_documented_and_every_field_described():
    for res in DESCRIPTOR["resources"]:
        assert f"`{res['path']}`" in DATA_README, res["path"]
        assert res.get("title") and res.get("description")
        for field in res["schema"]["fields"]:
            assert field.get("title") and len(field.get("description", "")) > 10, (res["name"], field["name"])


def test_local_links_and_images_in_the_readmes_exist():
    """Every relative link or image in the two READMEs points at a file in the repository (the screenshot too)."""
    checked = 0
    for base, text in ((ROOT, README), (ROOT / "data", DATA_README)):
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://", "#", "mailto:")):
                continue
            path = (base / target.split("#")[0]).resolve()
            assert path.exists(), f"{target} is linked but missing"
            checked += 1
    assert checked >= 2  # at least the screenshot and the data README
