"""Map geometry (listed/geo.py): the view that fits a set of points, the phone width, the ray cast that places a
point in a polygon, and the geometry file names, against hand-worked values."""

from __future__ import annotations

import pytest

from listed.geo import _in_ring, fit_view, load_geojson, map_width_for


@pytest.mark.parametrize(
    ("lons", "lats", "kwargs", "view"),
    [
        # 90 degrees of longitude in 852 px (900 less 24 each side): log2(852 / (512 / 4)) = 2.7347, less 0.005.
        ([0, 90], [0, 0], {}, {"latitude": 0.0, "longitude": 45.0, "zoom": 2.73}),
        # Tall: 60N..60S span 0.4192 of the Mercator height; 452 px / (512 * 0.4192) = 2.106 -> zoom 1.07.
        ([0, 1], [-60, 60], {}, {"latitude": 0.0, "longitude": 0.5, "zoom": 1.07}),
        # 10N..50N: the middle in Mercator y is 32.15N, not 30N; height decides (2.7314 - 0.005).
        ([70, 100], [10, 50], {}, {"latitude": 32.1467, "longitude": 85.0, "zoom": 2.73}),
        # Without padding the same box gets the full 500 px: log2(500 / 68.06) = 2.877.
        ([70, 100], [10, 50], {"padding": 0}, {"latitude": 32.1467, "longitude": 85.0, "zoom": 2.87}),
        # The whole world in 516 px without padding: log2(516 / 512) = 0.0112, less 0.005, is 0.01 ...
        ([-180, 180], [0, 0], {"width": 516, "padding": 0}, {"latitude": 0.0, "longitude": 0.0, "zoom": 0.01}),
        # ... and in 515 px 0.0034, which rounds to 0.
        ([-180, 180], [0, 0], {"width": 515, "padding": 0}, {"latitude": 0.0, "longitude": 0.0, "zoom": 0.0}),
        # Four decimals of latitude and longitude (about 10 m), no more.
        ([0, 0.123456], [10, 20], {}, {"latitude": 15.0587, "longitude": 0.0617, "zoom": 4.93}),
        # One point: spans are floored, so the zoom is large but finite.
        ([5], [5], {}, {"latitude": 5.0, "longitude": 5.0, "zoom": 19.75}),
    ],
)
def test_fit_view(lons, lats, kwargs, view):
    size = {"width": 900, "height": 500} | {k: v for k, v in kwargs.items() if k == "width"}
    padding = {k: v for k, v in kwargs.items() if k == "padding"}
    assert fit_view(lons, lats, size["width"], size["height"], **padding) == view


def test_fit_view_narrower_map_zooms_out():
    wide, narrow = fit_view([70, 100], [38, 42], 900, 500), fit_view([70, 100], [38, 42], 340, 500)
    assert narrow["zoom"] < wide["zoom"] and narrow["longitude"] == wide["longitude"] == 85.0


@pytest.mark.parametrize(
    ("agent", "width"),
    [
        (None, 900),
        ("", 900),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", 900),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148", 340),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8)", 340),
        ("Mozilla/5.0 (iPod touch; CPU iPhone OS 12_0 like Mac OS X)", 340),
        ("SomeBrowser Mobi", 340),
    ],
)
def test_map_width_for(agent, width):
    assert map_width_for(agent) == width


# An open triangle (the last corner is not repeated), so the edge from the last corner back to the first counts.
TRIANGLE = [(0, 0), (10, 0), (0, 10)]
# A triangle with a corner at latitude 5, east of the test point: the ray passes through that corner.
KITE = [(0, 0), (10, 5), (0, 10)]


@pytest.mark.parametrize(
    ("lon", "lat", "ring", "inside"),
    [
        (2, 2, TRIANGLE, True),
        (3.9, 6, TRIANGLE, True),  # the slanted edge crosses latitude 6 at longitude 4
        (4.1, 6, TRIANGLE, False),
        (6, 6, TRIANGLE, False),
        (-1, 5, TRIANGLE, False),
        (20, 20, TRIANGLE, False),
        (2, 5, KITE, True),  # the corner (10, 5) is counted once, not twice or never
        (9, 5, KITE, True),
        (11, 5, KITE, False),
        (2, 5, [(0, 0), (10, 0)], False),  # fewer than three corners enclose nothing
        (2, 5, [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)], True),  # a closed square
    ],
)
def test_in_ring(lon, lat, ring, inside):
    assert _in_ring(lon, lat, ring) is inside


@pytest.mark.parametrize("name", ["../secrets", "World", "world.geojson", "", 3])
def test_load_geojson_refuses_names_that_are_not_a_plain_stem(name):
    with pytest.raises(ValueError, match=r"^not a geometry name: "):
        load_geojson(name)
