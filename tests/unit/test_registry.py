"""One source registry: every source the app cites comes from data/sources.csv, never from a URL in the UI code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from listed.loader import load_dataset
from listed.queries import glossary_source_ids, page_source_ids

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = sorted([ROOT / "app.py", *(ROOT / "views").glob("*.py"), *(ROOT / "components").glob("*.py")])
URL = re.compile(r"https?://", re.IGNORECASE)


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_url_literals_in_ui_code(path: Path) -> None:
    hits = [f"{n}: {line.strip()}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if URL.search(line)]  # fmt: skip
    assert not hits, f"URL literal in {path.name} (put it in data/sources.csv): {hits}"


def test_the_url_check_would_catch_one(tmp_path: Path) -> None:
    sample = 'SOURCES = {"BIS": "https://www.bis.gov/"}\n'
    assert URL.search(sample)


def test_how_it_works_sections_resolve_to_registered_sources() -> None:
    ds = load_dataset()
    known = set(ds.sources["source_id"])
    sections = ds.page_citations[ds.page_citations["page"] == "how-it-works"]["section"].tolist()
    assert {"the-rule", "subject-to-the-ear", "on-and-off-the-list", "know-your-customer", "penalties",
            "other-lists"} <= set(sections)  # fmt: skip
    for section in sections:
        ids = page_source_ids(ds, "how-it-works", section)
        assert ids and set(ids) <= known
    with pytest.raises(KeyError):
        page_source_ids(ds, "how-it-works", "no-such-section")


def test_every_page_section_used_by_how_it_works_is_in_the_dataset() -> None:
    src = (ROOT / "views" / "how_it_works.py").read_text(encoding="utf-8")
    # The page renders its sections from data/reference_sections.csv, each cited by its page_citations row.
    assert "reference_sections(dataset(), PAGE)" in src
    ds = load_dataset()
    used = set(ds.reference_sections[ds.reference_sections["page"] == "how-it-works"]["section"])
    listed = set(ds.page_citations[ds.page_citations["page"] == "how-it-works"]["section"])
    assert used and used == listed


def test_glossary_terms_have_sources() -> None:
    ds = load_dataset()
    assert len(ds.glossary) >= 20
    assert ds.glossary["term"].is_unique
    assert set(glossary_source_ids(ds)) <= set(ds.sources["source_id"])
    assert "Entity List" in set(ds.glossary["term"])
