"""The map builders: decks that fetch nothing, and the frozen (cached) world map serializes as a fresh one does."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET

import pandas as pd

from components import charts
from listed.geo import load_geojson


def test_world_map_frozen_json_matches_a_fresh_build():
    counts = (("KEN", 2), ("PAK", 1))
    frozen = charts.world_map(counts)
    fresh = charts.country_map(charts.light_world(), dict(counts))
    assert frozen.to_json() == fresh.to_json()
    spec = json.loads(frozen.to_json())
    assert "frozen" not in json.dumps(spec).lower()  # the kept JSON is not serialized into itself
    assert spec["mapStyle"] == charts.OFFLINE_STYLE_URL and spec["mapStyle"].startswith("data:")
    feats = spec["layers"][0]["data"]["features"]
    reports = {f["properties"]["iso3"]: f["properties"]["reports"] for f in feats}
    assert reports["KEN"] == 2 and reports["PAK"] == 1 and reports["USA"] == 0
    shades = {f["properties"]["iso3"]: f["properties"]["fill"] for f in feats}
    assert shades["KEN"] != shades["PAK"] != shades["USA"]  # more reports, darker: count is also in the tooltip


def test_unfrozen_deck_reflects_changes():
    deck = charts.country_map(load_geojson("world"), {"KEN": 1})
    before = deck.to_json()
    deck.initial_view_state.zoom = 3
    assert deck.to_json() != before


def test_entity_map_uses_no_tiles_and_marks_kind_by_shape():
    points = pd.DataFrame(
        {
            "entity_id": ["xuar-psb", "hikvision"],
            "name": ["XUAR PSB", "Hikvision"],
            "label": ["Urumqi", "Hangzhou"],
            "kind": ["government-bureau", "company"],
            "lat": [43.8, 30.3],
            "lon": [87.6, 120.2],
        }
    )
    spec = json.loads(charts.entity_map(points, [("china", load_geojson("china"))]).to_json())
    assert spec["mapStyle"].startswith("data:")
    assert "http" not in spec["mapStyle"]
    dots = next(layer for layer in spec["layers"] if layer["@@type"] == "ScatterplotLayer")
    # The ring widths are pixels: a bare "pixels" would be sent as the expression "@@=pixels" and deck.gl would
    # fall back to metres-like units, drawing companies as solid discs instead of rings.
    assert dots["lineWidthUnits"] == "pixels"
    assert dots["getLineWidth"] == "@@=width" and dots["stroked"] is True
    widths = {d["kind"]: d["width"] for d in dots["data"]}
    fills = {d["kind"]: d["fill"] for d in dots["data"]}
    assert widths["company"] > widths["government-bureau"] and fills["company"] == [255, 255, 255]


def test_light_world_keeps_every_country_and_rounds_to_a_tenth_of_a_degree():
    from components import charts
    from listed.geo import load_geojson

    full, light = load_geojson("world"), charts.light_world()
    assert [f["properties"] for f in light["features"]] == [f["properties"] for f in full["features"]]
    for f in light["features"]:
        polys = f["geometry"]["coordinates"]
        polys = polys if f["geometry"]["type"] == "MultiPolygon" else [polys]
        assert polys and polys[0] and polys[0][0], f["properties"]["iso3"]  # every country keeps its outer ring
        for poly in polys:
            for ring in poly:
                assert all(pt != prev for prev, pt in itertools.pairwise(ring))  # no repeated point
                assert all(round(v, 1) == v for pt in ring for v in pt)
    mauritius = next(f for f in light["features"] if f["properties"]["iso3"] == "MUS")  # small, and in the data
    assert mauritius["geometry"]["coordinates"]


def test_light_ring_drops_repeats_after_rounding():
    from components.charts import _light_ring

    assert _light_ring([[1.04, 2.0], [1.01, 2.02], [1.26, 2.0], [1.04, 2.0]], 1) == [
        [1.0, 2.0],
        [1.3, 2.0],
        [1.0, 2.0],
    ]


def test_world_map_svg_shades_by_count_with_a_legend():
    from components import charts

    svg = charts.world_map_svg((("KEN", 2), ("PAK", 1), ("FRA", 4)), ("supplier", "suppliers"))
    root = ET.fromstring(svg)
    paths = list(root.iter("path"))
    assert len(paths) == len(charts.light_world()["features"])
    fills = [p.get("fill") for p in paths]
    iso = [f["properties"]["iso3"] for f in charts.light_world()["features"]]
    by = dict(zip(iso, fills, strict=True))
    assert by["FRA"] == charts._shade(4, 4) == "#08519c"  # the most: darkest
    assert by["USA"] == "#ebebeb" and len({by["KEN"], by["PAK"], by["FRA"], by["USA"]}) == 4
    legend = [t.text for t in root.iter("text")]
    assert legend == ["no suppliers recorded", "1 supplier", "4 suppliers"]
    assert root.find("clipPath") is not None  # Antarctica and the far south are clipped, not drawn over the legend
