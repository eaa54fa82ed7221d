"""The shipped offline geometry (data/geo) and the pure-Python helpers over it."""

from __future__ import annotations

import re

import pytest

from listed.geo import GEO_DIR, load_geojson, point_in_geometry

URUMQI = (87.6168, 43.8256)
KASHGAR = (75.99, 39.47)
BEIJING = (116.40, 39.90)
PARIS = (2.3522, 48.8566)

KB = 1024


@pytest.fixture(scope="module")
def world():
    return load_geojson("world")


@pytest.fixture(scope="module")
def china():
    return load_geojson("china")


@pytest.fixture(scope="module")
def xinjiang():
    return load_geojson("xinjiang")


def _only(collection):
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 1
    return collection["features"][0]


def _positions(geometry):
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for poly in polys:
        for ring in poly:
            yield from ring


# --- the files --------------------------------------------------------------


def test_china_is_one_feature(china):
    feat = _only(china)
    assert feat["properties"]["name"] == "China"
    assert feat["properties"]["iso3"] == "CHN"
    assert feat["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_xinjiang_is_one_feature(xinjiang):
    feat = _only(xinjiang)
    assert feat["properties"]["name"] == "Xinjiang"
    assert feat["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_every_world_feature_has_an_iso3_and_a_name(world):
    codes = []
    for feat in world["features"]:
        props = feat["properties"]
        assert re.fullmatch(r"[A-Z]{3}", props["iso3"]), props
        assert props["name"], props
        codes.append(props["iso3"])
    assert len(codes) == len(set(codes)), "iso3 codes repeat"
    assert len(codes) > 200
    # Natural Earth's -99 quirks are fixed
    assert {"FRA", "NOR", "XKX", "CHN", "USA"} <= set(codes)


def test_files_are_small():
    china_kb = (GEO_DIR / "china.geojson").stat().st_size / KB
    xinjiang_kb = (GEO_DIR / "xinjiang.geojson").stat().st_size / KB
    world_kb = (GEO_DIR / "world.geojson").stat().st_size / KB
    assert china_kb + xinjiang_kb < 300
    assert world_kb < 800


@pytest.mark.parametrize("name", ["world", "china", "xinjiang"])
def test_coordinates_are_wgs84_rounded_and_closed(name):
    for feat in load_geojson(name)["features"]:
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for poly in polys:
            for ring in poly:
                assert len(ring) >= 4 and ring[0] == ring[-1]
        for lon, lat in _positions(geom):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert round(lon, 3) == lon and round(lat, 3) == lat


def test_licence_names_every_source():
    text = (GEO_DIR / "LICENSE.md").read_text(encoding="utf-8")
    for needle in ("world-atlas", "2.0.2", "legacy-plugin-chart-country-map", "0.20.3", "public domain"):
        assert needle in text


# --- the points the app relies on ----------------------------------------


def test_urumqi_and_kashgar_are_in_xinjiang_and_china(xinjiang, china):
    xj, cn = _only(xinjiang)["geometry"], _only(china)["geometry"]
    for lon, lat in (URUMQI, KASHGAR):
        assert point_in_geometry(lon, lat, xj)
        assert point_in_geometry(lon, lat, cn)


def test_beijing_is_in_china_but_not_xinjiang(xinjiang, china):
    assert point_in_geometry(*BEIJING, _only(china)["geometry"])
    assert not point_in_geometry(*BEIJING, _only(xinjiang)["geometry"])


def test_paris_is_not_in_china_but_in_france(china, world):
    assert not point_in_geometry(*PARIS, _only(china)["geometry"])
    france = next(f for f in world["features"] if f["properties"]["iso3"] == "FRA")
    assert point_in_geometry(*PARIS, france["geometry"])


def test_world_finds_one_country_for_a_point(world):
    hits = [f["properties"]["iso3"] for f in world["features"] if point_in_geometry(*URUMQI, f["geometry"])]
    assert hits == ["CHN"]


# --- the helpers on their own ---------------------------------------------

SQUARE = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
HOLE = [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]


def test_polygon_with_hole():
    poly = {"type": "Polygon", "coordinates": [SQUARE, HOLE]}
    assert point_in_geometry(2, 2, poly)
    assert not point_in_geometry(5, 5, poly)  # in the hole
    assert not point_in_geometry(11, 5, poly)
    assert not point_in_geometry(-1, -1, poly)


def test_multipolygon_and_wrappers():
    far = [[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE, HOLE], [far]]}
    assert point_in_geometry(25, 25, multi)
    assert point_in_geometry(1, 1, multi)
    assert not point_in_geometry(5, 5, multi)
    assert not point_in_geometry(15, 15, multi)
    assert point_in_geometry(25, 25, {"type": "Feature", "properties": {}, "geometry": multi})
    assert point_in_geometry(25, 25, {"type": "GeometryCollection", "geometries": [multi]})


def test_non_areal_geometries_contain_nothing():
    assert not point_in_geometry(0, 0, {"type": "Point", "coordinates": [0, 0]})
    assert not point_in_geometry(0, 0, {})


def test_concave_polygon():
    # a U shape: the notch between the arms is outside
    u_shape = [[0, 0], [9, 0], [9, 9], [6, 9], [6, 3], [3, 3], [3, 9], [0, 9], [0, 0]]
    poly = {"type": "Polygon", "coordinates": [u_shape]}
    assert point_in_geometry(1, 8, poly)
    assert point_in_geometry(8, 8, poly)
    assert not point_in_geometry(4.5, 6, poly)
    assert point_in_geometry(4.5, 1, poly)


@pytest.mark.parametrize("bad", ["../world", "world.geojson", "", "World", "a/b"])
def test_load_geojson_rejects_paths(bad):
    with pytest.raises(ValueError):
        load_geojson(bad)


def test_load_geojson_missing_file():
    with pytest.raises(FileNotFoundError):
        load_geojson("no-such-map")
