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


# Provenance rules (issue 11): the original URL, disclosed copies, primary only for issuers, no weak-only evidence,
# no working notes. Each broken dataset must be reported at the right file, row and column.


def test_sources_get_publisher_name_and_kind(tmp_path):
    ds = load_dataset(write_dataset(tmp_path / "ds"))
    row = ds.sources.set_index("source_id").loc["csis-2019-xinjiang-28"]
    assert (row["publisher"], row["publisher_kind"]) == ("Center for Strategic and International Studies", "think-tank")


def test_url_host_must_belong_to_the_publisher(tmp_path):
    def mutate(d):
        d["sources"][1]["url"] = "https://strategicstudyindia.com/2019/10/csis-brief.html"

    assert has(problems_of(tmp_path, mutate), "sources.csv", 2, "url", "not one of center for strategic")


def test_subdomain_of_a_publisher_domain_is_accepted(tmp_path):
    data = copy.deepcopy(tables())
    data["sources"][1]["url"] = "https://features.csis.org/brief"
    load_dataset(write_dataset(tmp_path / "ds", data))


def test_lookalike_domain_is_not_a_subdomain(tmp_path):
    def mutate(d):
        d["sources"][1]["url"] = "https://notcsis.org/brief"

    assert has(problems_of(tmp_path, mutate), "sources.csv", 2, "url", "not one of")


def test_unknown_publisher(tmp_path):
    def mutate(d):
        d["sources"][1]["publisher_id"] = "nobody"

    assert has(problems_of(tmp_path, mutate), "sources.csv", 2, "publisher_id", "not a known publishers id")


def test_copy_must_be_on_another_host(tmp_path):
    def mutate(d):
        d["sources"][0]["copy_url"] = "https://www.federalregister.gov/documents/2019/10/09/2019-22210/copy"
        d["sources"][0]["copy_note"] = "Same site."

    assert has(problems_of(tmp_path, mutate), "sources.csv", 1, "copy_url", "another host")


def test_copy_needs_a_note(tmp_path):
    def mutate(d):
        d["sources"][0]["copy_url"] = "https://docslib.org/doc/243735/rule"

    assert has(problems_of(tmp_path, mutate), "sources.csv", 1, "copy_note", "required when copy_url")


def test_note_needs_a_copy(tmp_path):
    def mutate(d):
        d["sources"][0]["copy_note"] = "Read in a copy."

    assert has(problems_of(tmp_path, mutate), "sources.csv", 1, "copy_note", "copy_url is empty")


def test_an_empty_url_needs_the_copy_read(tmp_path):
    def mutate(d):
        d["sources"][0]["url"] = ""

    assert has(problems_of(tmp_path, mutate), "sources.csv", 1, "url", "copy read (copy_url and copy_note)")


def test_an_empty_url_with_a_copy_but_no_note_is_reported(tmp_path):
    def mutate(d):
        d["sources"][0]["url"] = ""
        d["sources"][0]["copy_url"] = "https://docslib.org/doc/243735/rule"

    problems = problems_of(tmp_path, mutate)
    assert has(problems, "sources.csv", 1, "url", "copy read (copy_url and copy_note)")
    assert has(problems, "sources.csv", 1, "copy_note", "required when copy_url")


def test_an_original_not_found_online_is_valid_with_its_copy(tmp_path):
    data = copy.deepcopy(tables())
    data["sources"][0]["url"] = ""
    data["sources"][0]["copy_url"] = "https://docslib.org/doc/243735/rule"
    data["sources"][0]["copy_note"] = "The Federal Register's own page was not found; read via a document-sharing site."
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert ds.sources.loc[0, "url"] == ""
    assert ds.sources.loc[0, "copy_url"].startswith("https://docslib.org/")


def test_a_disclosed_copy_is_valid(tmp_path):
    data = copy.deepcopy(tables())
    data["sources"][0]["copy_url"] = "https://docslib.org/doc/243735/rule"
    data["sources"][0]["copy_note"] = "The public-inspection text, read on a document-sharing site."
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert ds.sources.loc[0, "copy_url"].startswith("https://docslib.org/")


@pytest.mark.parametrize("kind", ["think-tank", "news", "aggregator", "forum", "stock-exchange"])
def test_primary_only_for_issuing_publishers(tmp_path, kind):
    def mutate(d):
        d["publishers"][1]["kind"] = kind
        d["sources"][1]["primary"] = "true"

    assert has(problems_of(tmp_path, mutate), "sources.csv", 2, "primary", f"{kind} publisher cannot be primary")


@pytest.mark.parametrize("kind", ["government", "legislature", "court", "company"])
def test_primary_allowed_for_issuing_publishers(tmp_path, kind):
    data = copy.deepcopy(tables())
    data["publishers"][1]["kind"] = kind
    data["sources"][1]["primary"] = "true"
    load_dataset(write_dataset(tmp_path / "ds", data))


def _weak_source(d, publisher="wikipedia"):
    d["sources"].append(
        {
            **d["sources"][1],
            "source_id": "wiki-police-files",
            "publisher_id": publisher,
            "url": "https://en.wikipedia.org/wiki/Xinjiang_Police_Files" if publisher == "wikipedia" else
            "https://docslib.org/doc/1/x",
            "kind": "news",
            "primary": "false",
        }
    )  # fmt: skip


@pytest.mark.parametrize("publisher", ["wikipedia", "docslib"])
def test_evidence_cannot_rest_only_on_weak_sources(tmp_path, publisher):
    def mutate(d):
        _weak_source(d, publisher)
        d["claims"][0]["source_ids"] = "wiki-police-files"

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "claims.csv", 1, "source_ids", "aggregator, encyclopedia or forum")


def test_evidence_with_a_weak_and_a_real_source_is_valid(tmp_path):
    data = copy.deepcopy(tables())
    _weak_source(data)
    data["claims"][0]["source_ids"] = "wiki-police-files;csis-2019-xinjiang-28"
    load_dataset(write_dataset(tmp_path / "ds", data))


def test_context_claim_may_cite_an_encyclopedia(tmp_path):
    data = copy.deepcopy(tables())
    _weak_source(data)
    data["claims"][0]["claim_type"] = "context"
    data["claims"][0]["source_ids"] = "wiki-police-files"
    load_dataset(write_dataset(tmp_path / "ds", data))


@pytest.mark.parametrize(
    ("table", "row", "column", "text"),
    [
        ("sources", 2, "title", "Brief (mirror of the CSIS page)"),
        ("sources", 1, "copy_note", "Cited via project fact sheet listing-facts.md"),
        ("claims", 1, "statement", "Reportedly won contracts. TODO: check the date."),
        ("events", 2, "description", "An investment ban (FIXME)."),
        ("china_chips", 1, "note", "Customs basis; see NOTES.md."),
        ("global_reach", 1, "what", "Cameras, per the research notes.csv"),
        ("publishers", 3, "name", "docslib (fact sheet)"),
        ("summary_clauses", 28, "text", "Syndicated copy of a profile."),
        ("claims", 2, "statement", "Figures from the bureau's tender (tender-2018.pdf)."),
    ],
)
def test_no_working_notes_in_text(tmp_path, table, row, column, text):
    def mutate(d):
        d[table][row - 1][column] = text
        if column == "copy_note":
            d[table][row - 1]["copy_url"] = "https://docslib.org/doc/243735/rule"

    assert has(problems_of(tmp_path, mutate), f"{table}.csv", row, column, "working note")


def test_ordinary_text_is_not_a_working_note(tmp_path):
    data = copy.deepcopy(tables())
    data["claims"][0]["statement"] = "Reportedly sold cameras to 11 police forces, per FOI requests in 2022."
    data["sources"][1]["title"] = "U.S. Adds Chinese Firms to Blacklist, Citing Repression of Muslim Minorities"
    load_dataset(write_dataset(tmp_path / "ds", data))


def test_undated_reference_page_has_no_date(tmp_path):
    def mutate(d):
        d["sources"][1]["date_precision"] = "undated"

    assert has(problems_of(tmp_path, mutate), "sources.csv", 2, "date", "undated source has no date")


def test_undated_reference_page_is_valid_without_a_date(tmp_path):
    data = copy.deepcopy(tables())
    data["sources"][1]["date"], data["sources"][1]["date_precision"] = "", "undated"
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert ds.sources["date"].isna().sum() == 1


def test_page_citations_must_cite_known_sources(tmp_path):
    def mutate(d):
        d["page_citations"][0]["source_ids"] = "fr-2019-22210;nowhere"

    assert has(problems_of(tmp_path, mutate), "page_citations.csv", 1, "source_ids", "'nowhere'")


def test_summary_clause_needs_sources_unless_editorial(tmp_path):
    def mutate(d):
        d["summary_clauses"][3]["source_ids"] = ""

    assert has(problems_of(tmp_path, mutate), "summary_clauses.csv", 4, "source_ids", "fact clause needs")


def test_editorial_clause_cites_nothing(tmp_path):
    def mutate(d):
        d["summary_clauses"][3]["kind"] = "editorial"

    assert has(problems_of(tmp_path, mutate), "summary_clauses.csv", 4, "source_ids", "editorial note cites no")


def test_every_entity_has_a_summary_numbered_from_one(tmp_path):
    def mutate(d):
        d["summary_clauses"][0]["clause"] = "2"
        d["summary_clauses"].pop(1)

    probs = problems_of(tmp_path, mutate)
    assert any(p.column == "clause" and "numbered [2], not 1..1" in p.message for p in probs)
    assert any(p.column == "entity_id" and "has no summary" in p.message for p in probs)


def test_summary_is_the_clauses_joined_in_order(tmp_path):
    data = copy.deepcopy(tables())
    eid = data["summary_clauses"][0]["entity_id"]
    data["summary_clauses"].append({**data["summary_clauses"][0], "clause": "2", "text": "Second clause."})
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert ds.entities.set_index("entity_id").loc[eid, "summary"] == f"Summary of {eid}. Second clause."
