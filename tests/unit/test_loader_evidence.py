"""Loader rules for bureau-level evidence (issue 12): claim scope, operate/procure links, figures by prefecture and
the research log. Each broken dataset must be reported with the right file, row and column."""

from __future__ import annotations

import json
from datetime import date, timedelta

from listed.loader import DATA_DIR, load_dataset
from tests.fixtures import tables, write_dataset
from tests.unit.test_loader import has, problems_of

DATA_AS_OF = json.loads((DATA_DIR / "metadata.json").read_text(encoding="utf-8"))["data_as_of"]


def test_minimal_dataset_has_the_new_tables(tmp_path):
    ds = load_dataset(write_dataset(tmp_path / "ds"))
    assert ds.claims.set_index("claim_id")["scope"].to_dict() == {
        "hikvision-contracts": "entity",
        "kashgar-camps": "jurisdiction",
    }
    assert ds.jurisdiction_figures["value"].tolist() == [11165.0]
    assert ds.jurisdiction_figures["year"].tolist() == [2017]
    assert len(ds.research_log) == 20
    assert str(ds.research_log["searched_on"].dtype).startswith("datetime64")


def test_scope_must_be_entity_or_jurisdiction(tmp_path):
    def mutate(d):
        d["claims"][1]["scope"] = "prefecture"

    assert has(problems_of(tmp_path, mutate), "claims.csv", 2, "scope", "not one of: entity, jurisdiction")


def test_scope_is_required(tmp_path):
    def mutate(d):
        d["claims"][0]["scope"] = ""

    assert has(problems_of(tmp_path, mutate), "claims.csv", 1, "scope", "required")


def test_a_company_has_no_jurisdiction(tmp_path):
    def mutate(d):
        d["claims"][0]["scope"] = "jurisdiction"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "claims.csv", 1, "scope", "only a government body has a jurisdiction")
    assert not has(probs, "claims.csv", 2, "scope")


def test_procures_is_a_known_role(tmp_path):
    def mutate(d):
        d["entity_technologies"][2]["role"] = "funds"

    assert has(problems_of(tmp_path, mutate), "entity_technologies.csv", 3, "role", "not one of")


def test_a_bureau_may_procure(tmp_path):
    data = tables()
    data["entity_technologies"][2]["role"] = "procures"
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert ds.entity_technologies["role"].tolist() == ["supplies", "develops", "procures"]


def test_a_bureau_does_not_supply(tmp_path):
    def mutate(d):
        d["entity_technologies"][2]["role"] = "supplies"

    assert has(problems_of(tmp_path, mutate), "entity_technologies.csv", 3, "role", "a government body operates")


def test_a_company_does_not_procure(tmp_path):
    def mutate(d):
        d["entity_technologies"][0]["role"] = "procures"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "entity_technologies.csv", 1, "role", "only for government bodies")
    assert not has(probs, "entity_technologies.csv", 3, "role")


def test_figure_entity_must_exist(tmp_path):
    def mutate(d):
        d["jurisdiction_figures"][0]["entity_id"] = "atlantis-psb"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "jurisdiction_figures.csv", 1, "entity_id", "not a known entities id")
    assert not has(probs, "jurisdiction_figures.csv", 1, "entity_id", "not a government body")


def test_figure_of_a_company_is_refused(tmp_path):
    def mutate(d):
        d["jurisdiction_figures"][0]["entity_id"] = "hikvision"

    assert has(problems_of(tmp_path, mutate), "jurisdiction_figures.csv", 1, "entity_id", "not a government body")


def test_figure_needs_a_known_source(tmp_path):
    def mutate(d):
        d["jurisdiction_figures"][0]["source_ids"] = "fr-2019-22210;nowhere-2020"

    assert has(problems_of(tmp_path, mutate), "jurisdiction_figures.csv", 1, "source_ids", "'nowhere-2020'")


def test_figure_needs_a_source(tmp_path):
    def mutate(d):
        d["jurisdiction_figures"][0]["source_ids"] = ""

    assert has(problems_of(tmp_path, mutate), "jurisdiction_figures.csv", 1, "source_ids", "required")


def test_figure_year_range(tmp_path):
    def mutate(d):
        d["jurisdiction_figures"].append({**d["jurisdiction_figures"][0], "figure_id": "kashgar-02", "year": "1999"})

    assert has(problems_of(tmp_path, mutate), "jurisdiction_figures.csv", 2, "year", "below the minimum 2000")


def test_figure_year_not_after_the_as_of_date(tmp_path):
    def mutate(d):
        d["jurisdiction_figures"][0]["year"] = str(int(DATA_AS_OF[:4]) + 1)

    assert has(problems_of(tmp_path, mutate), "jurisdiction_figures.csv", 1, "year", "after the data's as-of date")


def test_figure_year_of_the_as_of_date_is_allowed(tmp_path):
    data = tables()
    data["jurisdiction_figures"][0]["year"] = DATA_AS_OF[:4]
    got = load_dataset(write_dataset(tmp_path / "ds", data)).jurisdiction_figures["year"].tolist()
    assert got == [int(DATA_AS_OF[:4])]


def test_figure_value_and_qualifier(tmp_path):
    def mutate(d):
        d["jurisdiction_figures"][0]["value"] = "-3"
        d["jurisdiction_figures"][0]["qualifier"] = "roughly"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "jurisdiction_figures.csv", 1, "value", "below the minimum 0")
    assert has(probs, "jurisdiction_figures.csv", 1, "qualifier", "not one of")


def test_every_government_body_has_a_research_log(tmp_path):
    def mutate(d):
        d["research_log"] = [r for r in d["research_log"] if r["entity_id"] != "hami-psb"]

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "research_log.csv", None, "entity_id", "'hami-psb' has no row")
    assert not any("'tumxuk-psb' has no row" in p.message for p in probs)


def test_research_log_is_for_government_bodies(tmp_path):
    def mutate(d):
        d["research_log"].append({**d["research_log"][0], "entity_id": "yitu"})

    assert has(problems_of(tmp_path, mutate), "research_log.csv", 21, "entity_id", "'yitu' is not a government body")


def test_research_log_entity_must_exist(tmp_path):
    def mutate(d):
        d["research_log"].append({**d["research_log"][0], "entity_id": "atlantis-psb"})

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "research_log.csv", 21, "entity_id", "not a known entities id")
    assert not has(probs, "research_log.csv", 21, "entity_id", "not a government body")


def test_research_log_not_after_the_as_of_date(tmp_path):
    after = (date.fromisoformat(DATA_AS_OF) + timedelta(days=1)).isoformat()

    def mutate(d):
        d["research_log"][3]["searched_on"] = after
        d["research_log"][4]["searched_on"] = DATA_AS_OF  # the as-of day itself is allowed

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "research_log.csv", 4, "searched_on", "after the data's as-of date")
    assert not has(probs, "research_log.csv", 5, "searched_on")


def test_research_log_result_and_key(tmp_path):
    def mutate(d):
        d["research_log"][0]["result"] = "maybe"
        d["research_log"].append(dict(d["research_log"][1]))

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "research_log.csv", 1, "result", "not one of")
    assert has(probs, "research_log.csv", 21, "entity_id", "repeats row 2")


def test_research_log_has_no_working_notes(tmp_path):
    def mutate(d):
        d["research_log"][0]["where_searched"] = "see research-log.csv"

    assert has(problems_of(tmp_path, mutate), "research_log.csv", 1, "where_searched", "working note")


def test_the_curated_data_gives_every_government_body_a_log_and_evidence_scope():
    ds = load_dataset()
    gov = set(ds.entities.loc[ds.entities["kind"] != "company", "entity_id"])
    assert set(ds.research_log["entity_id"]) == gov
    companies = set(ds.entities["entity_id"]) - gov
    assert set(ds.claims.loc[ds.claims["entity_id"].isin(companies), "scope"]) == {"entity"}
    assert set(ds.jurisdiction_figures["entity_id"]) <= gov


def test_unknown_entities_are_reported_once_as_unknown(tmp_path):
    def mutate(d):
        d["claims"][1]["entity_id"] = "atlantis-psb"
        d["entity_technologies"][2]["entity_id"] = "atlantis-psb"
        d["jurisdiction_figures"][0]["year"] = "soon"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "claims.csv", 2, "entity_id", "not a known entities id")
    assert not has(probs, "claims.csv", 2, "scope")
    assert has(probs, "entity_technologies.csv", 3, "entity_id", "not a known entities id")
    assert not has(probs, "entity_technologies.csv", 3, "role")
    assert has(probs, "jurisdiction_figures.csv", 1, "year", "not a whole number")
    assert not has(probs, "jurisdiction_figures.csv", 1, "year", "after the data's as-of date")


def test_jurisdiction_claims_of_bureaus_and_the_college_are_valid(tmp_path):
    data = tables()
    data["claims"].append({**data["claims"][1], "claim_id": "college-x", "entity_id": "xinjiang-police-college"})
    data["entity_technologies"].append({**data["entity_technologies"][2], "entity_id": "xinjiang-police-college"})
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert ds.claims.set_index("claim_id").loc["college-x", "scope"] == "jurisdiction"
