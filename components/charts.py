"""Pure chart builders: each takes data and returns a plotly Figure or a pydeck Deck. No streamlit here."""

from __future__ import annotations

import json
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from listed.geo import load_geojson

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon", "cross", "triangle-down", "pentagon"]
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


def composition(entities: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """Bar chart of who was listed: the regional bureau, subordinate bureaus, the institute, the companies."""
    is_regional = (entities["kind"] == "government-bureau") & (entities["parent_id"] == "")
    groups = [
        ("Regional bureau (XUAR PSB)", int(is_regional.sum())),
        ("Subordinate bureaus", int(((entities["kind"] == "government-bureau") & ~is_regional).sum())),
        ("Subordinate institute", int((entities["kind"] == "institute").sum())),
        ("Companies", int((entities["kind"] == "company").sum())),
    ]
    table = pd.DataFrame(groups, columns=["Group", "Entities"])
    fig = go.Figure(
        go.Bar(
            x=table["Entities"],
            y=table["Group"],
            orientation="h",
            text=table["Entities"],
            textposition="outside",
            marker={"color": OKABE_ITO[:4], "pattern": {"shape": ["", "/", ".", "x"]}},
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, table["Entities"].max() * 1.2], title="Number of entities")
    return _layout(fig, f"Who was listed: {len(entities)} entities", 320), table


def timeline(events: pd.DataFrame, labels: dict[str, str] | None = None) -> go.Figure:
    """Events as markers on a date axis, one row per category (shape and colour both mark the category)."""
    labels = labels or {}
    cats = list(dict.fromkeys(events.sort_values("date")["category"]))
    fig = go.Figure()
    for i, cat in enumerate(cats):
        ev = events[events["category"] == cat]
        fig.add_trace(
            go.Scatter(
                x=ev["date"],
                y=[labels.get(cat, cat)] * len(ev),
                mode="markers",
                name=labels.get(cat, cat),
                marker={
                    "size": 14,
                    "color": OKABE_ITO[i % 8],
                    "symbol": SYMBOLS[i % len(SYMBOLS)],
                    "line": {"width": 1, "color": "#222"},
                },
                customdata=ev[["title"]].to_numpy(),
                hovertemplate="%{x|%d %b %Y}<br>%{customdata[0]}<extra></extra>",
            )
        )
    fig.update_layout(showlegend=False)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(showgrid=True, gridcolor="#ddd")
    return _layout(fig, "Timeline: from the camps to the listing and after", 140 + 42 * max(len(cats), 1))


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
    return country_map(load_geojson("world"), dict(highlighted), noun).freeze()


def country_map(world: dict, highlighted: dict[str, int], noun: tuple[str, str] = ("report", "reports")) -> pdk.Deck:
    """World countries, those in ``highlighted`` (iso3 -> count) shaded by count; no tiles fetched. The count is
    also in each country's tooltip (``noun``: singular and plural of what is counted), not in the shade alone."""
    top = max(highlighted.values(), default=1)
    feats = []
    for f in world["features"]:
        n = highlighted.get(f["properties"]["iso3"], 0)
        t = n / top
        light, dark = (198, 219, 239), (8, 81, 156)  # single-hue blue ramp: order reads without hue
        shade = (
            [235, 235, 235, 255]
            if n == 0
            else [round(a + (b - a) * t) for a, b in zip(light, dark, strict=True)] + [255]
        )
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


SUPPLIER_SERIES = ("Listed", "Not listed")  # short: the legend must fit a phone
SUPPLIER_COLOURS = [OKABE_ITO[5], OKABE_ITO[0]]  # vermillion for the listed companies, blue for the others


def supplier_bar_frame(counts: pd.DataFrame) -> pd.DataFrame:
    """Countries per supplier (supplier, listed, countries) shaped for a horizontal ``st.bar_chart``: one bar a
    supplier in one of two series (SUPPLIER_SERIES), the listed ones also labelled "(listed)" so colour is not the
    only cue, and a ``total`` column to sort by (most first). A Vega-Lite bar chart, not plotly: its code is a
    sixth of plotly's for a first visit."""
    listed = counts["listed"].astype(bool)
    return pd.DataFrame(
        {
            # "Yitu Technology (listed)" would be cut off as an axis label; "Yitu (listed)" is not.
            "Supplier": [
                f"{s.removesuffix(' Technology')}{' (listed)' if x else ''}"
                for s, x in zip(counts["supplier"], listed, strict=True)
            ],
            SUPPLIER_SERIES[0]: counts["countries"].where(listed, 0).astype(int),
            SUPPLIER_SERIES[1]: counts["countries"].where(~listed, 0).astype(int),
            "total": counts["countries"].astype(int),
        }
    ).reset_index(drop=True)
