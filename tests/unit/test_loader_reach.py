"""The loader's rules for the Beyond China tables (suppliers, the AI Global Surveillance Index, global reach)."""

from __future__ import annotations

import json

import pytest

from listed.loader import DatasetError, load_dataset
from tests.fixtures import write_dataset
from tests.unit.test_loader import has, problems_of


def test_minimal_reach_tables_are_valid(tmp_path):
    ds = load_dataset(write_dataset(tmp_path / "ds"))
    assert len(ds.aigs_countries) == 3 and ds.aigs_countries["china_tech"].dtype == bool
    assert set(ds.suppliers["origin"]) == {"china"}


def test_country_code_must_be_on_the_map(tmp_path):
    def mutate(d):
        d["global_reach"][0]["country_iso3"] = "XYZ"  # well-formed, but no such country in the outlines
        d["aigs_countries"][2]["country_iso3"] = "ZZZ"
        d["aigs_companies"][4]["country_iso3"] = "ZZZ"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "global_reach.csv", 1, "country_iso3", "not a country in the world outlines")
    assert has(probs, "aigs_countries.csv", 3, "country_iso3", "not a country in the world outlines")


def test_malformed_country_code_and_types(tmp_path):
    def mutate(d):
        d["aigs_countries"][1]["country_iso3"] = "ecu"
        d["aigs_countries"][0]["smart_city"] = "yes"
        d["aigs_countries"][2]["region"] = "Europe"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "aigs_countries.csv", 2, "country_iso3", "does not match the pattern")
    assert has(probs, "aigs_countries.csv", 1, "smart_city", "not true or false")
    assert has(probs, "aigs_countries.csv", 3, "region", "not one of")


def test_foreign_keys(tmp_path):
    def mutate(d):
        d["aigs_companies"][2]["supplier_id"] = "acme"
        d["aigs_companies"][4]["country_iso3"] = "FRA"  # on the map, but not a country of the index table
        d["global_reach"][0]["supplier_id"] = "nobody"
        d["suppliers"][0]["entity_id"] = "not-listed"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "aigs_companies.csv", 3, "supplier_id", "not a known suppliers id")
    assert has(probs, "aigs_companies.csv", 5, "country_iso3", "not a known aigs_countries id")
    assert has(probs, "global_reach.csv", 1, "supplier_id", "not a known suppliers id")
    assert has(probs, "suppliers.csv", 1, "entity_id", "not a known entities id")


def test_sources_required_and_resolved(tmp_path):
    def mutate(d):
        d["suppliers"][1]["source_ids"] = ""
        d["aigs_countries"][0]["source_ids"] = "carnegie-made-up"
        d["aigs_findings"][0]["source_ids"] = "nope"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "suppliers.csv", 2, "source_ids", "required")
    assert has(probs, "aigs_countries.csv", 1, "source_ids", "not a known sources id")
    assert has(probs, "aigs_findings.csv", 1, "source_ids", "not a known sources id")


def test_origin_enum_and_duplicate_company(tmp_path):
    def mutate(d):
        d["suppliers"][1]["origin"] = "probably-china"
        d["aigs_companies"].append(dict(d["aigs_companies"][2]))

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "suppliers.csv", 2, "origin", "not one of")
    assert has(probs, "aigs_companies.csv", 6, "country_iso3", "the key (ECU, Hikvision) repeats row 3")


def test_china_tick_must_match_named_chinese_suppliers(tmp_path):
    def mutate(d):
        d["aigs_countries"][1]["china_tech"] = "false"  # Ecuador names Hikvision and Huawei
        d["aigs_companies"][4]["supplier_id"] = "huawei"  # Canada is not ticked

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "aigs_countries.csv", 2, "china_tech", "names a Chinese supplier but is not ticked")
    assert has(probs, "aigs_countries.csv", 3, "china_tech", "names a Chinese supplier but is not ticked")

    def mutate2(d):
        for c in d["aigs_companies"]:
            if c["country_iso3"] == "ECU":
                c["supplier_id"] = ""

    assert has(problems_of(tmp_path, mutate2), "aigs_countries.csv", 2, "china_tech", "names no Chinese supplier")


def test_an_unclear_supplier_does_not_count_as_chinese(tmp_path):
    def mutate(d):
        d["suppliers"][1]["origin"] = "unclear"  # Huawei, for the test
        for c in d["aigs_companies"]:
            if c["country_iso3"] == "ECU" and c["company"] == "Hikvision":
                c["supplier_id"] = ""

    assert has(problems_of(tmp_path, mutate), "aigs_countries.csv", 2, "china_tech", "names no Chinese supplier")


def test_listed_supplier_must_agree_with_global_reach(tmp_path):
    def mutate(d):
        d["global_reach"][0]["supplier_entity_id"] = "dahua"

    assert has(problems_of(tmp_path, mutate), "global_reach.csv", 1, "supplier_entity_id", "differs")


def test_index_country_count(tmp_path):
    path = write_dataset(tmp_path / "ds")
    meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    meta["expected_counts"]["aigs_countries"] = 75
    (path / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert any(
        p.file == "aigs_countries.csv" and "has 3 countries; the index lists 75" in p.message
        for p in info.value.problems
    )


def test_uncited_new_source_is_reported(tmp_path):
    def mutate(d):
        d["aigs_findings"].clear()
        d["sources"].append({**d["sources"][0], "source_id": "carnegie-2019-unused"})

    assert has(problems_of(tmp_path, mutate), "sources.csv", 3, "source_id", "never cited")


def test_world_codes_read_fast_match_the_parsed_outlines():
    from listed.geo import load_geojson
    from listed.loader import _world_codes

    parsed = {f["properties"]["iso3"] for f in load_geojson("world")["features"]}
    assert _world_codes() == parsed and {"KEN", "ZWE", "HKG", "TWN"} <= parsed
