"""The loader at its edges: each numeric bound from both sides, booleans, metadata, the typed tables, the messages."""

from __future__ import annotations

import copy
import csv
import json

import pandas as pd
import pytest

from listed.loader import METADATA_KEYS, Dataset, DatasetError, Problem, _check_value, _near, load_dataset
from tests.fixtures import tables, write_dataset


def problems_of(tmp_path, mutate=None, meta=None) -> list[Problem]:
    data = copy.deepcopy(tables())
    if mutate:
        mutate(data)
    path = write_dataset(tmp_path / "ds", data)
    if meta:
        doc = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        meta(doc)
        (path / "metadata.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return info.value.problems


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# --- numbers: minimum and maximum, inclusive ------------------------------------------------------------------

BOUNDS = [
    # (table, row index, column, value, the problem or None)
    ("chip_shares", 0, "share_pct", "0", None),
    ("chip_shares", 0, "share_pct", "100", None),
    ("chip_shares", 0, "share_pct", "-0.5", "-0.5 is below the minimum 0"),
    ("chip_shares", 0, "share_pct", "100.5", "100.5 is above the maximum 100"),
    ("key_facts", 0, "year", "1990", None),
    ("key_facts", 0, "year", "2030", None),
    ("key_facts", 0, "year", "1989", "1989 is below the minimum 1990"),
    ("key_facts", 0, "year", "2031", "2031 is above the maximum 2030"),
    ("china_chips", 0, "value", "0", None),
    ("china_chips", 0, "value", "-1", "-1 is below the minimum 0"),
    ("company_inputs", 0, "year", "2031", "2031 is above the maximum 2030"),
    ("global_reach", 0, "year", "1989", "1989 is below the minimum 1990"),
]


@pytest.mark.parametrize(("table", "row", "column", "value", "problem"), BOUNDS)
def test_numeric_bounds(tmp_path, table, row, column, value, problem) -> None:
    data = copy.deepcopy(tables())
    data[table][row][column] = value
    path = write_dataset(tmp_path / "ds", data)
    if problem is None:
        typed = load_dataset(path).tables[table][column]
        assert typed.iloc[row] == float(value)
    else:
        with pytest.raises(DatasetError) as info:
            load_dataset(path)
        assert messages(info.value.problems) == [f"{table}.csv, row {row + 1}, column '{column}': {problem}"]


@pytest.mark.parametrize(
    ("value", "spec", "problem"),
    [
        ("90", {"type": "number", "constraints": {"minimum": -90, "maximum": 90}}, None),
        ("-90", {"type": "number", "constraints": {"minimum": -90, "maximum": 90}}, None),
        ("90.0001", {"type": "number", "constraints": {"maximum": 90}}, "90.0001 is above the maximum 90"),
        ("-90.0001", {"type": "number", "constraints": {"minimum": -90}}, "-90.0001 is below the minimum -90"),
        ("-3", {"type": "integer", "constraints": {"minimum": -3}}, None),
        ("-4", {"type": "integer", "constraints": {"minimum": -3}}, "-4 is below the minimum -3"),
        ("1.5", {"type": "integer"}, "'1.5' is not a whole number"),
        ("12a", {"type": "integer"}, "'12a' is not a whole number"),
        ("1e3", {"type": "number", "constraints": {"maximum": 999}}, "1e3 is above the maximum 999"),
        ("abc", {"type": "number"}, "'abc' is not a number"),
        ("", {"type": "number", "constraints": {"required": True}}, "is required but empty"),
        ("", {"type": "number", "constraints": {"minimum": 5}}, None),
        ("x", {"constraints": {"minimum": 5}}, None),  # a string has no numeric bound
        ("true", {"type": "boolean"}, None),
        ("false", {"type": "boolean"}, None),
        ("True", {"type": "boolean"}, "'True' is not true or false"),
        ("yes", {"type": "boolean"}, "'yes' is not true or false"),
        ("2019-10-09", {"type": "date"}, None),
        ("2019-10-9", {"type": "date"}, "'2019-10-9' is not an ISO date (YYYY-MM-DD)"),
        ("2019-02-30", {"type": "date"}, "'2019-02-30' is not a real calendar date"),
        ("c", {"constraints": {"enum": ["a", "b"]}}, "'c' is not one of: a, b"),
        ("ab1", {"constraints": {"pattern": "[a-z]+"}}, "'ab1' does not match the pattern [a-z]+"),
    ],
)
def test_check_value(value, spec, problem) -> None:
    assert _check_value(value, spec) == problem


@pytest.mark.parametrize(("column", "value"), [("lat", "90.5"), ("lat", "-91"), ("lon", "180.5"), ("lon", "-181")])
def test_coordinates_out_of_range(tmp_path, column, value) -> None:
    def mutate(d):
        d["entities"][27][column] = value

    probs = problems_of(tmp_path, mutate)
    assert any(p.row == 28 and p.column == column and "the m" in p.message and value in p.message for p in probs)


# --- booleans: validated, and typed so that "false" is False ----------------------------------------------------


def test_primary_is_typed(tmp_path) -> None:
    ds = load_dataset(write_dataset(tmp_path / "ds"))
    assert ds.sources.set_index("source_id")["primary"].to_dict() == {
        "fr-2019-22210": True,
        "csis-2019-xinjiang-28": False,
    }
    assert ds.sources["primary"].dtype == bool


@pytest.mark.parametrize("value", ["TRUE", "yes", "1", " true"])
def test_primary_must_be_true_or_false(tmp_path, value) -> None:
    def mutate(d):
        d["sources"][1]["primary"] = value

    assert messages(problems_of(tmp_path, mutate)) == [
        f"sources.csv, row 2, column 'primary': '{value}' is not true or false"
    ]


def test_typed_columns(tmp_path) -> None:
    data = copy.deepcopy(tables())
    for col in ("city", "prefecture", "province", "lat", "lon"):
        data["entities"][27][col] = ""  # a company seat may be wholly unknown
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    ents = ds.entities.set_index("entity_id")
    assert ents.loc["hikvision", "lat"] == 30.2741 and ents.loc["hikvision", "lon"] == 120.1551
    assert pd.isna(ents.loc["yixin", "lat"]) and ents.loc["yixin", "city"] == ""
    assert str(ds.key_facts["year"].dtype) == "Int64" and ds.key_facts["year"].tolist() == [2019]
    assert ds.chip_shares["share_pct"].tolist() == [74.0]
    assert ds.events["date"].tolist() == [pd.Timestamp("2019-10-09"), pd.Timestamp("2021-12-10")]
    assert ents.loc["dahua", "name_zh"] == ""


# --- metadata -------------------------------------------------------------------------------------------------


def test_required_metadata_keys() -> None:
    assert METADATA_KEYS == (
        "title", "description", "data_as_of", "license", "rule", "expected_counts", "changelog",
    )  # fmt: skip


@pytest.mark.parametrize("key", METADATA_KEYS)
def test_each_metadata_key_is_required(tmp_path, key) -> None:
    probs = problems_of(tmp_path, meta=lambda m: m.pop(key))
    assert f"metadata.json: the key '{key}' is missing" in messages(probs)


@pytest.mark.parametrize("value", ["30 November 2026", "2026-11", "20261130", "2026-11-30T00:00"])
def test_data_as_of_is_an_iso_date(tmp_path, value) -> None:
    probs = problems_of(tmp_path, meta=lambda m: m.update(data_as_of=value))
    assert messages(probs) == ["metadata.json, column 'data_as_of': data_as_of is not an ISO date"]


def test_missing_or_broken_json(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    (path / "metadata.json").write_text("{not json", encoding="utf-8")
    (path / "datapackage.json").unlink()
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    got = messages(info.value.problems)
    assert got[0] == "datapackage.json: file is missing"
    assert got[1].startswith("metadata.json: is not valid UTF-8 JSON (")
    assert len(got) == 2


def test_empty_csv(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    (path / "aliases.csv").write_text("", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert "aliases.csv: file is empty (no header row)" in messages(info.value.problems)


def test_missing_column_and_long_row(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    lines = (path / "key_facts.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    drop = header.index("fact")
    lines = [",".join(v for i, v in enumerate(line.split(",")) if i != drop) for line in lines]
    lines.append(lines[1] + ",extra")
    (path / "key_facts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    got = messages(info.value.problems)
    assert "key_facts.csv, column 'fact': column is missing" in got
    assert f"key_facts.csv, row 2: has {len(header)} values but the header has {len(header) - 1}" in got


# --- the project's own rules ------------------------------------------------------------------------------------


def test_kind_counts_name_each_kind(tmp_path) -> None:
    def mutate(d):
        d["entities"][1]["kind"] = "government-bureau"  # the police college becomes a bureau

    got = messages(problems_of(tmp_path, mutate))
    assert "entities.csv, column 'kind': has 20 of kind 'government-bureau'; expected 19" in got
    assert "entities.csv, column 'kind': has 0 of kind 'institute'; expected 1" in got
    assert not any("of kind 'company'" in m for m in got)


def test_wrong_entity_count_message(tmp_path) -> None:
    def mutate(d):
        d["entities"].append({**d["entities"][27], "entity_id": "extra-co"})

    got = messages(problems_of(tmp_path, mutate))
    assert "entities.csv: has 29 entities; the rule listed 28" in got
    assert "entities.csv, column 'kind': has 9 of kind 'company'; expected 8" in got


def test_missing_entity_is_named(tmp_path) -> None:
    def mutate(d):
        d["entities"][0]["entity_id"] = "xuar-bureau"
        for e in d["entities"]:
            if e["parent_id"] == "xuar-psb":
                e["parent_id"] = "xuar-bureau"
        for row in d["entity_technologies"] + d["summary_clauses"] + d["research_log"]:
            if row["entity_id"] == "xuar-psb":
                row["entity_id"] = "xuar-bureau"

    assert messages(problems_of(tmp_path, mutate)) == [
        "entities.csv, column 'entity_id': the entity 'xuar-psb' is missing"
    ]


def test_seat_outside_china_and_outside_xinjiang_messages(tmp_path) -> None:
    def mutate(d):
        d["entities"][20]["lat"], d["entities"][20]["lon"] = "48.8566", "2.3522"  # Paris: a bureau
        d["entities"][27]["lat"], d["entities"][27]["lon"] = "48.8566", "2.3522"  # Paris: a company
        d["entities"][5]["lat"], d["entities"][5]["lon"] = "39.9042", "116.4074"  # Beijing: a bureau

    assert messages(problems_of(tmp_path, mutate)) == [
        "entities.csv, row 6, column 'lat': (39.9042, 116.4074) is not in Xinjiang",
        "entities.csv, row 21, column 'lat': (48.8566, 2.3522) is not in China",
        "entities.csv, row 28, column 'lat': (48.8566, 2.3522) is not in China",
    ]


def test_company_seat_outside_xinjiang_is_fine_and_blank_name_parts_are_checked(tmp_path) -> None:
    def mutate(d):
        d["entities"][26]["city"] = ""  # a company with the rest of its seat given

    assert messages(problems_of(tmp_path, mutate)) == [
        "entities.csv, row 27, column 'city': the seat must be given in full"
    ]


SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}


@pytest.mark.parametrize(
    ("lon", "lat", "near"),
    [(5, 5, True), (10.05, 5, True), (-0.09, 5, True), (5, 10.09, True), (5, -0.05, True), (10.11, 5, False),
     (-0.15, 5, False), (5, 10.2, False), (5, -0.11, False), (10.12, 10.12, False)],
)  # fmt: skip
def test_near_means_within_a_tenth_of_a_degree(lon, lat, near) -> None:
    assert _near(lon, lat, SQUARE) is near


def test_key_figure_with_unknown_source_and_uncited_source(tmp_path) -> None:
    def mutate(d):
        d["sources"].append({**d["sources"][0], "source_id": "orphan", "url": "https://www.federalregister.gov/d/o"})

    def meta(m):
        m["key_figures"][1]["source_ids"] = "fr-2019-22210;ghost"

    got = messages(problems_of(tmp_path, mutate, meta))
    assert got == [
        "metadata.json: key figure 2 cites unknown source 'ghost'",
        "sources.csv, row 3, column 'source_id': source is never cited",
    ]


# --- problems and errors --------------------------------------------------------------------------------------


def test_problem_text() -> None:
    assert str(Problem("a.csv", "bad")) == "a.csv: bad"
    assert str(Problem("a.csv", "bad", row=3)) == "a.csv, row 3: bad"
    assert str(Problem("a.csv", "bad", column="c")) == "a.csv, column 'c': bad"
    assert str(Problem("a.csv", "bad", row=0, column="c")) == "a.csv, row 0, column 'c': bad"


def test_dataset_error_lists_at_most_200() -> None:
    probs = [Problem("a.csv", f"p{i}", row=i) for i in range(1, 203)]
    text = str(DatasetError(probs))
    assert text.startswith("The dataset has 202 problem(s):\n- a.csv, row 1: p1\n- a.csv, row 2: p2\n")
    assert "- a.csv, row 200: p200\n(and 2 more)" in text and "p201" not in text
    assert str(DatasetError(probs[:200])).endswith("- a.csv, row 200: p200")
    assert DatasetError(probs).problems is probs


# --- the Dataset object ---------------------------------------------------------------------------------------


def test_dataset_resource_and_attributes(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    ds = load_dataset(path)
    assert ds.path == path
    src = ds.resource("sources")
    assert src["path"] == "sources.csv" and src["name"] == "sources"
    assert [f["name"] for f in ds.resource("aliases")["schema"]["fields"]][:2] == ["entity_id", "alias"]
    with pytest.raises(StopIteration):
        ds.resource("nope")
    assert ds.entities is ds.tables["entities"]
    with pytest.raises(AttributeError):
        _ = ds.no_such_table
    assert Dataset(tables={}, metadata={}, descriptor={}).path.name == "data"


# --- reading files --------------------------------------------------------------------------------------------


def test_metadata_not_utf8(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    (path / "metadata.json").write_bytes('{"title": "é"}'.encode("latin-1"))
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    (msg,) = messages(info.value.problems)
    assert msg.startswith("metadata.json: is not valid UTF-8 JSON (")


@pytest.mark.parametrize("broken", ["datapackage.json", "metadata.json"])
def test_either_json_file_alone_stops_the_load(tmp_path, broken) -> None:
    path = write_dataset(tmp_path / "ds")
    (path / broken).unlink()
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert messages(info.value.problems) == [f"{broken}: file is missing"]


def test_csv_not_utf8_names_the_byte(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    (path / "sources.csv").write_bytes("source_id\n\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert "sources.csv: is not valid UTF-8 (invalid continuation byte at byte 10)" in messages(info.value.problems)


def test_csv_that_the_csv_module_rejects(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    with (path / "aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("hikvision," + "x" * 200_000 + ",legal-name,fr-2019-22210\n")
    # The csv module's default field limit (131,072 characters); another library (frictionless) may raise it
    # process-wide, so set it here for this test and put it back after.
    old = csv.field_size_limit(131_072)
    try:
        with pytest.raises(DatasetError) as info:
            load_dataset(path)
    finally:
        csv.field_size_limit(old)
    assert any(m.startswith("aliases.csv: is not valid CSV (") for m in messages(info.value.problems))


def test_short_row_is_padded_with_blanks(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    with (path / "aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("hikvision,Hik,legal-name\n")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert messages(info.value.problems) == [
        "aliases.csv, row 3: has 3 values but the header has 4",
        "aliases.csv, row 3, column 'source_ids': is required but empty",
    ]


# --- keys and references --------------------------------------------------------------------------------------


def test_composite_key_message(tmp_path) -> None:
    probs = problems_of(tmp_path, lambda d: d["aliases"].append(dict(d["aliases"][0])))
    assert messages(probs) == [
        "aliases.csv, row 3, column 'entity_id': the key (hikvision, Hangzhou Hikvision Digital Technology Co., Ltd.) "
        "repeats row 1"
    ]


def test_composite_key_with_a_missing_column_is_not_checked(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    lines = (path / "aliases.csv").read_text(encoding="utf-8").splitlines()
    lines = [",".join(v for i, v in enumerate(line.split(",")) if i != 1) for line in lines[:1]]
    lines.append("hikvision,legal-name,fr-2019-22210")
    lines.append("hikvision,legal-name,fr-2019-22210")
    (path / "aliases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert messages(info.value.problems) == ["aliases.csv, column 'alias': column is missing"]


def test_blank_foreign_key_and_blank_list_items_are_allowed(tmp_path) -> None:
    data = copy.deepcopy(tables())
    data["events"][0]["entity_ids"] = ""
    data["global_reach"][0].update(supplier="Huawei", supplier_id="huawei", supplier_entity_id="")  # not one of the 28
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert ds.events["entity_ids"].tolist()[0] == ""
    assert ds.global_reach["supplier_entity_id"].tolist()[0] == ""
    assert ds.entities.set_index("entity_id").loc["xuar-psb", "parent_id"] == ""


def test_references_to_a_missing_table_are_all_reported(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    (path / "technologies.csv").unlink()
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    got = messages(info.value.problems)
    assert got[0] == "technologies.csv: file is missing"
    assert (
        "entity_technologies.csv, row 1, column 'tech_id': 'video-surveillance' is not a known technologies id" in got
    )


def test_key_figure_without_sources(tmp_path) -> None:
    got = messages(problems_of(tmp_path, meta=lambda m: m["key_figures"][0].pop("source_ids")))
    assert got == ["metadata.json: key figure 1 cites unknown source ''"]


def test_uncited_check_ignores_blank_source_lists(tmp_path) -> None:
    data = copy.deepcopy(tables())
    data["china_chips"][0]["note"] = ""
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert set(ds.sources["source_id"]) == {"fr-2019-22210", "csis-2019-xinjiang-28"}


def test_unique_column_repeats_name_the_first_row(tmp_path) -> None:
    def mutate(d):
        d["sources"].append({**d["sources"][1]})

    got = messages(problems_of(tmp_path, mutate))
    assert "sources.csv, row 3, column 'source_id': 'csis-2019-xinjiang-28' repeats row 2" in got


def test_dataset_error_with_201_problems_says_one_more() -> None:
    probs = [Problem("a.csv", f"p{i}", row=i) for i in range(1, 202)]
    assert str(DatasetError(probs)).endswith("- a.csv, row 200: p200\n(and 1 more)")


def test_line_breaks_inside_a_quoted_field_are_kept(tmp_path) -> None:
    data = copy.deepcopy(tables())
    data["claims"][0]["statement"] = "First line.\r\nSecond line."
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert ds.claims["statement"].tolist() == [
        "First line.\r\nSecond line.",
        "A township officer described camps in the prefecture.",
    ]


def test_columns_follow_the_schema_whatever_the_file_order(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    lines = [line.split(",") for line in (path / "key_facts.csv").read_text(encoding="utf-8").splitlines()]
    (path / "key_facts.csv").write_text("\n".join(",".join(reversed(v)) for v in lines) + "\n", encoding="utf-8")
    ds = load_dataset(path)
    assert list(ds.key_facts.columns) == [f["name"] for f in ds.resource("key_facts")["schema"]["fields"]]
    assert ds.key_facts["year"].tolist() == [2019]


@pytest.mark.parametrize("column", ["city", "prefecture", "province", "lat", "lon"])
def test_partial_seat_names_the_blank_column(tmp_path, column) -> None:
    def mutate(d):
        d["entities"][3][column] = ""

    assert f"entities.csv, row 4, column '{column}': the seat must be given in full" in messages(
        problems_of(tmp_path, mutate)
    )


def test_seat_checks_go_on_after_a_blank_or_unreadable_seat(tmp_path) -> None:
    def mutate(d):
        for col in ("city", "prefecture", "province", "lat", "lon"):
            d["entities"][20][col] = ""  # a company's unknown seat: allowed, and the next rows are still checked
        d["entities"][21]["lon"] = "east"  # a type problem: skipped by the seat check, the next rows still checked
        d["entities"][27]["lat"], d["entities"][27]["lon"] = "48.8566", "2.3522"  # Paris

    got = messages(problems_of(tmp_path, mutate))
    assert "entities.csv, row 28, column 'lat': (48.8566, 2.3522) is not in China" in got


def test_expected_entity_ids_are_optional(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    doc = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    doc.pop("expected_entity_ids")
    (path / "metadata.json").write_text(json.dumps(doc), encoding="utf-8")
    assert len(load_dataset(path).entities) == 28


def test_a_missing_key_column_does_not_stop_the_other_references(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    lines = [line.split(",") for line in (path / "entity_technologies.csv").read_text(encoding="utf-8").splitlines()]
    lines = [v[1:] for v in lines]  # drop entity_id, the first foreign key
    lines[1][0] = "mind-reading"  # a bad tech_id, the second foreign key
    (path / "entity_technologies.csv").write_text("\n".join(",".join(v) for v in lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    got = messages(info.value.problems)
    assert "entity_technologies.csv, row 1, column 'tech_id': 'mind-reading' is not a known technologies id" in got


def test_key_figures_are_optional(tmp_path) -> None:
    path = write_dataset(tmp_path / "ds")
    doc = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    doc.pop("key_figures")
    (path / "metadata.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    # No crash: the only problem is the source that only a key figure cited.
    assert messages(info.value.problems) == ["sources.csv, row 2, column 'source_id': source is never cited"]


def test_dataset_copies_and_pickles(tmp_path) -> None:
    import pickle

    ds = load_dataset(write_dataset(tmp_path / "ds"))
    for twin in (copy.copy(ds), pickle.loads(pickle.dumps(ds))):
        assert list(twin.entities["entity_id"]) == list(ds.entities["entity_id"])
    with pytest.raises(AttributeError, match=r"^no_such_table$"):
        _ = ds.no_such_table
