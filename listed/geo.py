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
