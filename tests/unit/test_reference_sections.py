"""How it works' reference text lives in data/reference_sections.csv and data/page_texts.csv, not in the page: the
shipped table, the loader's rules for it (each broken dataset reported with file, row and column) and the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from listed.loader import DatasetError, load_dataset
from listed.queries import page_text, reference_sections
from tests.fixtures import tables, write_dataset
from tests.unit.test_loader import has, problems_of

ROOT = Path(__file__).resolve().parents[2]
PAGE = "how-it-works"
SECTIONS = [
    ("the-rule", "", "What the Entity List is", False),
    ("subject-to-the-ear", "", "When is an item subject to the EAR?", True),
    ("savings-clause", "", "Shipments already on their way: the savings clause", True),
    ("out-of-scope", "", "Not covered by this model", True),
    ("on-and-off-the-list", "The list in practice", "How entities get on and off the list", True),
    ("know-your-customer", "The list in practice", "Know your customer and red flags", True),
    ("penalties", "The list in practice", "Penalties", True),
    ("other-lists", "The list in practice", "How it differs from other U.S. lists", True),
]


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_the_eight_sections_in_order(ds):
    refs = reference_sections(ds, PAGE)
    got = [(r.section, r.part, r.heading, r.folded) for r in refs.itertuples()]
    assert got == SECTIONS
    assert refs["folded"].dtype == bool
    assert not refs.loc[0, "folded"] and refs["folded"].iloc[1:].all()  # only the first is open


def test_each_section_has_its_citations_row(ds):
    cites = ds.page_citations
    for section in reference_sections(ds, PAGE)["section"]:
        row = cites[(cites["page"] == PAGE) & (cites["section"] == section)]
        assert len(row) == 1 and row.iloc[0]["source_ids"], section


def test_bodies_keep_the_checked_facts(ds):
    body = reference_sections(ds, PAGE).set_index("section")["body"]
    assert "BIS gives **\\$374,474 per violation as of 15 January 2025**." in body["penalties"]
    assert "up to \\$1,000,000 per violation" in body["penalties"]
    assert "by a 2008 rule (73 FR 49311)" in body["on-and-off-the-list"]
    assert body["the-rule"].startswith("The Entity List is Supplement No. 4 to part 744 of the EAR (15 CFR).")
    assert "ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983 and 2E983" in body["the-rule"]
    assert "listed affiliates (85 FR 29849)" in body["subject-to-the-ear"]
    assert body["other-lists"].startswith("| List | Kept by | What listing does |\n| --- | --- | --- |\n")
    assert "\r" not in "".join(body)  # CRLF ends the CSV's records, never a line inside a Markdown body


def test_page_texts(ds):
    assert page_text(ds, PAGE, "listing-history").startswith("The 28 entries did not stay as published.")
    assert page_text(ds, PAGE, "ear-numbering").startswith("The EAR were renumbered in places after 2019.")
    with pytest.raises(KeyError):
        page_text(ds, PAGE, "no-such-text")


def test_the_csv_files_end_lines_like_the_others():
    for name in ("reference_sections.csv", "page_texts.csv"):
        raw = (ROOT / "data" / name).read_bytes()
        records = raw.split(b"\r\n")
        assert raw.endswith(b"\r\n") and len(records) > 2, name


def test_the_page_holds_no_reference_text():
    src = (ROOT / "views" / "how_it_works.py").read_text(encoding="utf-8")
    for text in ("374,474", "73 FR 49311", "Supplement No. 4 to part 744", "no affirmative duty",
                 "Two consequences", "bona fides", "did not stay as published", "renumbered in places"):  # fmt: skip
        assert text not in src, text
    assert "reference_sections(dataset(), PAGE)" in src and "unsafe_allow_html" not in src


# --- The loader's rules ------------------------------------------------------------------------------------------


def test_minimal_dataset_types_the_table(tmp_path):
    ds = load_dataset(write_dataset(tmp_path / "ds"))
    assert ds.reference_sections["folded"].tolist() == [False]
    assert ds.page_texts["text_id"].tolist() == ["listing-history"]


def test_a_section_needs_its_citations_row(tmp_path):
    def mutate(d):
        d["reference_sections"].append(dict(d["reference_sections"][0], section="penalties", folded="true"))

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "reference_sections.csv", 2, "page", "(how-it-works, penalties) has no row in page_citations")
    assert str(DatasetError(probs)).count("reference_sections.csv, row 2, column 'page'") == 1


def test_a_section_on_another_page_needs_its_citations_row(tmp_path):
    def mutate(d):
        d["reference_sections"][0]["page"] = "sources"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "reference_sections.csv", 1, "page", "(sources, the-rule) has no row in page_citations")


def test_a_cited_section_of_the_page_needs_its_text(tmp_path):
    def mutate(d):
        d["page_citations"].append({"page": "how-it-works", "section": "penalties", "source_ids": "fr-2019-22210"})

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "page_citations.csv", 2, "section", "no row in reference_sections")
    assert not has(probs, "page_citations.csv", 1, "section")


def test_citations_of_a_page_without_reference_sections_are_left_alone(tmp_path):
    data = tables()
    data["page_citations"].append({"page": "sources", "section": "audit", "source_ids": "fr-2019-22210"})
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert len(ds.page_citations) == 2


def test_folded_is_a_boolean(tmp_path):
    def mutate(d):
        d["reference_sections"][0]["folded"] = "yes"

    assert has(problems_of(tmp_path, mutate), "reference_sections.csv", 1, "folded", "not true or false")


def test_heading_and_body_are_required(tmp_path):
    def mutate(d):
        d["reference_sections"][0]["heading"] = ""
        d["reference_sections"][0]["body"] = ""

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "reference_sections.csv", 1, "heading", "required")
    assert has(probs, "reference_sections.csv", 1, "body", "required")


def test_a_section_appears_once(tmp_path):
    def mutate(d):
        d["reference_sections"].append(dict(d["reference_sections"][0]))

    assert has(problems_of(tmp_path, mutate), "reference_sections.csv", 2, "page", "repeats row 1")


def test_a_part_is_consecutive_rows(tmp_path):
    def mutate(d):
        first = d["reference_sections"][0]
        parts = (
            ("penalties", "The list in practice"),
            ("other-lists", "Glossary"),
            ("on-and-off", "The list in practice"),
        )
        d["reference_sections"] += [dict(first, section=s, part=p, folded="true") for s, p in parts]
        d["page_citations"] += [{"page": "how-it-works", "section": s, "source_ids": "fr-2019-22210"} for s, _ in parts]

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "reference_sections.csv", 4, "part", "'The list in practice' resumes after another part")
    assert not any(p.file == "reference_sections.csv" and p.row in (1, 2, 3) for p in probs)


def test_a_section_with_no_part_comes_first(tmp_path):
    def mutate(d):
        d["reference_sections"][0]["part"] = "The list in practice"
        d["reference_sections"].append(dict(d["reference_sections"][0], section="penalties", part="", folded="true"))
        d["page_citations"].append({"page": "how-it-works", "section": "penalties", "source_ids": "fr-2019-22210"})

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "reference_sections.csv", 2, "part", "comes before the page's first part")
    assert not has(probs, "reference_sections.csv", 1, "part")


def test_no_working_notes_in_a_body(tmp_path):
    def mutate(d):
        d["reference_sections"][0]["body"] = "See notes.md. TODO: check the penalty."

    assert has(problems_of(tmp_path, mutate), "reference_sections.csv", 1, "body", "working note")


def test_page_texts_are_checked(tmp_path):
    def mutate(d):
        d["page_texts"].append(dict(d["page_texts"][0], text=""))

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "page_texts.csv", 2, "page", "repeats row 1")
    assert has(probs, "page_texts.csv", 2, "text", "required")


def test_a_pages_sections_keep_the_table_columns_and_a_fresh_index():
    ds = load_dataset()
    got = reference_sections(ds, "how-it-works")
    assert list(got.columns) == list(ds.reference_sections.columns)
    assert list(got.index) == list(range(len(got)))
