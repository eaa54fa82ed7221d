"""Beyond China: the AI Global Surveillance Index table, its queries, URL state and exports (no streamlit)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from components import charts
from listed import reach
from listed.loader import load_dataset

DS = load_dataset()


def _country(iso3: str) -> dict:
    return DS.aigs_countries.set_index("country_iso3").loc[iso3].to_dict()


# Rows checked by eye against the rendered pages of the index's PDF: which columns carry a tick.
TICKS = {
    "DZA": dict(smart_city=False, facial_recognition=False, smart_policing=True, china_tech=True, us_tech=False),
    "ARG": dict(smart_city=False, facial_recognition=True, smart_policing=True, china_tech=True, japan_tech=True),
    "COL": dict(smart_city=True, facial_recognition=True, smart_policing=True, china_tech=False, japan_tech=True),
    "CZE": dict(bri=True, smart_city=False, facial_recognition=True, smart_policing=True, china_tech=False),
    "LBN": dict(bri=True, smart_city=True, facial_recognition=False, smart_policing=True, us_tech=True),
    "TWN": dict(smart_city=False, facial_recognition=True, china_tech=False, us_tech=False, japan_tech=True),
    "CHE": dict(smart_city=True, facial_recognition=True, smart_policing=False, china_tech=False),
    "ESP": dict(smart_city=True, facial_recognition=True, smart_policing=True, china_tech=True, us_tech=True),
}


@pytest.mark.parametrize("iso3", sorted(TICKS))
def test_index_ticks_match_the_pdf_checked_by_hand(iso3):
    row = _country(iso3)
    for col, want in TICKS[iso3].items():
        assert bool(row[col]) is want, (iso3, col)


def test_index_column_totals_match_the_report():
    c = DS.aigs_countries
    assert len(c) == 75
    # The report: smart/safe city 56 countries, facial recognition 64 (smart policing: 52 in the report, 53 ticked).
    assert int(c["smart_city"].sum()) == 56 and int(c["facial_recognition"].sum()) == 64
    assert int(c["smart_policing"].sum()) == 53
    assert int(c["us_tech"].sum()) == 32


def test_clipped_labels_are_completed_and_kept_as_printed():
    assert _country("GBR")["country"] == "United Kingdom" and _country("GBR")["country_as_printed"] == "United Kingdo"
    assert _country("MMR")["country_as_printed"] == "Burma/Myan"
    assert _country("KAZ")["companies_as_printed"] == "Analytical Business Solutions, Huawei, Speech Technology Center"


def test_summary_counts():
    s = reach.index_summary(DS)
    assert s == {
        "countries": 75,
        "china_ticked": 63,
        "china_ticked_abroad": 62,
        "china_ticked_abroad_bri": 36,
        "named_abroad": 62,
        "huawei": 49,
    }


def test_index_rows_are_chinese_suppliers_outside_china():
    rows = reach.index_rows(DS)
    assert len(rows) == 86 and rows["country_iso3"].nunique() == 62
    assert "CHN" not in set(rows["country_iso3"])
    assert set(rows["supplier_id"]) <= set(DS.suppliers.loc[DS.suppliers["origin"] == "china", "supplier_id"])
    assert "infinova" not in set(rows["supplier_id"])  # origin unclear: not counted
    zwe = rows[rows["country_iso3"] == "ZWE"]
    assert zwe["supplier"].tolist() == ["CloudWalk Technology", "Hikvision", "Huawei"]
    assert zwe["technologies"].iloc[0] == "facial recognition, smart policing"


def test_filters_by_supplier_listed_and_country():
    hik = reach.index_rows(DS, reach.ReachView(supplier="hikvision"))
    assert len(hik) == 15 and set(hik["supplier"]) == {"Hikvision"}
    listed = reach.index_rows(DS, reach.ReachView(listed_only=True))
    assert set(listed["supplier_id"]) == {"hikvision", "dahua", "yitu", "megvii", "sensetime"}
    assert listed["listed"].all() and len(listed) == 15 + 6 + 2 + 1 + 1
    ken = reach.index_rows(DS, reach.ReachView(country="KEN"))
    assert ken["supplier"].tolist() == ["Huawei"]
    assert reach.index_rows(DS, reach.ReachView(supplier="zte", country="KEN")).empty
    dep = reach.deployment_rows(DS, reach.ReachView(listed_only=True))
    assert len(dep) == (DS.global_reach["supplier_entity_id"] != "").sum()
    assert len(reach.deployment_rows(DS)) == 16  # 17 before the Iran row lost its source


def test_counts_per_country_and_supplier():
    rows = reach.index_rows(DS)
    per_country = reach.country_counts(rows)
    assert per_country["ZWE"] == 3 and per_country["DZA"] == 1 and len(per_country) == 62
    bars = reach.supplier_counts(rows)
    assert bars["supplier_id"].tolist()[:4] == ["huawei", "hikvision", "zte", "dahua"]
    assert bars["countries"].tolist()[:4] == [49, 15, 8, 6]
    assert reach.supplier_counts(rows.iloc[0:0]).empty


@pytest.mark.parametrize(
    ("params", "want", "notes"),
    [
        ({}, reach.ReachView(), 0),
        ({"supplier": "hikvision"}, reach.ReachView(supplier="hikvision"), 0),
        ({"supplier": " HIKVISION "}, reach.ReachView(supplier="hikvision"), 0),
        ({"supplier": "Yitu Technology"}, reach.ReachView(supplier="yitu"), 0),
        ({"supplier": "Infinova"}, reach.ReachView(), 1),  # not counted as Chinese
        ({"supplier": "NEC"}, reach.ReachView(), 1),
        ({"supplier": "x" * 500}, reach.ReachView(), 1),
        ({"country": "ken"}, reach.ReachView(country="KEN"), 0),
        ({"country": "TZA"}, reach.ReachView(country="TZA"), 0),  # only in the deployments layer
        ({"country": "CHN"}, reach.ReachView(), 1),
        ({"country": "Kenya"}, reach.ReachView(), 1),
        ({"listed": "1"}, reach.ReachView(listed_only=True), 0),
        ({"listed": "yes"}, reach.ReachView(), 1),
        # A repeated key counts by its last value, as on the other pages.
        ({"supplier": ["dahua", "zte"], "country": "<script>"}, reach.ReachView(supplier="zte"), 1),
    ],
)
def test_parse_view_ignores_bad_values_with_a_notice(params, want, notes):
    view, messages = reach.parse_view(DS, params)
    assert view == want
    assert len(messages) == notes


def test_view_round_trips_through_the_url():
    view = reach.ReachView(supplier="dahua", listed_only=True, country="MNG")
    assert reach.parse_view(DS, view.to_params()) == (view, [])
    assert reach.ReachView().to_params() == {}


def test_csv_export_holds_both_layers_with_sources():
    view = reach.ReachView(supplier="hikvision")
    index, dep = reach.index_rows(DS, view), reach.deployment_rows(DS, view)
    body = reach.to_csv_bytes(reach.export_frame(DS, index, dep)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == len(index) + len(dep) == 15 + 5  # Hikvision: 15 index countries, 5 deployments
    assert {r["layer"] for r in rows} == {"index", "deployment"}
    assert all(r["supplier"] == "Hikvision" for r in rows)
    assert all(r["source_urls"].startswith("https://") for r in rows)
    first = next(r for r in rows if r["layer"] == "index")
    assert first["source_urls"] == "https://carnegieendowment.org/files/AI_Global_Surveillance_Index1.pdf"


def test_json_export_carries_the_view_and_full_sources():
    view = reach.ReachView(country="ZWE")
    index, dep = reach.index_rows(DS, view), reach.deployment_rows(DS, view)
    doc = json.loads(reach.export_json(DS, index, dep, view))
    assert doc["view"] == {"country": "ZWE"}
    assert [r["supplier"] for r in doc["index_rows"]] == ["CloudWalk Technology", "Hikvision", "Huawei"]
    assert len(doc["deployments"]) == 2
    src = doc["index_rows"][0]["sources"][0]
    assert src["source_id"] == "carnegie-2019-aigs-index" and src["date"] == "2019-09-01"
    assert all(s["url"].startswith("https://") for r in doc["deployments"] for s in r["sources"])


def test_empty_exports_are_valid():
    view = reach.ReachView(supplier="zte", country="KEN")
    index, dep = reach.index_rows(DS, view), reach.deployment_rows(DS, view)
    assert reach.to_csv_bytes(reach.export_frame(DS, index, dep)).decode("utf-8-sig").startswith("layer,")
    assert json.loads(reach.export_json(DS, index, dep, view))["index_rows"] == []


def _svg_bars(svg: str, legend: int = 2) -> list[tuple[str, str, int]]:
    """(label, fill, count) per bar, in drawing order, parsed back out of the chart's SVG."""
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("text")][legend:]  # the legend's texts come first
    rects = [r for r in root.iter("rect") if r.get("x") == str(charts._BAR_LABEL_W)]
    labels, values = texts[0::2], [int(v) for v in texts[1::2]]
    return [(lab, r.get("fill"), v) for lab, r, v in zip(labels, rects, values, strict=True)]


def test_supplier_chart_marks_listed_companies_by_label_pattern_and_count():
    bars = reach.supplier_counts(reach.index_rows(DS))
    svg = charts.supplier_bar_svg(bars)
    drawn = _svg_bars(svg)
    assert [v for _, _, v in drawn] == bars["countries"].tolist()  # every bar's count, most first
    by_label = {lab: (fill, v) for lab, fill, v in drawn}
    assert by_label["Hikvision (listed)"] == ("url(#listed)", 15)
    assert by_label["Huawei"] == (charts.SUPPLIER_COLOURS[False], 49)
    assert by_label["CloudWalk Technology"] == (charts.SUPPLIER_COLOURS[False], 1)
    assert (
        {lab for lab, fill, _ in drawn if fill == "url(#listed)"}
        == {lab for lab, _, _ in drawn if lab.endswith("(listed)")}
        == {
            "Hikvision (listed)",
            "Dahua (listed)",
            "Yitu Technology (listed)",
            "Megvii (listed)",
            "SenseTime (listed)",
        }
    )
    # Bar lengths are proportional to the count: the longest bar is the most-named supplier's.
    widths = [float(r.get("width")) for r in ET.fromstring(svg).iter("rect")]
    assert max(widths) == charts._BAR_AREA_W


def test_supplier_chart_escapes_names_and_handles_no_rows():
    frame = pd.DataFrame({"supplier": ["A<b>&C"], "listed": [False], "countries": [3]})
    assert _svg_bars(charts.supplier_bar_svg(frame)) == [("A<b>&C", charts.SUPPLIER_COLOURS[False], 3)]
    empty = charts.supplier_bar_svg(frame.iloc[0:0])
    assert _svg_bars(empty) == []


def test_map_tooltip_names_what_is_counted():
    spec = json.loads(charts.world_map((("KEN", 1), ("ZWE", 3)), ("Chinese supplier", "Chinese suppliers")).to_json())
    labels = {f["properties"]["iso3"]: f["properties"]["label"] for f in spec["layers"][0]["data"]["features"]}
    assert labels["KEN"] == "1 Chinese supplier" and labels["ZWE"] == "3 Chinese suppliers"
    assert labels["FRA"] == "no Chinese suppliers recorded"
    assert spec["mapStyle"] == charts.OFFLINE_STYLE_URL  # no tiles fetched


def test_composition_svg_writes_every_count_with_its_own_pattern():
    table = charts.composition_table(DS.entities)
    assert table.values.tolist() == [
        ["Regional bureau (XUAR PSB)", 1],
        ["Subordinate bureaus", 18],
        ["Subordinate institute", 1],
        ["Companies", 8],
    ]
    drawn = _svg_bars(charts.composition_svg(table), legend=0)
    assert [(lab, v) for lab, _, v in drawn] == [tuple(r) for r in table.values.tolist()]
    assert len({fill for _, fill, _ in drawn}) == 4  # a colour and a pattern per group, not colour alone


def test_timeline_svg_lanes_counts_positions_and_mark():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2017-01-01", "2019-10-09", "2018-07-02", "2020-01-01"]),
            "category": ["camps", "listing", "camps", "law"],
        }
    )
    svg = charts.timeline_svg(events, {"camps": "Camps & policing"}, (pd.Timestamp("2019-10-09"), "Listed"))
    root = ET.fromstring(svg)
    lanes = [t.text for t in root.iter("text") if t.get("text-anchor") == "end"]
    assert lanes == ["Camps & policing (2)", "listing (1)", "law (1)"]  # by first event; escaped and unescaped back
    years = [t.text for t in root.iter("text") if t.get("text-anchor") == "middle"]
    assert years == ["2017", "2018", "2019", "2020"]
    marks = [g.get("transform") for g in root.iter("g") if g.get("transform")]
    left, width = float(next(root.iter("line")).get("x1")), charts._TL_PLOT_W  # the first year's gridline
    assert left >= 7 * len("Camps & policing (2)")  # the longest row name fits to the left of the axis
    xs = [float(m.split("(")[1].split()[0]) for m in marks]
    assert xs[0] == left  # 1 Jan 2017: the axis starts at the first event's year
    assert all(left < x_ < left + width for x_ in xs[1:])
    listing_x = xs[2]  # third marker drawn: the listing lane's only event
    dashed = next(ln for ln in root.iter("line") if ln.get("stroke-dasharray"))
    assert float(dashed.get("x1")) == listing_x
    fills = [g.get("fill") for g in root.iter("g") if g.get("fill")]
    assert len(set(fills)) == 3


def test_timeline_svg_lanes_past_eight_differ_in_shape():
    events = pd.DataFrame(
        {"date": pd.to_datetime([f"2020-{m:02d}-01" for m in range(1, 10)]), "category": list("abcdefghi")}
    )
    root = ET.fromstring(charts.timeline_svg(events))
    lanes = [g for g in root.iter("g") if g.get("fill")]
    first, ninth = lanes[0], lanes[8]
    assert first.get("fill") == ninth.get("fill")  # the palette has eight colours
    assert ET.tostring(first[0][0]) != ET.tostring(ninth[0][0])  # so the shape differs
