"""Search, filters, URL state, exports and citations."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from listed.loader import load_dataset
from listed.queries import (
    Filters,
    citations,
    entity_sources,
    entity_table,
    export_frame,
    export_json,
    filter_entities,
    normalize,
    parse_filters,
    search,
    source_citation,
    to_csv_bytes,
    valid_entity_id,
)
from tests.fixtures import write_dataset


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_dataset(tmp_path_factory.mktemp("q") / "ds"))


@pytest.fixture(scope="module")
def real():
    return load_dataset()


@pytest.mark.parametrize(
    ("a", "b"),
    [("Sense Time", "sensetime"), ("IFLYTEK", "iFlytek"), ("Ürümqi", "urumqi"), ("ＳｅｎｓｅＴｉｍｅ", "sensetime"),
     ("Face++", "face"), ("Meiya-Pico", "meiya pico")],
)  # fmt: skip
def test_normalize_folds_case_accents_width_spacing(a, b):
    assert normalize(a) == normalize(b)


def test_search_by_chinese_alias_and_legal_name(ds):
    assert search(ds, "海康威视") == ["hikvision"]
    assert search(ds, "商汤") == ["sensetime"]
    assert search(ds, "hangzhou hikvision digital") == ["hikvision"]
    assert search(ds, "haikang weishi") == ["hikvision"]


def test_search_empty_and_no_match(ds):
    assert len(search(ds, "")) == 28
    assert len(search(ds, "   ")) == 28
    assert search(ds, "no such entity anywhere") == []


def test_parse_filters_keeps_good_values_and_reports_bad(ds):
    f, notes = parse_filters(ds, {"tech": "facial-recognition,bogus", "kind": "company", "q": "hik", "zzz": "1"})
    assert f.tech == ["facial-recognition"] and f.kind == ["company"] and f.q == "hik"
    assert any("'tech'" in n for n in notes)
    assert any("unknown URL parameter" in n for n in notes)


def test_parse_filters_rejects_overlong_and_strips_control_chars(ds):
    f, notes = parse_filters(ds, {"q": "x" * 500})
    assert f.q == "" and notes
    f, _ = parse_filters(ds, {"q": "hik\x00\x1b"})
    assert f.q == "hik"


def test_parse_filters_ignores_markup(ds):
    f, notes = parse_filters(ds, {"kind": "<script>alert(1)</script>"})
    assert f.kind == [] and notes and "<script>" not in " ".join(notes)


def test_filters_round_trip_through_params(ds):
    f = Filters(q="hik", kind=["company"], tech=["video-surveillance"])
    back, notes = parse_filters(ds, f.to_params())
    assert back == f and notes == []
    assert Filters().to_params() == {}


def test_filter_by_technology_kind_place_action(ds):
    assert filter_entities(ds, Filters(tech=["video-surveillance"]))["entity_id"].tolist() == ["hikvision"]
    assert len(filter_entities(ds, Filters(kind=["company"]))) == 8
    assert len(filter_entities(ds, Filters(place=["xinjiang"]))) == 20
    assert filter_entities(ds, Filters(action=["investment-ban"]))["entity_id"].tolist() == ["sensetime"]
    both = filter_entities(ds, Filters(kind=["government-bureau"], tech=["facial-recognition"]))
    assert both["entity_id"].tolist() == ["xuar-psb"]


def test_filter_empty_result(ds):
    rows = filter_entities(ds, Filters(kind=["institute"], tech=["video-surveillance"]))
    assert rows.empty and list(rows.columns) == list(entity_table(ds).columns)


def test_export_has_exactly_the_rows_and_their_sources(ds):
    rows = filter_entities(ds, Filters(kind=["company"]))
    flat = pd.read_csv(io.BytesIO(to_csv_bytes(export_frame(ds, rows))), encoding="utf-8-sig")
    assert flat["entity_id"].tolist() == rows["entity_id"].tolist()
    first = flat["sources"].str.split("\n").str[0]
    assert first.str.contains(r"^[^:]+: .+ \(\d{4}(?:-\d\d){0,2}\) https://\S+$").all(), first.tolist()
    assert "technology_sources" not in flat.columns
    doc = json.loads(export_json(ds, rows, Filters(kind=["company"])))
    assert doc["count"] == 8 and doc["view"] == {"kind": "company"}
    assert all(e["sources"] and e["sources"][0]["url"].startswith("https://") for e in doc["entities"])


def test_entity_sources_cover_claims_and_events(real):
    def cited(table, mine):
        return {s for v in table.loc[mine, "source_ids"] for s in v.split(";")}

    claims = cited(real.claims, real.claims["entity_id"] == "sensetime")
    events = cited(real.events, real.events["entity_ids"].str.split(";").map(lambda ids: "sensetime" in ids))
    got = entity_sources(real, "sensetime")
    assert claims and events and (claims | events) <= set(got)
    assert got == [s for s in real.sources["source_id"] if s in set(got)]  # in source order, each once
    assert (claims | events) - set(entity_sources(real, "kashgar-psb"))  # SenseTime's own sources are not a bureau's


@pytest.mark.parametrize("value", ["hikvision", ["x", "hikvision"]])
def test_valid_entity_id(ds, value):
    assert valid_entity_id(ds, value) == "hikvision"


@pytest.mark.parametrize("value", ["", "huawei", "../etc/passwd", "<b>x</b>", "h" * 500, "HIKVISION", []])
def test_invalid_entity_id(ds, value):
    assert valid_entity_id(ds, value) is None


def test_citations_styles():
    c = citations("Hikvision: profile", "https://example.org/entity?id=hikvision", "2026-11-30", "2026-12-01")
    assert set(c) == {"APA", "Chicago", "BibTeX"}
    assert all("2026-11-30" in v and "https://example.org/entity?id=hikvision" in v for v in c.values())
    assert c["APA"].startswith(
        "Listed. (2026). Hikvision: profile [Data set, data as of 2026-11-30]. Retrieved 2026-12-01"
    )
    assert c["Chicago"].endswith("Accessed 2026-12-01. https://example.org/entity?id=hikvision.")
    assert c["BibTeX"].startswith("@misc{listedHikvision2026,\n") and c["BibTeX"].endswith("}")
    assert "  year = {2026},\n" in c["BibTeX"] and "  url = {https://example.org/entity?id=hikvision}\n" in c["BibTeX"]


# --- on the curated dataset -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("海康威视", "hikvision"), ("大华", "dahua"), ("科大讯飞", "iflytek"), ("旷视", "megvii"), ("Face++", "megvii"),
     ("商汤", "sensetime"), ("Sense Time", "sensetime"), ("依图", "yitu"), ("美亚柏科", "meiya-pico"),
     ("iflytek", "iflytek"), ("kashgar", "kashgar-psb"), ("Hetian", "hotan-psb"), ("Yili", "ili-psb")],
)  # fmt: skip
def test_real_search_any_name_form(real, query, expected):
    assert expected in search(real, query)


def test_real_technology_filters_not_empty(real):
    for tech in ("video-surveillance", "facial-recognition", "voice-recognition", "phone-forensics"):
        assert len(filter_entities(real, Filters(tech=[tech]))) >= 1, tech


def test_csv_sources_are_readable_and_tied_to_the_filtered_technology(real):
    ds = real
    rows = filter_entities(ds, Filters(tech=["facial-recognition"]))
    flat = export_frame(ds, rows, ["facial-recognition"])
    src = ds.sources_by_id
    hik = flat.set_index("entity_id").loc["hikvision"]
    links = ds.entity_technologies
    want = links[(links["entity_id"] == "hikvision") & (links["tech_id"] == "facial-recognition")]
    ids = [s for v in want["source_ids"] for s in v.split(";")]
    lines = hik["technology_sources"].split("\n")
    assert len(lines) == len(ids) and all(line.startswith("Facial recognition") for line in lines)
    for i, line in zip(ids, lines, strict=True):
        assert src[i]["publisher"] in line and src[i]["title"] in line and line.endswith(src[i]["url"])
    assert len(hik["sources"].split("\n")) == len(hik["source_ids"].split(";"))
    doc = json.loads(export_json(ds, rows, Filters(tech=["facial-recognition"])))
    hik_json = next(e for e in doc["entities"] if e["entity_id"] == "hikvision")
    assert [s for link in hik_json["technology_links"] for s in link["source_ids"]] == ids


def test_source_citation_brackets_a_descriptive_title(real):
    ds = real
    s = dict(ds.sources_by_id["fr-2019-22210"])
    copy = f" (read via a copy: {s['copy_url']})" if s["copy_url"] else ""
    assert source_citation(s) == (f"{s['publisher']}: {s['title']} (2019-10-09) {s['url']}{copy}")
    assert source_citation({**s, "copy_url": ""}) == f"{s['publisher']}: {s['title']} (2019-10-09) {s['url']}"
    assert source_citation({**s, "url": ""}).endswith(
        f"(2019-10-09) (original not found online; read via a copy: {s['copy_url']})"
    )
    assert f": [{s['title']}] (" in source_citation({**s, "title_kind": "descriptive"})
