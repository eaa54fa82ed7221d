"""Provenance, country and summary checks of the loader, case by case: each test breaks one thing in a small valid
dataset and asserts exactly what is reported (and that nothing else is), so that a check that stops looking, looks
at the wrong table or reports the wrong file fails a test. Written against the survivors of a mutation run."""

from __future__ import annotations

from listed.loader import ISSUING_KINDS
from tests.fixtures import dataset_problems as problems
from tests.fixtures import tables


def test_absent_tables_are_reported_as_missing_files_and_nothing_crashes(tmp_path):
    got = problems(tmp_path, drop_files=("global_reach", "aigs_countries", "aigs_companies", "suppliers"))
    assert sorted(got) == sorted(
        f"{n}.csv: file is missing" for n in ("global_reach", "aigs_countries", "aigs_companies", "suppliers")
    )


def test_absent_entities_table_skips_the_summary_check(tmp_path):
    got = problems(tmp_path, drop_files=("entities",))
    assert "entities.csv: file is missing" in got
    assert not any("has no summary" in p or "column 'clause'" in p for p in got)


def test_missing_copy_columns_are_reported_once_each_and_nothing_else(tmp_path):
    got = problems(tmp_path, drop_columns={"sources": ["copy_url", "copy_note"]})
    assert sorted(got) == [
        "sources.csv, column 'copy_note': column is missing",
        "sources.csv, column 'copy_url': column is missing",
    ]


def test_missing_url_column_asks_for_the_original_or_a_copy_on_every_row(tmp_path):
    got = problems(tmp_path, drop_columns={"sources": ["url"]})
    rows = len(tables()["sources"])
    empty = [p for p in got if p.endswith("column 'url': is empty: give the original's URL, or the copy read "
                                          "(copy_url and copy_note) when it was not found")]  # fmt: skip
    assert len(empty) == rows  # none of the fixture's sources has a copy
    assert "sources.csv, column 'url': column is missing" in got
    assert not any("is not one of" in p for p in got)  # no host is checked when there is no URL


def test_missing_clause_column_is_reported_not_a_crash(tmp_path):
    got = problems(tmp_path, drop_columns={"summary_clauses": ["clause"]})
    assert "summary_clauses.csv, column 'clause': column is missing" in got


def test_wrong_host_names_the_host_and_the_publisher_domains(tmp_path):
    def mutate(d):
        d["sources"][0]["url"] = "https://example.org/rule"

    got = problems(tmp_path, mutate)
    pub = next(p for p in tables()["publishers"] if p["publisher_id"] == tables()["sources"][0]["publisher_id"])
    assert got == [
        f"sources.csv, row 1, column 'url': the host example.org is not one of {pub['name']}'s domains "
        f"({pub['domains']})"
    ]


def test_primary_from_a_non_issuer_lists_the_issuing_kinds(tmp_path):
    def mutate(d):
        news = next(p for p in d["publishers"] if p["kind"] not in ISSUING_KINDS)
        src = next(s for s in d["sources"] if s["publisher_id"] == news["publisher_id"])
        src["primary"] = "true"
        mutate.kind = news["kind"]

    got = problems(tmp_path, mutate)
    issuers = ", ".join(sorted(ISSUING_KINDS))
    assert [p.split(": ", 1)[1] for p in got] == [
        f"a source published by a {mutate.kind} publisher cannot be primary (only {issuers})"
    ]


def test_evidence_resting_on_two_weak_sources_is_flagged(tmp_path):
    """Both sources of the claim are aggregator-type: the check must read every id of the list."""

    def mutate(d):
        d["publishers"].append(
            {"publisher_id": "wiki", "name": "Wiki", "kind": "encyclopedia", "domains": "wiki.example"}
        )
        base = d["sources"][0]
        for i in (1, 2):
            d["sources"].append(
                {
                    **base,
                    "source_id": f"wiki-{i}",
                    "publisher_id": "wiki",
                    "url": f"https://wiki.example/{i}",
                    "primary": "false",
                    "kind": "encyclopedia",
                }
            )
        claim = next(c for c in d["claims"] if c["claim_type"] == "evidence")
        claim["source_ids"] = "wiki-1;wiki-2"
        mutate.row = d["claims"].index(claim) + 1

    got = problems(tmp_path, mutate)
    assert (
        f"claims.csv, row {mutate.row}, column 'source_ids': an evidence claim cannot rest only on aggregator, "
        "encyclopedia or forum sources"
    ) in got


def test_country_codes_are_checked_in_every_index_table(tmp_path):
    def mutate(d):
        d["aigs_companies"][1]["country_iso3"] = "XYZ"

    got = problems(tmp_path, mutate)
    assert "aigs_companies.csv, row 2, column 'country_iso3': 'XYZ' is not a country in the world outlines" in got


def test_supplier_entity_mismatch_names_both_ids(tmp_path):
    def mutate(d):
        row = d["global_reach"][0]
        sup = next(s for s in d["suppliers"] if s["supplier_id"] == row["supplier_id"])
        mutate.want = sup.get("entity_id", "")
        row["supplier_entity_id"] = "dahua" if mutate.want != "dahua" else "hikvision"
        mutate.got = row["supplier_entity_id"]

    got = problems(tmp_path, mutate)
    assert (
        f"global_reach.csv, row 1, column 'supplier_entity_id': supplier_entity_id '{mutate.got}' differs from "
        f"the supplier's entity_id '{mutate.want}'"
    ) in got


def test_index_without_its_china_column_is_reported_as_a_missing_column(tmp_path):
    got = problems(tmp_path, drop_columns={"aigs_countries": ["china_tech"]})
    assert "aigs_countries.csv, column 'china_tech': column is missing" in got
    assert not any("ticked" in p for p in got)


def test_summary_problems_name_the_summary_file_and_the_entity(tmp_path):
    def mutate(d):
        d["summary_clauses"] = [c for c in d["summary_clauses"] if c["entity_id"] != "hikvision"]
        d["summary_clauses"].append({**d["summary_clauses"][0], "clause": "7"})

    got = problems(tmp_path, mutate)
    assert "summary_clauses.csv, column 'entity_id': the entity 'hikvision' has no summary" in got
    assert any(p.startswith("summary_clauses.csv, column 'clause': ") for p in got)
