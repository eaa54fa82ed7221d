"""The map view that fits a set of points (listed/geo.py: fit_view, map_width_for), against hand-worked values."""

from __future__ import annotations

import pytest

from listed.geo import fit_view, map_width_for


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
        # One point: spans are floored, so the zoom is large but finite.
        ([5], [5], {}, {"latitude": 5.0, "longitude": 5.0, "zoom": 19.75}),
    ],
)
def test_fit_view(lons, lats, kwargs, view):
    assert fit_view(lons, lats, 900, 500, **kwargs) == view


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
