"""The loader's rules: each broken dataset must be reported with the right file, row and column."""

from __future__ import annotations

import copy
import json

import pytest

from listed.loader import DatasetError, load_dataset
from tests.fixtures import tables, write_dataset


def problems_of(tmp_path, mutate) -> list:
    data = copy.deepcopy(tables())
    mutate(data)
    path = write_dataset(tmp_path / "ds", data)
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return info.value.problems


def has(problems, file, row, column, words=""):
    return any(
        p.file == file and p.row == row and p.column == column and words.lower() in p.message.lower() for p in problems
    )


def test_minimal_dataset_is_valid(tmp_path):
    ds = load_dataset(write_dataset(tmp_path / "ds"))
    assert len(ds.entities) == 28
    assert ds.entities["lat"].dtype == "float64"
    assert str(ds.events["date"].dtype).startswith("datetime64")
    assert ds.sources["primary"].dtype == bool


def test_duplicate_id(tmp_path):
    def mutate(d):
        d["entities"][5]["entity_id"] = d["entities"][4]["entity_id"]

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "entities.csv", 6, "entity_id", "repeats row 5")


def test_duplicate_composite_key(tmp_path):
    probs = problems_of(tmp_path, lambda d: d["aliases"].append(dict(d["aliases"][0])))
    assert has(probs, "aliases.csv", 3, "entity_id", "repeats row 1")


def test_unresolved_foreign_key(tmp_path):
    def mutate(d):
        d["entity_technologies"][1]["tech_id"] = "mind-reading"

    assert has(problems_of(tmp_path, mutate), "entity_technologies.csv", 2, "tech_id", "not a known technologies id")


def test_unresolved_parent(tmp_path):
    def mutate(d):
        d["entities"][3]["parent_id"] = "nowhere-psb"

    assert has(problems_of(tmp_path, mutate), "entities.csv", 4, "parent_id", "not a known entities id")


def test_unknown_source_in_list(tmp_path):
    def mutate(d):
        d["claims"][0]["source_ids"] = "fr-2019-22210;ghost-source"

    assert has(problems_of(tmp_path, mutate), "claims.csv", 1, "source_ids", "'ghost-source'")


def test_unknown_entity_in_event_list(tmp_path):
    def mutate(d):
        d["events"][1]["entity_ids"] = "sensetime;huawei"

    assert has(problems_of(tmp_path, mutate), "events.csv", 2, "entity_ids", "'huawei'")


@pytest.mark.parametrize("table", ["claims", "entity_technologies", "key_facts", "chip_shares", "events"])
def test_row_without_source(tmp_path, table):
    def mutate(d):
        d[table][0]["source_ids"] = ""

    assert has(problems_of(tmp_path, mutate), f"{table}.csv", 1, "source_ids", "required")


@pytest.mark.parametrize("url", ["http://example.org/x", "ftp://example.org", "www.example.org", "https://"])
def test_source_url_must_be_https(tmp_path, url):
    def mutate(d):
        d["sources"][0]["url"] = url

    assert has(problems_of(tmp_path, mutate), "sources.csv", 1, "url", "pattern")


def test_source_needs_date(tmp_path):
    def mutate(d):
        d["sources"][1]["date"] = ""

    assert has(problems_of(tmp_path, mutate), "sources.csv", 2, "date", "required")


@pytest.mark.parametrize("value", ["09/10/2019", "2019-13-01", "2019-02-30", "Oct 2019"])
def test_dates_are_iso(tmp_path, value):
    def mutate(d):
        d["claims"][0]["date"] = value

    assert has(problems_of(tmp_path, mutate), "claims.csv", 1, "date")


def test_coordinates_in_china(tmp_path):
    def mutate(d):
        d["entities"][20]["lat"], d["entities"][20]["lon"] = "48.8566", "2.3522"  # Paris

    assert has(problems_of(tmp_path, mutate), "entities.csv", 21, "lat", "not in china")


def test_xinjiang_bodies_in_xinjiang(tmp_path):
    def mutate(d):
        d["entities"][2]["lat"], d["entities"][2]["lon"] = "39.9042", "116.4074"  # Beijing

    assert has(problems_of(tmp_path, mutate), "entities.csv", 3, "lat", "not in xinjiang")


def test_coordinate_not_a_number(tmp_path):
    def mutate(d):
        d["entities"][0]["lon"] = "east"

    assert has(problems_of(tmp_path, mutate), "entities.csv", 1, "lon", "not a number")


def test_exactly_28_entities(tmp_path):
    probs = problems_of(tmp_path, lambda d: d["entities"].pop())
    assert any(p.file == "entities.csv" and "has 27 entities" in p.message for p in probs)
    assert any("'yixin' is missing" in p.message for p in probs)


def test_kind_counts(tmp_path):
    def mutate(d):
        d["entities"][27]["kind"] = "government-bureau"
        d["entities"][27]["lat"], d["entities"][27]["lon"] = "43.8256", "87.6168"

    probs = problems_of(tmp_path, mutate)
    assert any(p.column == "kind" and "7 of kind 'company'" in p.message for p in probs)


def test_enumerations(tmp_path):
    def mutate(d):
        d["claims"][0]["hedge"] = "certainly"

    assert has(problems_of(tmp_path, mutate), "claims.csv", 1, "hedge", "not one of")


def test_unknown_column(tmp_path):
    data = copy.deepcopy(tables())
    path = write_dataset(tmp_path / "ds", data)
    text = (path / "key_facts.csv").read_text(encoding="utf-8").splitlines()
    text = [text[0] + ",rumour"] + [line + ",x" for line in text[1:]]
    (path / "key_facts.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert has(info.value.problems, "key_facts.csv", None, "rumour", "unknown column")


def test_missing_file_and_ragged_row(tmp_path):
    path = write_dataset(tmp_path / "ds")
    (path / "events.csv").unlink()
    with (path / "aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("hikvision,too,few\n")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    probs = info.value.problems
    assert any(p.file == "events.csv" and "missing" in p.message for p in probs)
    assert has(probs, "aliases.csv", 3, None, "has 3 values")


def test_bad_encoding(tmp_path):
    path = write_dataset(tmp_path / "ds")
    (path / "sources.csv").write_bytes("source_id\n\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert any(p.file == "sources.csv" and "utf-8" in p.message.lower() for p in info.value.problems)


def test_validation_is_lazy(tmp_path):
    def mutate(d):
        d["claims"][0]["hedge"] = "certainly"
        d["sources"][0]["url"] = "http://insecure"
        d["entities"][0]["kind"] = "agency"

    probs = problems_of(tmp_path, mutate)
    assert {p.file for p in probs} >= {"claims.csv", "sources.csv", "entities.csv"}


def test_uncited_source(tmp_path):
    def mutate(d):
        d["sources"].append({**d["sources"][0], "source_id": "orphan", "url": "https://example.org/o"})

    assert has(problems_of(tmp_path, mutate), "sources.csv", 3, "source_id", "never cited")


def test_metadata_key_figure_sources(tmp_path):
    path = write_dataset(tmp_path / "ds")
    meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    meta["key_figures"][0]["source_ids"] = "nope"
    del meta["changelog"]
    (path / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    messages = [str(p) for p in info.value.problems]
    assert any("metadata.json" in m and "'nope'" in m for m in messages)
    assert any("'changelog' is missing" in m for m in messages)


def test_error_message_names_file_row_column(tmp_path):
    def mutate(d):
        d["key_facts"][0]["year"] = "twenty"

    path = write_dataset(tmp_path / "ds", (d := copy.deepcopy(tables())) and d)
    mutate(d)
    write_dataset(path, d)
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert "key_facts.csv, row 1, column 'year': 'twenty' is not a whole number" in str(info.value)


def test_company_seat_may_be_blank_but_not_partial(tmp_path):
    data = copy.deepcopy(tables())
    for col in ("city", "prefecture", "province", "lat", "lon"):
        data["entities"][27][col] = ""
    load_dataset(write_dataset(tmp_path / "ok", data))  # a wholly unknown company seat is allowed

    def partial(d):
        d["entities"][26]["lat"] = ""

    assert has(problems_of(tmp_path, partial), "entities.csv", 27, "lat", "in full")

    def bureau(d):
        for col in ("city", "prefecture", "province", "lat", "lon"):
            d["entities"][3][col] = ""

    assert has(problems_of(tmp_path, bureau), "entities.csv", 4, "city", "in full")


def test_sources_by_id_is_built_once_and_complete():
    ds = load_dataset()
    index = ds.sources_by_id
    assert index is ds.sources_by_id  # cached on the dataset, not rebuilt per lookup
    assert set(index) == set(ds.sources["source_id"])
    first = ds.sources.iloc[0]
    assert index[first["source_id"]]["url"] == first["url"]


def test_names_by_entity_id():
    ds = load_dataset()
    ents = ds.entities.set_index("entity_id")
    assert ents.loc["xuar-psb", "listed_name"] != ents.loc["xuar-psb", "common_name"]
    assert ds.names["xuar-psb"] == ents.loc["xuar-psb", "common_name"]  # the common name, not the name as listed
    assert ds.names == dict(zip(ents.index, ents["common_name"], strict=True))
    assert list(ds.names) == ds.entities["entity_id"].tolist() and len(ds.names) == 28
    assert ds.names is ds.names
