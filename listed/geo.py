"""Offline map geometry: load the shipped GeoJSON and test points against it.

The files in ``data/geo/`` (``world``, ``china``, ``xinjiang``) are built by
``scripts/build_geo.py`` from Natural Earth data; see ``data/geo/LICENSE.md``.
Nothing here touches the network, and nothing needs shapely: the maps are
drawn by pydeck (``map_provider=None``) straight from these dicts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def load_geojson(name: str) -> dict[str, Any]:
    """Return the parsed GeoJSON ``data/geo/<name>.geojson``.

    ``name`` is the bare file stem, e.g. ``"world"``, ``"china"`` or
    ``"xinjiang"``; anything that is not a plain lower-case stem raises
    ``ValueError`` (no paths, no extension). A missing file raises
    ``FileNotFoundError``. Each call parses the file afresh, so callers may
    mutate the result; wrap it in ``st.cache_data`` in the app if needed.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"not a geometry name: {name!r}")
    path = GEO_DIR / f"{name}.geojson"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _in_ring(lon: float, lat: float, ring) -> bool:
    """Even-odd ray cast: is (lon, lat) inside the closed ring?

    A horizontal ray goes east from the point; each ring edge that straddles
    the point's latitude and lies east of it flips the answer. Points exactly
    on an edge may fall either way.
    """
    inside = False
    n = len(ring)
    if n < 3:
        return False
    x1, y1 = ring[-1][0], ring[-1][1]
    for i in range(n):
        x2, y2 = ring[i][0], ring[i][1]
        if (y2 > lat) != (y1 > lat):
            x_cross = x2 + (lat - y2) * (x1 - x2) / (y1 - y2)
            if lon < x_cross:
                inside = not inside
        x1, y1 = x2, y2
    return inside


def _in_polygon(lon: float, lat: float, rings) -> bool:
    """Inside the exterior ring (``rings[0]``) and in none of its holes."""
    if not rings or not _in_ring(lon, lat, rings[0]):
        return False
    return not any(_in_ring(lon, lat, hole) for hole in rings[1:])


def point_in_geometry(lon: float, lat: float, geometry: dict[str, Any]) -> bool:
    """Return True if the point (``lon``, ``lat``) lies inside ``geometry``.

    ``geometry`` is a GeoJSON geometry object: ``Polygon`` or
    ``MultiPolygon`` (holes are honoured), or a ``GeometryCollection`` of
    them. A GeoJSON ``Feature`` is accepted too and its geometry used.
    Coordinates are plain planar lon/lat in degrees (WGS84), as in the
    shipped files, which are already cut at the antimeridian. Other geometry
    types (points, lines) contain nothing and give False. Points exactly on a
    boundary may go either way.
    """
    if not geometry:
        return False
    kind = geometry.get("type")
    if kind == "Feature":
        return point_in_geometry(lon, lat, geometry.get("geometry") or {})
    if kind == "Polygon":
        return _in_polygon(lon, lat, geometry.get("coordinates") or [])
    if kind == "MultiPolygon":
        return any(_in_polygon(lon, lat, poly) for poly in geometry.get("coordinates") or [])
    if kind == "GeometryCollection":
        return any(point_in_geometry(lon, lat, g) for g in geometry.get("geometries") or [])
    return False


def fit_view(lons: list[float], lats: list[float], width: int, height: int, padding: int = 24) -> dict[str, float]:
    """The Web Mercator view (latitude, longitude, zoom) that shows every point in a ``width`` x ``height`` map.

    deck.gl's tile size is 512 px at zoom 0, so a zoom of z spans ``512 * 2**z`` px round the world. ``padding``
    px are kept free on every side so the outermost markers are drawn whole.
    """
    import math

    def merc_y(lat: float) -> float:  # 0..1 from north to south
        s = math.sin(math.radians(lat))
        return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)

    west, east = min(lons), max(lons)
    ys = [merc_y(v) for v in lats]
    span_x = max((east - west) / 360, 1e-6)
    span_y = max(max(ys) - min(ys), 1e-6)
    zoom = min(math.log2((width - 2 * padding) / (512 * span_x)), math.log2((height - 2 * padding) / (512 * span_y)))
    mid_y = (max(ys) + min(ys)) / 2
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * mid_y))))
    return {"latitude": round(lat, 4), "longitude": round((west + east) / 2, 4), "zoom": round(zoom - 0.005, 2)}


_PHONE = re.compile(r"Mobi|Android|iPhone|iPod")


def map_width_for(user_agent: str | None) -> int:
    """The map width (px) to fit a view to: the narrowest phone column for a phone browser, else a desktop column."""
    return 340 if user_agent and _PHONE.search(user_agent) else 900
