"""Pure chart builders: each takes data and returns a plotly Figure or a pydeck Deck. No streamlit here."""

from __future__ import annotations

import json
from functools import lru_cache
from urllib.parse import quote
from xml.sax.saxutils import escape

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from listed.geo import load_geojson

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
KIND_COLOURS = {"government-bureau": [0, 114, 178], "institute": [0, 158, 115], "company": [213, 94, 0]}
FONT = {"size": 16}


# A MapLibre style with no sources: a plain sea-blue background. Streamlit swaps in a Carto basemap (fetched from
# the web) whenever a deck has no mapStyle, so every deck carries this one and the map draws from data/ alone.
# Streamlit's frontend needs mapStyle as a string (it calls mapStyle.includes), so the style goes in a data: URL.
OFFLINE_STYLE = {
    "version": 8,
    "sources": {},
    "layers": [{"id": "background", "type": "background", "paint": {"background-color": "#dceaf5"}}],
}
OFFLINE_STYLE_URL = "data:application/json," + quote(json.dumps(OFFLINE_STYLE, separators=(",", ":")))


class OfflineDeck(pdk.Deck):
    """A pydeck Deck whose JSON carries OFFLINE_STYLE, so nothing is fetched for a basemap."""

    def freeze(self) -> OfflineDeck:
        """Serialize now and keep the JSON: for a deck that is cached and shared, so never changed again."""
        self._frozen = self.to_json()
        return self

    def to_json(self) -> str:
        if getattr(self, "_frozen", None):
            return self._frozen
        # Not super().to_json(): pydeck indents its JSON, which forces json's pure-Python encoder (0.27 s instead of
        # 0.08 s for the world outlines, on every rerun of the page).
        spec = json.loads(json.dumps(self, default=default_serialize))
        spec["mapStyle"] = OFFLINE_STYLE_URL
        return json.dumps(spec, separators=(",", ":"))


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    return fig


def composition_table(entities: pd.DataFrame) -> pd.DataFrame:
    """Who was listed (Group, Entities): the regional bureau, subordinate bureaus, the institute, the companies."""
    is_regional = (entities["kind"] == "government-bureau") & (entities["parent_id"] == "")
    groups = [
        ("Regional bureau (XUAR PSB)", int(is_regional.sum())),
        ("Subordinate bureaus", int(((entities["kind"] == "government-bureau") & ~is_regional).sum())),
        ("Subordinate institute", int((entities["kind"] == "institute").sum())),
        ("Companies", int((entities["kind"] == "company").sum())),
    ]
    return pd.DataFrame(groups, columns=["Group", "Entities"])


def matrix_roles(pairs: list[tuple[str, str]], techs: list[str]) -> list[str]:
    """One matrix row's cell texts: the roles an entity holds for each technology, one a line ("develops<br>supplies",
    so a narrow cell does not cut them), or ""."""
    return ["<br>".join(r for t, r in pairs if t == tech) for tech in techs]


def tech_matrix(table: pd.DataFrame, tech_names: dict[str, str]) -> go.Figure:
    """Entity × technology matrix; a filled cell names the role(s) (e.g. "operates"), so colour is not the only
    cue and the reader sees who develops, supplies, operates or procures what."""
    techs = [t for t in tech_names if any(t in ids for ids in table["tech_ids"])] or list(tech_names)
    names = table["common_name"].tolist()
    z = [[1 if t in ids else 0 for t in techs] for ids in table["tech_ids"]]
    text = [matrix_roles(pairs, techs) for pairs in table["links"]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[tech_names[t] for t in techs],
            y=names,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11, "color": "white"},
            colorscale=[[0, "#f4f4f4"], [1, OKABE_ITO[0]]],
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="bottom", tickangle=-30, automargin=True)
    fig.update_yaxes(automargin=True)
    return _layout(fig, "Which technologies each entity is linked to, and in what role", 220 + 30 * max(len(names), 1))


def _outline_layer(geojson: dict, layer_id: str, fill: list[int], line: list[int]) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        data=geojson,
        id=layer_id,
        stroked=True,
        filled=True,
        get_fill_color=fill,
        get_line_color=line,
        line_width_min_pixels=1,
        pickable=False,
    )


def entity_map(points: pd.DataFrame, outlines: list[tuple[str, dict]], view: dict | None = None) -> pdk.Deck:
    """Points (entity_id, name, kind, lat, lon, label) over shipped outlines; no basemap tiles are fetched."""
    # Shape as well as colour tells the kinds apart: filled dots (bureaus), a dot in a black ring (the institute),
    # hollow rings (companies).
    style = {
        "government-bureau": (KIND_COLOURS["government-bureau"], [255, 255, 255], 1),
        "institute": (KIND_COLOURS["institute"], [0, 0, 0], 3),
        "company": ([255, 255, 255], KIND_COLOURS["company"], 4),
    }
    data = points.assign(
        fill=points["kind"].map(lambda k: style[k][0]),
        line=points["kind"].map(lambda k: style[k][1]),
        width=points["kind"].map(lambda k: style[k][2]),
    )
    layers = [
        _outline_layer(
            geo, f"outline-{name}", [235, 235, 235, 255] if i == 0 else [255, 236, 179, 200], [90, 90, 90, 255]
        )
        for i, (name, geo) in enumerate(outlines)
    ]
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            data=data,
            id="entities",
            get_position="[lon, lat]",
            get_fill_color="fill",
            get_line_color="line",
            get_line_width="width",
            line_width_units=pdk.types.String("pixels"),  # a plain str would become an expression (@@=pixels)
            stroked=True,
            get_radius=9000,
            radius_min_pixels=6,
            radius_max_pixels=14,
            pickable=True,
        )
    )
    view = view or {"latitude": 38.0, "longitude": 100.0, "zoom": 2.6}
    return OfflineDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view),
        # No wheel zoom: a wheel over the map scrolls the page. Zoom with the buttons, a double-click or a pinch.
        views=[pdk.View(type="MapView", controller={"scrollZoom": False, "dragRotate": False, "touchRotate": False})],
        map_provider=None,
        map_style=None,
        tooltip={"text": "{name}\n{label}"},
    )


def world_map(highlighted: tuple[tuple[str, int], ...], noun: tuple[str, str] = ("report", "reports")) -> pdk.Deck:
    """The world map of ``country_map`` from the shipped outlines; ``highlighted`` as (ISO3, count) pairs so it
    can key a cache."""
    return country_map(light_world(), dict(highlighted), noun).freeze()


def _light_ring(ring: list, places: int) -> list:
    out: list = []
    for lon, lat in ring:
        pt = [round(lon, places), round(lat, places)]
        if not out or pt != out[-1]:
            out.append(pt)
    return out


@lru_cache(maxsize=1)
def light_world(places: int = 1) -> dict:
    """The world outlines for a whole-world map, coordinates rounded to ``places`` decimals (0.1 degree, about
    11 km, is under a pixel at the world map's zoom) and repeated points dropped: the map's data, sent with every
    page run, shrinks by about a third. A ring that collapses below a triangle is dropped, but never a country's
    first (outer) ring, so every country, however small, is still drawn."""
    world = load_geojson("world")
    feats = []
    for f in world["features"]:
        geom = f["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        light = []
        for i, poly in enumerate(polys):
            rings = [_light_ring(r, places) for r in poly]
            rings = [r for j, r in enumerate(rings) if len(r) >= 4 or (i == 0 and j == 0)]
            if rings:
                light.append(rings)
        shape = {"type": "MultiPolygon", "coordinates": light} if geom["type"] == "MultiPolygon" else {
            "type": "Polygon", "coordinates": light[0]}  # fmt: skip
        feats.append({**f, "geometry": shape})
    return {"type": "FeatureCollection", "features": feats}


def country_map(world: dict, highlighted: dict[str, int], noun: tuple[str, str] = ("report", "reports")) -> pdk.Deck:
    """World countries, those in ``highlighted`` (iso3 -> count) shaded by count; no tiles fetched. The count is
    also in each country's tooltip (``noun``: singular and plural of what is counted), not in the shade alone."""
    top = max(highlighted.values(), default=1)
    feats = []
    for f in world["features"]:
        n = highlighted.get(f["properties"]["iso3"], 0)
        shade = [*_ramp(n, top), 255]  # single-hue blue ramp: order reads without hue
        label = f"{n} {noun[0] if n == 1 else noun[1]}" if n else f"no {noun[1]} recorded"
        feats.append({**f, "properties": {**f["properties"], "fill": shade, "reports": n, "label": label}})
    layer = pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": feats},
        id="countries",
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[120, 120, 120],
        line_width_min_pixels=0.5,
        pickable=True,
    )
    return OfflineDeck(
        layers=[layer],
        initial_view_state=pdk.ViewState(latitude=15, longitude=30, zoom=0.8),
        map_provider=None,
        map_style=None,
        tooltip={"text": "{name}: {label}"},
    )


# --- charts drawn as plain SVG on the server -----------------------------------------------------------------------
# No chart library reaches the browser for these (plotly's code alone is about 4.6 MB, Vega-Lite's about 1 MB, and a
# first visit loads it before the page is ready). They are shown with ``st.image`` and an ``alt`` text; every value
# is written on the chart, since an image has no tooltip, and each has a table view. Text is XML-escaped.
# Streamlit adds the SVG namespace when it sends the image.

SUPPLIER_COLOURS = {True: OKABE_ITO[5], False: OKABE_ITO[0]}  # vermillion for the listed companies, blue for others
_BAR_ROW, _BAR_LABEL_W, _BAR_AREA_W, _BAR_TOP = 30, 210, 380, 40
# Fill patterns, so that no bar or marker is told apart by colour alone.
_PATTERNS = {
    "stripes": '<rect width="3" height="8" fill="#ffffff" fill-opacity="0.5"/>',
    "dots": '<circle cx="4" cy="4" r="1.6" fill="#ffffff" fill-opacity="0.7"/>',
    "cross": '<path d="M0 4H8M4 0V8" stroke="#ffffff" stroke-opacity="0.6" stroke-width="1.5"/>',
}


def _pattern(pid: str, colour: str, kind: str) -> str:
    rotate = ' patternTransform="rotate(45)"' if kind != "dots" else ""
    return (
        f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse"{rotate}>'
        f'<rect width="8" height="8" fill="{colour}"/>{_PATTERNS[kind]}</pattern>'
    )


def _bar_svg(bars: list[tuple[str, int, str]], defs: str = "", legend: str = "") -> str:
    """Horizontal bars (label, value, fill) in the order given, each with its value at its end."""
    top = max((v for _, v, _ in bars), default=1) or 1
    y0 = _BAR_TOP if legend else 8
    height = y0 + _BAR_ROW * len(bars) + 10
    width = _BAR_LABEL_W + _BAR_AREA_W + 50
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="sans-serif" '
        f'font-size="15"><defs>{defs}</defs>{legend}'
    ]
    for i, (label, n, fill) in enumerate(bars):
        y = y0 + i * _BAR_ROW
        w = round(_BAR_AREA_W * n / top, 1)
        parts.append(
            f'<text x="{_BAR_LABEL_W - 8}" y="{y + 19}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{_BAR_LABEL_W}" y="{y + 4}" width="{w}" height="{_BAR_ROW - 8}" fill="{fill}" '
            'stroke="#333" stroke-width="0.5"/>'
            f'<text x="{_BAR_LABEL_W + w + 6}" y="{y + 19}">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def supplier_bar_svg(counts: pd.DataFrame) -> str:
    """Countries per supplier (``supplier``, ``listed``, ``countries``; most first) as horizontal bars. The listed
    companies are labelled "(listed)" and striped as well as coloured; a legend says which is which."""
    rows = counts[["supplier", "listed", "countries"]].itertuples(index=False)
    bars = [
        (f"{r.supplier}{' (listed)' if r.listed else ''}", int(r.countries), "url(#listed)" if r.listed else "")
        for r in rows
    ]
    bars = [(lab, n, fill or SUPPLIER_COLOURS[False]) for lab, n, fill in bars]
    legend = (
        '<rect x="0" y="6" width="16" height="16" fill="url(#listed)"/><text x="22" y="19">Listed company</text>'
        f'<rect x="170" y="6" width="16" height="16" fill="{SUPPLIER_COLOURS[False]}"/>'
        '<text x="192" y="19">Other Chinese supplier</text>'
    )
    return _bar_svg(bars, _pattern("listed", SUPPLIER_COLOURS[True], "stripes"), legend)


def composition_svg(table: pd.DataFrame) -> str:
    """The ``composition`` table (Group, Entities) as horizontal bars, one colour and one pattern per group."""
    kinds = ["", "stripes", "dots", "cross"]
    defs, bars = "", []
    for i, (group, n) in enumerate(zip(table["Group"], table["Entities"], strict=True)):
        colour, kind = OKABE_ITO[i % 4], kinds[i % 4]
        if kind:
            defs += _pattern(f"g{i}", colour, kind)
        bars.append((group, int(n), f"url(#g{i})" if kind else colour))
    return _bar_svg(bars, defs)


# Marker shapes for the timeline's lanes, drawn around (0, 0) with a radius of about 7.
_MARKERS = (
    '<circle r="7"/>',
    '<rect x="-6" y="-6" width="12" height="12"/>',
    '<path d="M0 -8L8 0L0 8L-8 0Z"/>',
    '<path d="M0 -8L7.5 6L-7.5 6Z"/>',
    '<path d="M-7 -3H-3V-7H3V-3H7V3H3V7H-3V3H-7Z"/>',
    '<path d="M0 -8L2.4 -2.5L8 -2.5L3.5 1L5 7L0 3.5L-5 7L-3.5 1L-8 -2.5L-2.4 -2.5Z"/>',
    '<path d="M-7 0L-3.5 -6H3.5L7 0L3.5 6H-3.5Z"/>',
    '<path d="M0 7L-7.5 -6H7.5Z"/>',
)
_TL_LABEL_W, _TL_PLOT_W, _TL_ROW, _TL_TOP = 120, 660, 40, 34  # label width: the least


def timeline_svg(events: pd.DataFrame, labels: dict[str, str] | None = None, mark: tuple | None = None) -> str:
    """Events (``date``, ``category``) as markers on a date axis, one lane per category in order of its first
    event; the lane's label, its shape and its colour all say the category, and each lane gives its count. ``mark``
    (a date and a label) draws a dashed line, e.g. the listing."""
    labels = labels or {}
    ev = events.sort_values("date")
    cats = list(dict.fromkeys(ev["category"]))
    first, last = ev["date"].min(), ev["date"].max()
    start, end = pd.Timestamp(first.year, 1, 1), pd.Timestamp(last.year + 1, 1, 1)
    span = (end - start).total_seconds() or 1.0
    names = [f"{labels.get(c, c)} ({int((ev['category'] == c).sum())})" for c in cats]
    # Wide enough for the longest row name (about 8.7 px a character at this size), so none is cut off.
    label_w = max(_TL_LABEL_W, round(8.7 * max((len(n) for n in names), default=0)) + 16)

    def x(d) -> float:
        return round(label_w + _TL_PLOT_W * (pd.Timestamp(d) - start).total_seconds() / span, 1)

    height = _TL_TOP + _TL_ROW * len(cats) + 30
    width = label_w + _TL_PLOT_W + 20
    bottom = _TL_TOP + _TL_ROW * len(cats)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="sans-serif" '
        'font-size="16">'
    ]
    for year in range(start.year, end.year + 1):
        xx = x(pd.Timestamp(year, 1, 1))
        parts.append(f'<line x1="{xx}" x2="{xx}" y1="{_TL_TOP - 6}" y2="{bottom}" stroke="#ddd"/>')
        if year < end.year:
            mid = x(pd.Timestamp(year, 7, 1))
            parts.append(f'<text x="{mid}" y="{bottom + 20}" text-anchor="middle">{year}</text>')
    if mark is not None:
        xx = x(mark[0])
        parts.append(
            f'<line x1="{xx}" x2="{xx}" y1="{_TL_TOP - 14}" y2="{bottom}" stroke="#333" stroke-dasharray="4 3"/>'
            f'<text x="{xx + 4}" y="{_TL_TOP - 18}">{escape(mark[1])}</text>'
        )
    for i, cat in enumerate(cats):
        y = _TL_TOP + i * _TL_ROW + _TL_ROW / 2
        mine = ev[ev["category"] == cat]
        parts.append(f'<text x="{label_w - 10}" y="{y + 5}" text-anchor="end">{escape(names[i])}</text>')
        # Past eight lanes the shapes shift by one, so no two lanes share both shape and colour.
        shape, colour = _MARKERS[(i + i // len(_MARKERS)) % len(_MARKERS)], OKABE_ITO[i % len(OKABE_ITO)]
        parts.append(f'<g fill="{colour}" fill-opacity="0.85" stroke="#222" stroke-width="1">')
        parts += [f'<g transform="translate({x(d)} {y})">{shape}</g>' for d in mine["date"]]
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


_MAP_W, _MAP_TOP_LAT, _MAP_BOTTOM_LAT = 960, 84.0, -58.0  # Antarctica left out: no supplier is recorded there
_LIGHT, _DARK, _NONE = (198, 219, 239), (8, 81, 156), (235, 235, 235)  # the interactive map's single-hue ramp


def _ramp(n: int, top: int) -> tuple[int, ...]:
    """The colour for a count on both world maps: light grey for none, then light to dark blue (``top`` darkest)."""
    t = n / (top or 1)
    return _NONE if n == 0 else tuple(round(a + (b - a) * t) for a, b in zip(_LIGHT, _DARK, strict=True))


def _shade(n: int, top: int) -> str:
    """``_ramp`` as an SVG colour."""
    return "#" + "".join(f"{v:02x}" for v in _ramp(n, top))


def world_map_svg(highlighted: tuple[tuple[str, int], ...], noun: tuple[str, str] = ("report", "reports")) -> str:
    """The world from the shipped outlines (``light_world``) as a plain SVG choropleth, countries in
    ``highlighted`` (ISO3, count) shaded by count, with a legend giving the count each end of the ramp stands for.
    Equirectangular, 84 N to 58 S. No map code reaches the browser (deck.gl's is about 3 MB); the interactive map
    and the table view give every country's count."""
    counts = dict(highlighted)
    top = max(counts.values(), default=1)
    k = _MAP_W / 360.0
    height = round((_MAP_TOP_LAT - _MAP_BOTTOM_LAT) * k)

    def ring_path(ring: list) -> str:
        pts = [f"{(lon + 180) * k:.1f} {(_MAP_TOP_LAT - lat) * k:.1f}" for lon, lat in ring]
        return "M" + "L".join(pts) + "Z"

    parts = [
        f'<svg viewBox="0 0 {_MAP_W} {height + 40}" width="{_MAP_W}" height="{height + 40}" font-family="sans-serif" '
        f'font-size="15"><rect width="100%" height="100%" fill="#ffffff"/><clipPath id="map"><rect width="{_MAP_W}" '
        f'height="{height}"/></clipPath><g clip-path="url(#map)">'
    ]
    for f in light_world()["features"]:
        geom = f["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        d = "".join(ring_path(r) for poly in polys for r in poly)
        fill = _shade(counts.get(f["properties"]["iso3"], 0), top)
        parts.append(f'<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#787878" stroke-width="0.4"/>')
    parts.append("</g>")
    y = height + 12
    legend = [(0, f"no {noun[1]} recorded"), (1, f"1 {noun[0]}"), (top, f"{top} {noun[1] if top != 1 else noun[0]}")]
    x = 10
    for n, label in legend:
        parts.append(f'<rect x="{x}" y="{y}" width="18" height="18" fill="{_shade(n, top)}" stroke="#787878"/>')
        parts.append(f'<text x="{x + 24}" y="{y + 14}">{escape(label)}</text>')
        x += 40 + 8 * len(label)
    parts.append("</svg>")
    return "".join(parts)
