"""AppTest: Beyond China, the index layer and the reported deployments, their filters, URL state and downloads."""

from __future__ import annotations

import base64
import json
import re

from listed import reach
from listed.loader import load_dataset
from tests.conftest import run_page

DS = load_dataset()
PAGE = "views/global_reach.py"


def _subheaders(at) -> list[str]:
    return [s.value for s in at.subheader]


def _index_table(at):
    return next(df.value for df in at.dataframe if "Chinese supplier named" in df.value.columns)


def _deployment_items(at) -> list[str]:
    text = next(m.value for m in at.markdown if m.value.startswith("- **") and "Sources:" in m.value)
    return text.split("\n- ")


def test_default_view_shows_both_layers_with_counts_map_and_chart():
    at = run_page(PAGE)
    assert not at.exception
    assert [h.value for h in at.header] == [
        "Where the index records Chinese suppliers",
        "Reported deployments in detail",
    ]
    assert "62 countries where the index names a Chinese supplier" in _subheaders(at)
    assert "86 country–supplier rows" in _subheaders(at)
    assert not [df for df in at.dataframe if "Chinese supplier named" in df.value.columns]  # built when opened
    at.session_state["glob_rows_all"] = True
    at.run()
    assert len(_index_table(at)) == 86
    assert len(_deployment_items(at)) == len(DS.global_reach) == 16
    world, chart = at.get("image")  # the map and the supplier bar chart, both SVG drawn on the server
    assert world.proto.imgs[0].alt.startswith("World map: the 62 countries where the index names a Chinese supplier")
    map_svg = base64.b64decode(world.proto.imgs[0].url.split(",", 1)[1]).decode()
    fills = re.findall(r'<path d="[^"]*" fill="(#[0-9a-f]{6})"', map_svg)
    assert len(fills) == 241 and sum(f != "#ebebeb" for f in fills) == 62  # every outline; 62 shaded, not China
    assert not at.get("deck_gl_json_chart")  # the interactive map is built when opened
    at.session_state["glob_map_open"] = True
    at.run()
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    shaded = {f["properties"]["iso3"] for f in deck["layers"][0]["data"]["features"] if f["properties"]["reports"]}
    assert len(shaded) == 62 and "CHN" not in shaded
    img = chart.proto.imgs[0]
    assert img.alt.startswith("Bar chart: number of countries outside China")
    svg = base64.b64decode(img.url.removeprefix("data:image/svg+xml;base64,")).decode()
    assert svg.index(">Huawei<") < svg.index(">Hikvision (listed)<") < svg.index(">ZTE<")  # most first
    assert svg.count('fill="url(#listed)"') == 1 + 5  # the legend's swatch and the five listed companies' bars
    text = " ".join(m.value for m in at.markdown)
    assert "does not distinguish between legitimate and unlawful uses" in text  # the index's caveat stays on the page
    assert "carnegieendowment.org/files/AI_Global_Surveillance_Index1.pdf" in " ".join(c.value for c in at.caption)
    assert not at.info  # no notice without a bad parameter


def test_supplier_filter_writes_the_url_and_narrows_both_layers():
    at = run_page(PAGE)
    at.session_state["glob_rows_all"] = True
    at.run()
    at.selectbox(key="glob_supplier").select("hikvision").run()
    assert at.query_params["supplier"] in ("hikvision", ["hikvision"])
    assert "15 countries where the index names Hikvision" in _subheaders(at)
    assert set(_index_table(at)["Chinese supplier named"]) == {"Hikvision"}
    items = _deployment_items(at)
    assert len(items) == (DS.global_reach["supplier_id"] == "hikvision").sum()
    assert all(": Hikvision**" in i for i in items)


def test_listed_toggle_keeps_only_the_listed_companies():
    at = run_page(PAGE)
    at.session_state["glob_rows_all"] = True
    at.run()
    at.toggle(key="glob_listed").set_value(True).run()
    assert at.query_params["listed"] in ("1", ["1"])
    shown = _index_table(at)
    assert set(shown["Listed company"]) == {"Yes"}
    assert set(shown["Chinese supplier named"]) == {"Hikvision", "Dahua", "Yitu Technology", "Megvii", "SenseTime"}
    listed = DS.global_reach[DS.global_reach["supplier_entity_id"] != ""]
    assert len(_deployment_items(at)) == len(listed)
    assert not any(": Huawei**" in i for i in _deployment_items(at))


def test_country_from_the_url_shows_its_rows():
    at = run_page(PAGE, {"country": "zwe", "supplier": "Hikvision"})
    assert not at.info
    assert at.selectbox(key="glob_country").value == "ZWE"
    assert at.selectbox(key="glob_supplier").value == "hikvision"
    assert "1 country–supplier row in Zimbabwe" in _subheaders(at)
    assert any("CloudWalk, Hikvision, Huawei" in c.value for c in at.caption)  # the index's cell as printed
    items = _deployment_items(at)
    assert len(items) == 1 and "Zimbabwe: Hikvision" in items[0]


def test_bad_parameters_are_ignored_with_a_notice():
    at = run_page(PAGE, {"supplier": "Nobody", "country": "Atlantis", "listed": "maybe"})
    assert not at.exception
    notes = [i.value for i in at.info]
    assert any("no Chinese supplier" in n for n in notes)
    assert any("names no country" in n for n in notes)
    assert any("listed=1" in n for n in notes)
    assert "62 countries where the index names a Chinese supplier" in _subheaders(at)
    assert dict(at.query_params) == {}  # the bad values are dropped from the URL


def test_a_filter_with_no_index_rows_says_so():
    at = run_page(PAGE, {"supplier": "zte", "country": "KEN"})
    assert any("names no Chinese supplier matching these choices in that country" in i.value for i in at.info)
    assert any("No reported deployment in detail matches" in i.value for i in at.info)


def test_downloads_offer_csv_and_json_of_the_rows_shown():
    at = run_page(PAGE, {"supplier": "dahua"})
    at.session_state["glob_rows_all"] = True
    at.run()
    buttons = at.get("download_button")
    assert len(buttons) == 2
    labels = [b.proto.label for b in buttons]
    assert labels == ["Download as CSV (with sources)", "Download as JSON (with sources)"]
    # The files themselves are built on click; their content is what the page's view gives.
    view, _ = reach.parse_view(DS, {"supplier": "dahua"})
    doc = json.loads(reach.export_json(DS, reach.index_rows(DS, view), reach.deployment_rows(DS, view), view))
    assert len(doc["index_rows"]) == len(_index_table(at)) == 6
