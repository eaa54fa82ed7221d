"""Queries on a dataset built to sit on their edges: the listing date, places, facets, URL parameters, exports."""

from __future__ import annotations

import copy
import io
import json

import pandas as pd
import pytest

from listed.loader import load_dataset
from listed.queries import (
    MAX_PARAM_LEN,
    Filters,
    _first,
    citations,
    entity_sources,
    entity_table,
    export_frame,
    export_json,
    filter_entities,
    filter_options,
    later_actions,
    name_forms,
    parse_filters,
    places,
    search,
    slugify,
    to_csv_bytes,
    valid_entity_id,
)
from tests.fixtures import SOURCE, tables, write_dataset


def _event(event_id: str, date: str, category: str, entity_ids: str, source: str = "fr-2019-22210") -> dict:
    return {
        "event_id": event_id, "date": date, "date_precision": "day", "category": category, "title": event_id,
        "description": f"{event_id}.", "entity_ids": entity_ids, "source_ids": source,
    }  # fmt: skip


def edge_tables() -> dict[str, list[dict]]:
    """The minimal dataset plus events on each side of 9 October 2019, more places, and sources of one row each."""
    d = copy.deepcopy(tables())
    ents = {e["entity_id"]: e for e in d["entities"]}
    ents["megvii"].update(city="Beijing", prefecture="Beijing", province="Beijing", lat="39.9042", lon="116.4074")
    ents["kashgar-psb"].update(city="Kashgar", prefecture="Kashgar Prefecture", lat="39.4704", lon="75.9898")
    ents["yixin"].update(city="", prefecture="", province="", lat="", lon="")
    d["entity_technologies"].append(
        {"entity_id": "sensetime", "tech_id": "video-surveillance", "role": "supplies", "note": "Cameras.",
         "source_ids": "fr-2019-22210"}
    )  # fmt: skip
    d["events"] += [
        _event("ev-before", "2019-10-08", "entity-list", "hikvision"),
        _event("ev-on", "2019-10-09", "entity-list", "dahua"),
        _event("ev-after", "2019-10-10", "sanctions", "megvii;yitu", "event-only"),
        _event("ev-after-2", "2020-06-01", "entity-list", "megvii"),
        _event("ev-not-an-action", "2020-01-01", "other", "iflytek"),
        _event("ev-nobody", "2020-05-01", "entity-list", ""),
    ]
    d["claims"][0]["source_ids"] = "fr-2019-22210;claim-only"
    d["claims"][0]["entity_id"] = "iflytek"
    d["publishers"].append({"publisher_id": "example", "name": "Example", "kind": "news", "domains": "example.org"})
    extra = {"publisher_id": "example", "date_precision": "day", "kind": "news", "primary": "false"}
    d["sources"] += [
        {**SOURCE, **extra, "source_id": "claim-only", "title": "C", "date": "2020-02-03",
         "url": "https://example.org/claim"},
        {**SOURCE, **extra, "source_id": "event-only", "title": "E", "date": "2019-10-10",
         "url": "https://example.org/event"},
    ]  # fmt: skip
    return d


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_dataset(tmp_path_factory.mktemp("edges") / "ds", edge_tables()))


def ids(df: pd.DataFrame) -> list[str]:
    return df["entity_id"].tolist()


# --- later actions: strictly after 9 October 2019, about one of the 28, in an action category ---------------------


def test_later_actions_start_the_day_after_the_listing(ds):
    acts = later_actions(ds)
    assert sorted(zip(acts["event_id"], acts["entity_id"], strict=True)) == [
        ("ev-after", "megvii"), ("ev-after", "yitu"), ("ev-after-2", "megvii"), ("later", "sensetime"),
    ]  # fmt: skip
    assert list(acts.index) == list(range(len(acts)))
    assert list(acts.columns) == [*ds.events.columns, "entity_id"]  # no stray "index" column


def test_later_action_facet(ds):
    table = entity_table(ds).set_index("entity_id")
    assert table.loc["megvii", "action_ids"] == ["entity-list", "sanctions"]
    assert table.loc["megvii", "later_actions"] == "Further Entity List action, Treasury sanctions"
    assert table.loc["dahua", "action_ids"] == [] and table.loc["hikvision", "action_ids"] == []
    assert table.loc["iflytek", "later_actions"] == ""
    assert ids(filter_entities(ds, Filters(action=["entity-list"]))) == ["megvii"]
    assert ids(filter_entities(ds, Filters(action=["sanctions", "investment-ban"]))) == ["megvii", "sensetime", "yitu"]


# --- places ---------------------------------------------------------------------------------------------------


def test_places_are_provinces_then_prefectures(ds):
    assert list(places(ds).items()) == [
        ("beijing", "Beijing"), ("xinjiang", "Xinjiang"), ("zhejiang", "Zhejiang"),
        ("kashgar-prefecture", "Xinjiang › Kashgar Prefecture"), ("urumqi", "Xinjiang › Urumqi"),
        ("hangzhou", "Zhejiang › Hangzhou"),
    ]  # fmt: skip
    assert filter_options(ds)["place"] == places(ds)


def test_slugify():
    assert slugify("Kashgar Prefecture") == "kashgar-prefecture"
    assert slugify(" Ürümqi ") == "urumqi"
    assert slugify("Ili Kazakh Autonomous Prefecture (Yili)") == "ili-kazakh-autonomous-prefecture-yili"


def test_entity_table_rows(ds):
    assert list(entity_table(ds).columns) == [
        "entity_id", "listed_name", "common_name", "name_zh", "kind", "kind_label", "seat", "province", "prefecture",
        "place_ids", "tech_ids", "technologies", "links", "role_ids", "roles", "figures", "action_ids",
        "later_actions",
    ]  # fmt: skip
    table = entity_table(ds).set_index("entity_id")
    assert len(table) == 28
    assert (table.loc["kashgar-psb", "province"], table.loc["kashgar-psb", "prefecture"]) == (
        "Xinjiang",
        "Kashgar Prefecture",
    )
    kashgar, sense, megvii, yixin = (table.loc[e] for e in ("kashgar-psb", "sensetime", "megvii", "yixin"))
    assert kashgar["seat"] == "Kashgar, Xinjiang" and kashgar["place_ids"] == ["xinjiang", "kashgar-prefecture"]
    assert megvii["seat"] == "Beijing" and megvii["place_ids"] == ["beijing", "beijing"]
    assert yixin["seat"] == "Not confirmed by the sources checked" and yixin["place_ids"] == []
    assert sense["tech_ids"] == ["facial-recognition", "video-surveillance"]
    assert sense["technologies"] == "Facial recognition, Video surveillance"
    # Links in the technologies' table order (video surveillance is first in the fixture).
    assert sense["links"] == [("video-surveillance", "supplies"), ("facial-recognition", "develops")]
    assert sense["role_ids"] == ["develops", "supplies"]  # in the roles' order, not the links'
    assert sense["roles"] == "Video surveillance: supplies; Facial recognition: develops"
    assert (sense["figures"], kashgar["figures"]) == (0, 1)
    assert sense["kind_label"] == "Company" and table.loc["xuar-psb", "kind_label"] == "Government bureau"
    assert table.loc["xinjiang-police-college", "kind_label"] == "Institute"
    assert sense["listed_name"] == "Sensetime Listed Name" and sense["common_name"] == "Sensetime"


@pytest.mark.parametrize(
    ("place", "expected"),
    [(["kashgar-prefecture"], ["kashgar-psb"]), (["beijing"], ["megvii"]), (["zhejiang"], None),
     (["beijing", "kashgar-prefecture"], ["kashgar-psb", "megvii"])],
)  # fmt: skip
def test_place_filter(ds, place, expected):
    got = ids(filter_entities(ds, Filters(place=place)))
    if expected is None:  # every company but the two moved away
        assert sorted(got) == sorted(set(ids(filter_entities(ds, Filters(kind=["company"])))) - {"megvii", "yixin"})
    else:
        assert sorted(got) == expected


# --- name forms and search ------------------------------------------------------------------------------------


def test_name_forms(ds):
    forms = name_forms(ds)
    assert forms["hikvision"] == [
        "Hikvision Listed Name", "Hikvision", "海康威视", "Haikang Weishi",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
    ]  # fmt: skip
    assert forms["dahua"] == ["Dahua Listed Name", "Dahua"]
    assert forms["sensetime"][-1] == "商汤科技"


def test_search_matches_substrings_of_any_form(ds):
    assert search(ds, "Weishi") == ["hikvision"]
    assert search(ds, "hua listed") == ["dahua"]
    assert set(search(ds, "psb")) == {e for e in ds.entities["entity_id"] if e.endswith("-psb")}


# --- URL parameters -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tech": "video-surveillance"}, Filters(tech=["video-surveillance"])),
        ({"place": "beijing"}, Filters(place=["beijing"])),
        ({"action": "sanctions"}, Filters(action=["sanctions"])),
        ({"kind": "", "tech": "facial-recognition", "action": "law"},
         Filters(tech=["facial-recognition"], action=["law"])),
        ({"kind": "company", "tech": "video-surveillance", "place": "xinjiang", "action": "chips", "q": "a"},
         Filters(q="a", kind=["company"], tech=["video-surveillance"], place=["xinjiang"], action=["chips"])),
        ({"q": ["first", "last"]}, Filters(q="last")),
        ({"q": [], "kind": ("institute", "company")}, Filters(kind=["company"])),
    ],
)  # fmt: skip
def test_parse_filters_keeps_every_filter_given(ds, params, expected):
    assert parse_filters(ds, params) == (expected, [])


def test_parse_filters_values_are_trimmed_deduplicated_and_counted(ds):
    # A repeated valid value is dropped silently: it is not an unknown value.
    f, notes = parse_filters(ds, {"kind": " company , company ,bogus,,institute", "place": "nowhere,beijing"})
    assert f.kind == ["company", "institute"] and f.place == ["beijing"]
    assert notes == [
        "Ignored 1 unknown value(s) for 'kind'. Valid values: government-bureau, institute, company.",
        "Ignored 1 unknown value(s) for 'place'. Valid values: beijing, xinjiang, zhejiang, kashgar-prefecture, "
        "urumqi, hangzhou.",
    ]


def test_parse_filters_counts_every_unknown_value(ds):
    f, notes = parse_filters(ds, {"tech": "telepathy,video-surveillance,mind-reading"})
    assert f.tech == ["video-surveillance"]
    assert notes == ["Ignored 2 unknown value(s) for 'tech'. Valid values: video-surveillance, facial-recognition."]


def test_parse_filters_counts_unknown_parameters(ds):
    assert parse_filters(ds, {"zzz": "1", "aaa": "", "q": "x"}) == (
        Filters(q="x"),
        ["Ignored 2 unknown URL parameter(s)."],
    )


def test_parse_filters_search_length_limit(ds):
    at_limit = "a" * MAX_PARAM_LEN
    assert parse_filters(ds, {"q": at_limit}) == (Filters(q=at_limit), [])
    f, notes = parse_filters(ds, {"q": at_limit + "a", "kind": "company"})
    assert f == Filters(kind=["company"])
    assert notes == [f"The search text was longer than {MAX_PARAM_LEN} characters and was ignored."]


def test_first():
    assert _first(["a", "b", "c"]) == "c" and _first(("a",)) == "a"
    assert _first([]) == "" and _first(()) == ""
    assert _first(7) == "7"


def test_to_params_strips_and_joins():
    f = Filters(q="  hik  ", kind=["company", "institute"], place=["xinjiang"], action=["law", "chips"])
    assert f.to_params() == {"q": "hik", "kind": "company,institute", "place": "xinjiang", "action": "law,chips"}
    assert Filters(q="   ").to_params() == {}


# --- filters --------------------------------------------------------------------------------------------------


def test_search_text_is_kept_when_a_kind_is_chosen(ds):
    assert ids(filter_entities(ds, Filters(q="hik", kind=["company"]))) == ["hikvision"]
    assert ids(filter_entities(ds, Filters(q="hik", kind=["government-bureau"]))) == []
    assert ids(filter_entities(ds, Filters(q="kashgar", tech=["video-surveillance"]))) == []


def test_within_a_filter_any_value_matches(ds):
    got = ids(filter_entities(ds, Filters(tech=["video-surveillance", "facial-recognition"])))
    assert sorted(got) == ["hikvision", "sensetime", "xuar-psb"]
    assert ids(filter_entities(ds, Filters(kind=["institute", "company"]))) == ids(
        filter_entities(ds, Filters(kind=["company", "institute"]))
    )
    assert len(filter_entities(ds, Filters(kind=["institute", "company"]))) == 9


def test_filter_on_a_given_table(ds):
    table = entity_table(ds).iloc[::-1]
    got = filter_entities(ds, Filters(kind=["company"]), table)
    assert ids(got) == [e for e in ids(table) if e in ids(filter_entities(ds, Filters(kind=["company"])))]
    assert list(got.index) == list(range(8))


# --- sources and exports --------------------------------------------------------------------------------------


def test_entity_sources_come_from_every_table_in_source_order(ds):
    assert entity_sources(ds, "iflytek") == ["fr-2019-22210", "claim-only"]
    assert entity_sources(ds, "megvii") == ["fr-2019-22210", "event-only"]
    assert entity_sources(ds, "yitu") == ["fr-2019-22210", "event-only"]
    assert entity_sources(ds, "hikvision") == ["fr-2019-22210"]


def test_export_frame_values(ds):
    rows = filter_entities(ds, Filters(q="megvii"))
    flat = export_frame(ds, rows)
    assert list(flat.columns) == [
        "entity_id", "listed_name", "common_name", "name_zh", "kind", "city", "prefecture", "province", "lat", "lon",
        "technologies", "technology_roles", "later_actions", "summary", "sources", "source_ids",
    ]  # fmt: skip
    row = flat.iloc[0].to_dict()
    assert row["entity_id"] == "megvii" and row["city"] == "Beijing" and row["province"] == "Beijing"
    assert (row["lat"], row["lon"]) == (39.9042, 116.4074)
    assert row["later_actions"] == "entity-list;sanctions"
    assert row["summary"] == "Summary of megvii."
    assert row["source_ids"] == "fr-2019-22210;event-only"
    assert [line.rsplit(" ", 1)[1] for line in row["sources"].split("\n")] == [
        "https://www.federalregister.gov/d/2019-22210",
        "https://example.org/event",
    ]
    assert row["sources"].split("\n")[1] == "Example: E (2019-10-10) https://example.org/event"
    sense = export_frame(ds, filter_entities(ds, Filters(q="sensetime"))).iloc[0]
    assert sense["technologies"] == "facial-recognition;video-surveillance"
    assert sense["technology_roles"] == "video-surveillance:supplies;facial-recognition:develops"
    empty = export_frame(ds, rows.iloc[0:0])
    assert empty.empty and list(empty.columns) == ["entity_id"]


def test_csv_bytes_carry_a_bom_and_the_rows(ds):
    data = to_csv_bytes(export_frame(ds, filter_entities(ds, Filters(q="megvii"))))
    assert data.startswith(b"\xef\xbb\xbfentity_id,")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["entity_id"].tolist() == ["megvii"]


def test_export_json_document(ds):
    rows = filter_entities(ds, Filters(q="megvii"))
    doc = json.loads(export_json(ds, rows, Filters(q="megvii")))
    assert doc["dataset"] == ds.metadata["title"]
    assert doc["data_as_of"] == ds.metadata["data_as_of"]
    assert doc["license"] == ds.metadata["license"]["name"]
    assert doc["view"] == {"q": "megvii"} and doc["count"] == 1
    (entity,) = doc["entities"]
    assert "source_ids" not in entity and "source_urls" not in entity
    assert entity["later_actions"] == ["entity-list", "sanctions"] and entity["technologies"] == []
    assert [s["source_id"] for s in entity["sources"]] == ["fr-2019-22210", "event-only"]
    assert entity["sources"][1]["date"] == "2019-10-10"
    assert entity["sources"][1]["url"] == "https://example.org/event"
    assert "海康威视" in export_json(ds, filter_entities(ds, Filters(q="hikvision")), Filters()).decode("utf-8")
    sense = json.loads(export_json(ds, filter_entities(ds, Filters(q="sensetime")), Filters()))["entities"][0]
    assert sense["technologies"] == ["facial-recognition", "video-surveillance"]


def test_export_json_is_strict_json(ds):
    """An unknown seat is null, not NaN (which is not JSON); the layout is one-space indented."""
    data = export_json(ds, filter_entities(ds, Filters(q="yixin")), Filters(q="yixin"))

    def no_constants(name):
        raise AssertionError(f"{name} is not JSON")

    doc = json.loads(data, parse_constant=no_constants)
    (yixin,) = doc["entities"]
    assert (yixin["lat"], yixin["lon"], yixin["city"]) == (None, None, "")
    assert data.startswith(b'{\n "dataset": ')
    assert list(doc) == ["dataset", "data_as_of", "license", "view", "count", "entities"]


def test_valid_entity_id_takes_the_last_value(ds):
    assert valid_entity_id(ds, ["hikvision", "dahua"]) == "dahua"
    assert valid_entity_id(ds, "  dahua ") == "dahua"


# --- citations ------------------------------------------------------------------------------------------------


def test_citation_texts():
    c = citations("Hikvision: profile", "https://example.org/entity?id=hikvision", "2026-11-30", "2026-12-01")
    assert c == {
        "APA": "Listed. (2026). Hikvision: profile [Data set, data as of 2026-11-30]. Retrieved 2026-12-01, from "
        "https://example.org/entity?id=hikvision",
        "Chicago": 'Listed. "Hikvision: profile." Data as of 2026-11-30. Accessed 2026-12-01. '
        "https://example.org/entity?id=hikvision.",
        "BibTeX": "@misc{listedHikvision2026,\n  author = {{Listed}},\n  title = {Hikvision: profile},\n"
        "  year = {2026},\n  note = {Data as of 2026-11-30; accessed 2026-12-01},\n"
        "  url = {https://example.org/entity?id=hikvision}\n}",
    }


def test_citation_key_is_short_and_plain():
    c = citations("The 28 entities & their technologies: a list", "https://example.org/", "2025-01-02", "2026-12-01")
    assert c["BibTeX"].startswith("@misc{listedThe28entitiestheirtechno2025,\n")
    assert "(2025)." in c["APA"] and "year = {2025}" in c["BibTeX"]
