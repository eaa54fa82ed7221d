#!/usr/bin/env python3
"""Rebuild the offline map geometry in data/geo/ from registry packages.

The app and the tests never run this script: they only read the GeoJSON it
writes.  It needs nothing beyond the Python standard library, and it reads the
downloaded packages directly (no unpacking, no network).

Fetch the three inputs into one folder first (these are the exact versions the
committed files were built from; the script checks their SHA-256):

    mkdir -p /tmp/geo-src && cd /tmp/geo-src
    npm pack world-atlas@2.0.2
        # -> world-atlas-2.0.2.tgz  (Natural Earth 4.1.0 admin-0 as TopoJSON)
    npm pack @superset-ui/legacy-plugin-chart-country-map@0.20.3
        # -> superset-ui-legacy-plugin-chart-country-map-0.20.3.tgz
        #    (Natural Earth admin-1 provinces of China as GeoJSON)
    pip download --no-deps -d . pycountry==26.2.16
        # -> pycountry-26.2.16-py3-none-any.whl  (ISO 3166-1 numeric -> alpha-3)

Then, from the repository root:

    python3 scripts/build_geo.py --src /tmp/geo-src

Outputs (see data/geo/LICENSE.md for provenance and licences):

    data/geo/world.geojson     all Natural Earth 1:50m countries, {iso3, name}
    data/geo/china.geojson     one feature, China (NE admin-0, 1:50m)
    data/geo/xinjiang.geojson  one feature, Xinjiang (NE admin-1)

Processing: TopoJSON is decoded here (delta-encoded quantized arcs);
Douglas-Peucker simplification is applied per *arc* for the world map, so
borders shared by two countries are simplified identically and stay gap-free;
rings that world-atlas stitched across the antimeridian (Russia, Fiji) or
round the South Pole (Antarctica) are cut back into planar polygons within
[-180, 180], as a flat renderer like deck.gl needs; all coordinates are
rounded to 3 decimals (~100 m); rings are oriented as RFC 7946 asks
(exterior counter-clockwise, holes clockwise).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "data" / "geo"

WORLD_ATLAS = "world-atlas-2.0.2.tgz"
WORLD_ATLAS_MEMBER = "package/countries-50m.json"
SUPERSET = "superset-ui-legacy-plugin-chart-country-map-0.20.3.tgz"
SUPERSET_MEMBER = "package/esm/countries/china.geojson"
PYCOUNTRY = "pycountry-26.2.16-py3-none-any.whl"
PYCOUNTRY_MEMBER = "pycountry/databases/iso3166-1.json"

SHA256 = {
    WORLD_ATLAS: "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
    SUPERSET: "bf91529316458929485ff415b15a4d6d7def98ddf5ad26252061311074e5050f",
    PYCOUNTRY: "115c4baf7cceaa30f59a4694d79483c9167dbce7a9de4d3d571c5f3ea77c305a",
}

# world-atlas features that carry no ISO numeric id (Natural Earth has -99 for
# them), plus Ashmore and Cartier Is., which shares Australia's id 036.
# Kosovo gets XKX, the user-assigned code the EU, IMF and World Bank use; the
# others get Natural Earth's own ADM0_A3 code (not ISO codes).
NAME_TO_ISO3 = {
    "Kosovo": "XKX",
    "N. Cyprus": "CYN",
    "Somaliland": "SOL",
    "Siachen Glacier": "KAS",
    "Indian Ocean Ter.": "IOA",
    "Ashmore and Cartier Is.": "ATC",
}

DECIMALS = 3
WORLD_TOLERANCE = 0.04  # degrees, Douglas-Peucker per arc (world map only)
CHINA_TOLERANCE = 0.0  # China keeps every 1:50m vertex (only rounding)
XINJIANG_TOLERANCE = 0.0  # Xinjiang keeps every source vertex (only rounding)


# --------------------------------------------------------------------------
# input helpers


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check(src: Path, name: str, verify: bool) -> Path:
    path = src / name
    if not path.is_file():
        sys.exit(f"missing input {path} (see the commands at the top of this script)")
    if verify and _sha256(path) != SHA256[name]:
        sys.exit(f"{path}: SHA-256 differs from the pinned one; pass --no-verify to accept")
    return path


def _read_tar_json(path: Path, member: str):
    with tarfile.open(path, "r:gz") as tf:
        fh = tf.extractfile(member)
        if fh is None:
            sys.exit(f"{member} not found in {path}")
        return json.load(io.TextIOWrapper(fh, encoding="utf-8"))


def _read_zip_json(path: Path, member: str):
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read(member).decode("utf-8"))


# --------------------------------------------------------------------------
# geometry helpers


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Decode a quantized, delta-encoded TopoJSON arc list into lon/lat."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            pts = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(pts)
    return arcs


def _perp_dist(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    cx, cy = ax + t * dx, ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def _unwrap(points):
    """Make longitudes continuous (no jump over 180 degrees between neighbours)."""
    out, shift = [], 0.0
    for i, (x, y) in enumerate(points):
        if i:
            prev = points[i - 1][0]
            if x - prev > 180:
                shift -= 360
            elif prev - x > 180:
                shift += 360
        out.append((x + shift, y))
    return out


def douglas_peucker(points, tolerance: float):
    """Simplify a polyline, always keeping its two end points (iterative).

    Distances are measured on unwrapped longitudes, so a line that crosses the
    antimeridian is not mistaken for one that spans the whole globe.
    """
    n = len(points)
    if tolerance <= 0 or n < 3:
        return list(points)
    pts = _unwrap(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = -1.0, -1
        for k in range(i + 1, j):
            d = _perp_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if idx != -1 and best > tolerance:
            keep[idx] = True
            stack.append((i, idx))
            stack.append((idx, j))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _clip_half(ring, x0, keep_greater):
    """Sutherland-Hodgman clip of a closed ring by the line lon = x0."""

    def inside(p):
        return p[0] >= x0 if keep_greater else p[0] <= x0

    def cross(a, b):
        t = (x0 - a[0]) / (b[0] - a[0])
        return (x0, a[1] + t * (b[1] - a[1]))

    out = []
    for i in range(len(ring)):
        cur, prev = ring[i], ring[i - 1]
        if inside(cur):
            if not inside(prev):
                out.append(cross(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(cross(prev, cur))
    return out


def _crosses_antimeridian(ring) -> bool:
    return any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(ring))


def cut_antimeridian(rings):
    """Turn one spherical polygon into planar polygons within [-180, 180].

    world-atlas stitches Natural Earth's antimeridian cuts away (it is meant
    for spherical renderers such as d3-geo), so Russia and Fiji have rings
    that jump from +180 to -180 and Antarctica is a ring around the pole.
    A planar renderer (deck.gl) needs them cut again: each ring is unwrapped,
    a ring around a pole is closed through the pole, and the result is
    clipped into 360-degree strips shifted back into range.
    """
    if not any(_crosses_antimeridian(r) for r in rings):
        return [rings]
    exteriors, holes = [], []
    for i, ring in enumerate(rings):
        u = _unwrap(ring)
        if abs(u[-1][0] - u[0][0]) > 180:  # goes round a pole
            lats = [p[1] for p in u]
            if max(lats) - min(lats) < 1e-6:
                continue  # degenerate circle of latitude at the pole itself
            pole = -90.0 if sum(lats) < 0 else 90.0
            u = [*u, (u[-1][0], pole), (u[0][0], pole), u[0]]
            exteriors.append(u)
        elif i == 0:
            exteriors.append(u)
        else:
            holes.append(u)
    strips: dict[int, list] = {}
    for role, group in (("ext", exteriors), ("hole", holes)):
        for u in group:
            xs = [p[0] for p in u]
            lo, hi = int((min(xs) + 180) // 360), int((max(xs) + 180) // 360)
            for k in range(lo, hi + 1):
                a, b = -180 + 360 * k, 180 + 360 * k
                part = _clip_half(_clip_half(u, a, True), b, False)
                if len(part) < 3:
                    continue
                part = [(x - 360 * k, y) for x, y in part]
                if part[0] != part[-1]:
                    part.append(part[0])
                entry = strips.setdefault(k, {"ext": [], "hole": []})
                entry[role].append(part)
    polys = []
    for k in sorted(strips):
        for ext in strips[k]["ext"]:
            polys.append([ext, *strips[k]["hole"]])
    return polys


def _round_pts(points):
    out = []
    for x, y in points:
        q = [round(x, DECIMALS), round(y, DECIMALS)]
        # -0.0 -> 0.0 keeps the JSON tidy
        q = [v + 0.0 for v in q]
        if not out or out[-1] != q:
            out.append(q)
    return out


def _signed_area(ring) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def _finish_ring(points, exterior: bool):
    """Round, close and orient one ring; None when it collapses."""
    ring = _round_pts(points)
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    if len(ring) < 4 or _signed_area(ring) == 0:
        return None
    ccw = _signed_area(ring) > 0
    if ccw != exterior:
        ring.reverse()
    return ring


def _stitch(arc_indexes, arcs):
    pts: list[tuple[float, float]] = []
    for i in arc_indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc if not pts else arc[1:])
    return pts


def _polygon(rings_pts):
    """rings_pts: list of point lists, first exterior. None if it collapses."""
    ext = _finish_ring(rings_pts[0], exterior=True)
    if ext is None:
        return None
    holes = [h for h in (_finish_ring(r, exterior=False) for r in rings_pts[1:]) if h]
    return [ext, *holes]


def topo_geometry(geom: dict, arcs, raw_arcs) -> dict | None:
    """Convert one TopoJSON Polygon/MultiPolygon to GeoJSON.

    `arcs` are the (possibly simplified) arcs; `raw_arcs` the unsimplified
    ones, used for a ring that simplification or rounding would collapse
    (tiny islands), so no country loses a part.
    """
    kind = geom.get("type")
    if kind == "Polygon":
        polys_idx = [geom["arcs"]]
    elif kind == "MultiPolygon":
        polys_idx = geom["arcs"]
    else:
        return None
    polys = []
    for poly in polys_idx:
        parts = [_polygon(rs) for rs in cut_antimeridian([_stitch(r, arcs) for r in poly])]
        if not any(parts):
            parts = [_polygon(rs) for rs in cut_antimeridian([_stitch(r, raw_arcs) for r in poly])]
        polys.extend(p for p in parts if p is not None)
    if not polys:
        return None
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def geojson_geometry(geom: dict, tolerance: float) -> dict:
    """Simplify, round and orient a GeoJSON Polygon/MultiPolygon."""
    if geom["type"] == "Polygon":
        polys_in = [geom["coordinates"]]
    elif geom["type"] == "MultiPolygon":
        polys_in = geom["coordinates"]
    else:
        raise ValueError(f"unsupported geometry {geom['type']}")
    polys = []
    for poly in polys_in:
        rings = [douglas_peucker([tuple(p[:2]) for p in r], tolerance) for r in poly]
        p = _polygon(rings) or _polygon([[tuple(q[:2]) for q in r] for r in poly])
        if p is not None:
            polys.append(p)
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def _dump(obj, path: Path) -> int:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


# --------------------------------------------------------------------------
# builders


def build_world_and_china(topology: dict, iso_table: dict):
    raw = decode_arcs(topology)
    world_arcs = [douglas_peucker(a, WORLD_TOLERANCE) for a in raw]
    china_arcs = [douglas_peucker(a, CHINA_TOLERANCE) for a in raw]
    numeric_to_alpha3 = {c["numeric"]: c["alpha_3"] for c in iso_table["3166-1"]}

    features, china = [], None
    for g in topology["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        iso3 = NAME_TO_ISO3.get(name) or numeric_to_alpha3.get(str(g.get("id")))
        if not iso3:
            sys.exit(f"no ISO 3166-1 alpha-3 for {name!r} (id {g.get('id')!r}); add it to NAME_TO_ISO3")
        geom = topo_geometry(g, world_arcs, raw)
        if geom is None:
            print(f"warning: {name} has no drawable geometry; skipped", file=sys.stderr)
            continue
        features.append({"type": "Feature", "properties": {"iso3": iso3, "name": name}, "geometry": geom})
        if iso3 == "CHN":
            china = {
                "type": "Feature",
                "properties": {"name": "China", "iso3": "CHN"},
                "geometry": topo_geometry(g, china_arcs, raw),
            }
    codes = [f["properties"]["iso3"] for f in features]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        sys.exit(f"duplicate iso3 codes: {dupes}")
    if china is None:
        sys.exit("China (ISO numeric 156) not found in world-atlas")
    world = {"type": "FeatureCollection", "features": sorted(features, key=lambda f: f["properties"]["iso3"])}
    return world, {"type": "FeatureCollection", "features": [china]}


def build_xinjiang(provinces: dict):
    matches = [
        f
        for f in provinces["features"]
        if f["properties"].get("ISO") == "CN-XJ" or f["properties"].get("NAME_1") == "Xinjiang"
    ]
    if len(matches) != 1:
        sys.exit(f"expected one Xinjiang feature (ISO CN-XJ), found {len(matches)}")
    feat = {
        "type": "Feature",
        "properties": {"name": "Xinjiang", "iso_3166_2": "CN-XJ", "admin": "China", "iso3": "CHN"},
        "geometry": geojson_geometry(matches[0]["geometry"], XINJIANG_TOLERANCE),
    }
    return {"type": "FeatureCollection", "features": [feat]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, required=True, help="folder holding the three downloaded packages")
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default data/geo)")
    ap.add_argument("--no-verify", action="store_true", help="skip the SHA-256 check of the inputs")
    args = ap.parse_args(argv)

    verify = not args.no_verify
    topology = _read_tar_json(_check(args.src, WORLD_ATLAS, verify), WORLD_ATLAS_MEMBER)
    provinces = _read_tar_json(_check(args.src, SUPERSET, verify), SUPERSET_MEMBER)
    iso_table = _read_zip_json(_check(args.src, PYCOUNTRY, verify), PYCOUNTRY_MEMBER)

    world, china = build_world_and_china(topology, iso_table)
    xinjiang = build_xinjiang(provinces)

    args.out.mkdir(parents=True, exist_ok=True)
    for name, obj in (("world", world), ("china", china), ("xinjiang", xinjiang)):
        size = _dump(obj, args.out / f"{name}.geojson")
        print(f"{name}.geojson: {len(obj['features'])} feature(s), {size / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
