"""The loader checks added with the page texts, the reference sections, composite keys, the listing history and
bureau evidence, case by case: an absent file is reported, not a crash; each check still runs when a table has only
the columns it reads; messages say exactly where the problem is. Written against the survivors of a mutation run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from listed.loader import Problem, _check_references, load_dataset
from tests.fixtures import dataset_problems as problems


@pytest.mark.parametrize(
    "name",
    ["page_texts", "reference_sections", "page_citations", "listing_changes", "claims", "entity_technologies",
     "jurisdiction_figures", "research_log"],
)  # fmt: skip
def test_an_absent_table_is_reported_as_missing_not_a_crash(tmp_path, name):
    got = problems(tmp_path, drop_files=(name,))
    assert f"{name}.csv: file is missing" in got


def _part_resumes(d):
    rows = d["reference_sections"]
    first = rows[0]
    rows[:] = [
        {**first, "section": "the-rule", "part": ""},
        {**first, "section": "a", "part": "One"},
        {**first, "section": "b", "part": "Two"},
        {**first, "section": "c", "part": "One"},
    ]
    d["page_citations"] += [{**d["page_citations"][0], "section": s} for s in "abc"]


def test_the_part_check_runs_on_a_table_with_only_its_columns(tmp_path):
    got = problems(tmp_path, _part_resumes, keep_columns={"reference_sections": ["page", "section", "part"]})
    assert (
        "reference_sections.csv, row 4, column 'part': the part 'One' resumes after another part; its sections must "
        "be consecutive rows"
    ) in got


def test_the_citation_check_runs_on_a_citations_table_with_only_its_columns(tmp_path):
    def extra_citation(d):
        d["page_citations"].append({**d["page_citations"][0], "section": "nowhere"})

    got = problems(tmp_path, extra_citation, keep_columns={"page_citations": ["page", "section"]})
    assert (
        "page_citations.csv, row 2, column 'section': cites sources for (how-it-works, nowhere), which has no row in "
        "reference_sections"
    ) in got


def _revision_without_policy(d):
    first = d["listing_changes"][0]
    d["listing_changes"].append(
        {**first, "change_id": "revision", "date": "2020-07-22", "kind": "revision", "review_policy": ""}
    )


REVISION_PROBLEM = "listing_changes.csv, row 2, column 'review_policy': a listing or revision states the review policy"


def test_a_revision_without_a_review_policy_is_reported(tmp_path):
    assert REVISION_PROBLEM in problems(tmp_path, _revision_without_policy)


def test_the_listing_check_runs_on_a_table_with_only_its_columns(tmp_path):
    cols = ["kind", "date", "applies_to", "entity_ids", "review_policy"]
    got = problems(tmp_path, _revision_without_policy, keep_columns={"listing_changes": cols})
    assert REVISION_PROBLEM in got


def _page_text(text):
    def mutate(d):
        d["page_texts"][0]["text"] = text

    return mutate


def test_a_stray_brace_after_a_placeholder_is_still_found(tmp_path):
    got = problems(tmp_path, _page_text("Filled {name} here, then a stray } there."))
    assert got == [
        "page_texts.csv, row 1, column 'text': has a '}' that is not part of a {name} placeholder (a lower-case "
        "identifier) near ', then a stray } there.'; write {{ or }} for a literal brace"
    ]


@pytest.mark.parametrize(
    ("text", "near"),
    [
        ("0123456789abcdefghij}klmnopqrstuvwxyz0123", "56789abcdefghij}klmnopqrstuvwxy"),  # 15 each side
        ("x{ at the start", "x{ at the start"),
    ],
)
def test_the_message_quotes_fifteen_characters_either_side(tmp_path, text, near):
    got = problems(tmp_path, _page_text(text))
    brace = "}" if "}" in text else "{"
    assert got == [
        f"page_texts.csv, row 1, column 'text': has a '{brace}' that is not part of a {{name}} placeholder (a "
        f"lower-case identifier) near '{near}'; write {{{{ or }}}} for a literal brace"
    ]


# A hand-made descriptor: table "a" has a composite key to "b" and then a single key to "c".
DESCRIPTOR = {
    "resources": [
        {"name": "a", "path": "a.csv", "schema": {"fields": [], "foreignKeys": [
            {"fields": ["x", "y"], "reference": {"resource": "b", "fields": ["x", "y"]}},
            {"fields": "z", "reference": {"resource": "c", "fields": "z"}},
        ]}},
        {"name": "b", "path": "b.csv", "schema": {"fields": []}},
        {"name": "c", "path": "c.csv", "schema": {"fields": []}},
    ]
}  # fmt: skip


def _refs(raw) -> list[str]:
    found: list[Problem] = []
    _check_references(DESCRIPTOR, raw, found)
    return [str(p) for p in found]


def test_a_composite_key_then_a_single_key_are_both_checked():
    raw = {
        "a": (["x", "y", "z"], [{"x": "1", "y": "2", "z": "9"}, {"x": "1", "y": "3", "z": "8"}]),
        "b": (["x", "y"], [{"x": "1", "y": "2"}]),
        "c": (["z"], [{"z": "9"}]),
    }
    assert _refs(raw) == [
        "a.csv, row 2, column 'x': (1, 3) has no row in b (same x, y)",
        "a.csv, row 2, column 'z': '8' is not a known c id",
    ]


def test_a_composite_key_whose_columns_are_absent_is_skipped_and_the_next_key_checked():
    raw = {"a": (["x", "z"], [{"x": "1", "z": "8"}]), "b": (["x", "y"], []), "c": (["z"], [{"z": "9"}])}
    assert _refs(raw) == ["a.csv, row 1, column 'z': '8' is not a known c id"]


def test_a_composite_key_to_an_absent_table_reports_every_row():
    raw = {"a": (["x", "y", "z"], [{"x": "1", "y": "2", "z": "9"}]), "c": (["z"], [{"z": "9"}])}
    assert _refs(raw) == ["a.csv, row 1, column 'x': (1, 2) has no row in b (same x, y)"]


def _company_procures(d):
    d["entity_technologies"] += [
        {**d["entity_technologies"][0], "entity_id": "no-such-body", "role": "operates"},  # an unresolved key first
        {**d["entity_technologies"][0], "entity_id": "yitu", "tech_id": "facial-recognition", "role": "procures"},
    ]


PROCURES = "entity_technologies.csv, row 5, column 'role': procures is recorded only for government bodies"


def test_a_company_that_procures_is_reported_after_an_unresolved_row(tmp_path):
    assert PROCURES in problems(tmp_path, _company_procures)


def test_the_role_check_runs_on_a_table_with_only_its_columns(tmp_path):
    got = problems(tmp_path, _company_procures, keep_columns={"entity_technologies": ["entity_id", "role"]})
    assert PROCURES in got


def test_the_figure_year_check_runs_on_a_table_with_only_its_columns(tmp_path):
    def late(d):
        d["jurisdiction_figures"][0]["year"] = "2099"

    got = problems(tmp_path, late, keep_columns={"jurisdiction_figures": ["entity_id", "year"]})
    assert any(p.startswith("jurisdiction_figures.csv, row 1, column 'year': 2099 is after the data's as-of date")
               for p in got)  # fmt: skip


def test_the_research_log_check_runs_on_a_table_with_only_its_columns(tmp_path):
    def late(d):
        d["research_log"][0]["searched_on"] = "2099-01-01"

    got = problems(tmp_path, late, keep_columns={"research_log": ["entity_id", "searched_on"]})
    assert any(
        p.startswith("research_log.csv, row 1, column 'searched_on': 2099-01-01 is after the data's as-of date")
        for p in got
    )


def test_the_dataset_carries_the_metadata_and_descriptor_it_was_checked_against():
    ds = load_dataset()
    data = Path(__file__).resolve().parents[2] / "data"
    assert ds.metadata == json.loads((data / "metadata.json").read_text(encoding="utf-8"))
    assert ds.descriptor == json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert ds.path == data
