"""Pure chart builders for the Chokepoints page: each takes dataset frames and returns (Figure, table). No streamlit.

Every builder copes with an empty input (a figure that says "No data") and with a single row. Colour is never the
only cue: bars carry text labels with the region or value, and series differ by marker shape, dash or hatch too.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from components.charts import OKABE_ITO, _layout

NO_DATA = "No data"
US_REGIONS = {"united states", "usa", "us", "u.s.", "united states of america"}
US_COLOUR = OKABE_ITO[0]
GREY = "#9a9a9a"
STAGE_ORDER = ["design", "equipment", "materials", "fabrication", "assembly-test"]
STAGE_LABELS = {
    "design": "Design",
    "equipment": "Equipment",
    "materials": "Materials",
    "fabrication": "Fabrication",
    "assembly-test": "Assembly and test",
}
MEASURE_TITLES = {
    "value-added": "Share of value added by region",
    "market-share": "Market share by headquarters",
}
SHORT_REGION = {"United Kingdom": "UK", "South Korea": "S. Korea", "Netherlands": "Neth."}
PATTERNS = ["/", ".", "x", "\\", "+", "-", "|"]
# Fills dark enough for white text; the others get near-black text.
DARK_FILLS = {OKABE_ITO[0], OKABE_ITO[2], OKABE_ITO[5], "#000000"}
EVENT_LABELS = {"chips": "Chip export rules", "entity-list": "Further Entity List action"}
ACTION_WORDS = {"statement": "Said", "stockpiling": "Stockpiled", "substitution": "Substituted", "other": "Other"}
HEDGE_WORDS = {
    "alleged": "alleged",
    "reportedly": "reportedly",
    "stated": "stated by the company",
    "according-to": "according to the source",
    "found": "found",
    "denied": "denied",
    "disputed": "disputed",
}


def is_us(region: str) -> bool:
    """True for the spellings of the United States the data may use."""
    return str(region).strip().lower() in US_REGIONS


def region_label(region: str) -> str:
    """Short region label for bar text ("U.S.", "UK"...)."""
    return "U.S." if is_us(region) else SHORT_REGION.get(region, region)


def source_ids(*frames: pd.DataFrame) -> list[str]:
    """Distinct source ids cited by the rows, in order of first appearance."""
    seen: dict[str, None] = {}
    for df in frames:
        if "source_ids" in df:
            for value in df["source_ids"]:
                for sid in str(value).split(";"):
                    if sid.strip():
                        seen[sid.strip()] = None
    return list(seen)


def year_span(years) -> str:
    """'2019', '2018–2020' or '' for the years the figures refer to."""
    ys = sorted({int(y) for y in pd.Series(years).dropna()})
    if not ys:
        return ""
    return str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"


def _fmt(value: float) -> str:
    return f"{value:g}"


def _wrap(text: str, width: int = 34) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def _wrap_label(text: str) -> str:
    """Axis labels wrapped short, so long input names leave room for the bars on a phone."""
    return _wrap(text, 24)


def _pattern(shape: str) -> dict:
    """A light hatch drawn over the fill colour (overlay keeps the colour; replace would blank it)."""
    return {"shape": shape, "fillmode": "overlay", "fgcolor": "rgba(255,255,255,0.45)", "size": 8, "solidity": 0.25}


def empty_figure(title: str, message: str = NO_DATA, height: int = 260) -> go.Figure:
    """A blank chart with a centred message, for a builder given no rows."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 20})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height)


def _segment_order(df: pd.DataFrame) -> list[str]:
    """Segments in supply-chain order (stage), then by U.S. share, largest first."""
    us = df[df["region"].map(is_us)].groupby("segment")["share_pct"].max()
    seg = df.groupby("segment", sort=False)["stage"].first().reset_index()
    seg["stage_rank"] = seg["stage"].map({s: i for i, s in enumerate(STAGE_ORDER)}).fillna(len(STAGE_ORDER))
    seg["us"] = seg["segment"].map(us).fillna(0)
    return seg.sort_values(["stage_rank", "us"], ascending=[True, False], kind="stable")["segment"].tolist()


def region_shares(
    shares: pd.DataFrame, measure: str, max_regions: int = 7, barmode: str | None = None
) -> tuple[go.Figure, pd.DataFrame]:
    """Horizontal bars of each segment's share by region for ONE measure (value-added or market-share).

    The U.S. comes first, in blue, and every U.S. bar is labelled "U.S. nn%". Regions beyond the ``max_regions``
    largest are grouped as "Other regions" in the chart (the table keeps them all). ``barmode`` defaults to grouped
    bars for three regions or fewer and stacked bars otherwise.
    """
    title = f"{MEASURE_TITLES.get(measure, measure)}"
    df = shares[shares["measure"] == measure].copy() if len(shares) else shares.copy()
    table_cols = ["Stage", "Segment", "Region", "Share (%)", "Year", "Sources"]
    if df.empty:
        return empty_figure(title), pd.DataFrame(columns=table_cols)
    title += f", {year_span(df['year'])}"
    order = _segment_order(df)
    totals = df.groupby("region")["share_pct"].sum().sort_values(ascending=False)
    regions = sorted(totals.index, key=lambda r: (not is_us(r), -totals[r], r))
    named = [r for r in regions if r.lower() != "other"][:max_regions]
    df["chart_region"] = df["region"].where(df["region"].isin(named), "Other regions")
    chart_regions = named + (["Other regions"] if (df["chart_region"] == "Other regions").any() else [])
    mode = barmode or ("group" if len(chart_regions) <= 3 else "stack")

    fig = go.Figure()
    palette = [c for c in OKABE_ITO if c not in (US_COLOUR, "#000000")]
    stacked = mode == "stack"
    others = 0
    for region in chart_regions:
        part = df[df["chart_region"] == region].groupby("segment", as_index=False)["share_pct"].sum()
        part = part.set_index("segment").reindex([s for s in order if s in set(part["segment"])]).reset_index()
        us = is_us(region)
        if us:
            colour, pattern = US_COLOUR, ""
        elif region == "Other regions":
            colour, pattern = GREY, "."
        else:
            colour, pattern = palette[others % len(palette)], PATTERNS[others % len(PATTERNS)]
            others += 1
        label = region_label(region) if region != "Other regions" else "Other"
        inside = "white" if colour in DARK_FILLS else "#111"
        fig.add_trace(
            go.Bar(
                y=part["segment"].map(_wrap_label),
                x=part["share_pct"],
                orientation="h",
                name="United States" if us else region,
                text=[f"{label} {_fmt(v)}%" for v in part["share_pct"]],
                textposition="inside" if stacked else "outside",
                insidetextanchor="middle",
                textfont={"size": 15 if us else 13, "color": inside if stacked else "#111"},
                marker={"color": colour, "pattern": _pattern(pattern), "line": {"color": "white", "width": 1}},
                hovertemplate=f"%{{y}}<br>{region}: %{{x:g}}%<extra></extra>",
            )
        )
    n = len(order)
    per_row = 34 if stacked else 30 * max(len(chart_regions), 1)
    height = 170 + max(per_row * n, 60) + (60 if stacked else 0)
    fig.update_layout(barmode=mode, uniformtext={"minsize": 11, "mode": "hide"}, bargap=0.25)
    fig.update_yaxes(
        categoryorder="array", categoryarray=[_wrap_label(s) for s in order], autorange="reversed", automargin=True
    )
    fig.update_xaxes(range=[0, 100 if stacked else 112], title="Share (%)", gridcolor="#ddd", dtick=25)
    _layout(fig, title, height)
    if stacked:
        # Many regions: the legend goes under the axis title so it cannot collide with the chart title.
        fig.update_layout(margin={"t": 60, "b": 120})
        fig.update_layout(
            legend={"orientation": "h", "yanchor": "top", "y": -75 / (height - 180), "x": 0, "traceorder": "normal"}
        )
    else:
        fig.update_layout(margin={"t": 95}, legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0})

    table = df.assign(
        Stage=df["stage"].map(STAGE_LABELS).fillna(df["stage"]),
        _seg=df["segment"].map({s: i for i, s in enumerate(order)}),
        _us=~df["region"].map(is_us),
    ).sort_values(["_seg", "_us", "share_pct"], ascending=[True, True, False])
    table = table.rename(
        columns={"segment": "Segment", "region": "Region", "share_pct": "Share (%)", "year": "Year",
                 "source_ids": "Sources"}
    )[table_cols].reset_index(drop=True)  # fmt: skip
    return fig, table


def us_majority(shares: pd.DataFrame, threshold: float = 50) -> tuple[go.Figure, pd.DataFrame]:
    """The inputs where U.S.-headquartered firms hold at least ``threshold`` % of the market (market-share rows)."""
    title = f"Inputs where U.S. firms hold ≥{threshold:g}%"
    cols = ["Input", "Stage", "U.S. share (%)", "Next largest", "Year", "Sources"]
    ms = shares[shares["measure"] == "market-share"] if len(shares) else shares
    us = ms[ms["region"].map(is_us) & (ms["share_pct"] >= threshold)] if len(ms) else ms
    if us.empty:
        return empty_figure(title), pd.DataFrame(columns=cols)
    us = us.sort_values(["share_pct", "segment"], ascending=[False, True])
    rest = ms[~ms["region"].map(is_us)].sort_values("share_pct", ascending=False).groupby("segment").first()
    nxt = [
        f"{rest.loc[s, 'region']} {_fmt(rest.loc[s, 'share_pct'])}%" if s in rest.index else "none listed"
        for s in us["segment"]
    ]
    fig = go.Figure(
        go.Bar(
            y=us["segment"].map(_wrap_label),
            x=us["share_pct"],
            orientation="h",
            name="United States",
            text=[f"U.S. {_fmt(v)}%" for v in us["share_pct"]],
            textposition="inside",
            insidetextanchor="end",
            textfont={"size": 15, "color": "white"},
            marker={"color": US_COLOUR},
            customdata=[[n] for n in nxt],
            hovertemplate="%{y}<br>U.S. firms: %{x:g}%<br>Next largest: %{customdata[0]}<extra></extra>",
        )
    )
    fig.add_vline(x=threshold, line={"dash": "dash", "color": "#444", "width": 1.5})
    fig.add_annotation(
        x=threshold, y=1, xref="x", yref="paper", yanchor="bottom", showarrow=False,
        text=f"{threshold:g}%", font={"size": 13, "color": "#444"},
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(range=[0, 100], title="U.S. share of the market (%)", gridcolor="#ddd", dtick=25)
    fig.update_layout(showlegend=False, bargap=0.25)
    _layout(fig, f"{title}, {year_span(us['year'])}", 130 + 34 * len(us))
    table = pd.DataFrame(
        {
            "Input": us["segment"].to_numpy(),
            "Stage": us["stage"].map(STAGE_LABELS).fillna(us["stage"]).to_numpy(),
            "U.S. share (%)": us["share_pct"].to_numpy(),
            "Next largest": nxt,
            "Year": us["year"].to_numpy(),
            "Sources": us["source_ids"].to_numpy(),
        }
    )
    return fig, table


def _indicator(china: pd.DataFrame, name: str) -> pd.DataFrame:
    if china.empty:
        return china
    return china[china["indicator"] == name].sort_values("year").reset_index(drop=True)


def china_imports(china: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """Bars of China's integrated-circuit imports (US$ billion, customs basis) by year."""
    title = "China's chip imports, US$ bn"
    cols = ["Year", "Imports (US$ bn)", "Note", "Sources"]
    imp = _indicator(china, "ic-imports-usd-bn")
    if imp.empty:
        return empty_figure(title), pd.DataFrame(columns=cols)
    years = imp["year"].astype(int).astype(str)
    fig = go.Figure(
        go.Bar(
            x=years,
            y=imp["value"],
            name="IC imports",
            text=[f"${_fmt(v)}bn" for v in imp["value"]],
            textposition="outside",
            textfont={"size": 16},
            marker={"color": OKABE_ITO[5], "pattern": _pattern("/")},
            hovertemplate="%{x}: US$%{y:g} billion<extra></extra>",
        )
    )
    fig.update_xaxes(type="category", title="Year")
    fig.update_yaxes(range=[0, float(imp["value"].max()) * 1.2], title="US$ billion", gridcolor="#ddd")
    fig.update_layout(showlegend=False, bargap=0.35)
    _layout(fig, title, 420)
    table = pd.DataFrame(
        {"Year": imp["year"], "Imports (US$ bn)": imp["value"], "Note": imp["note"], "Sources": imp["source_ids"]}
    )
    return fig, table


def _text_positions(years: list[int]) -> list[str]:
    """Spread the labels of neighbouring points left and right so they do not overlap."""
    out = []
    for i, y in enumerate(years):
        near_next = i + 1 < len(years) and years[i + 1] - y <= 2
        near_prev = i > 0 and y - years[i - 1] <= 2
        out.append("top left" if near_next else "top right" if near_prev else "top center")
    return out


def _is_forecast(note) -> bool:
    return "forecast" in str(note).lower()


def self_sufficiency(china: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """China-located IC production as a share of China's IC market, by year, against the Made in China 2025 targets.

    Observed values are a solid line with filled circles; forecasts a dashed line with open circles; the share made
    by China-headquartered firms a dotted line with squares; the targets are stars.
    """
    title = "Chip self-sufficiency vs targets (%)"
    cols = ["Series", "Year", "Value (%)", "Note", "Sources"]
    names = ["self-sufficiency-pct", "china-hq-share-pct", "target-self-sufficiency-pct"]
    rows = china[china["indicator"].isin(names)] if len(china) else china
    if rows.empty:
        return empty_figure(title), pd.DataFrame(columns=cols)
    ss = _indicator(china, "self-sufficiency-pct")
    actual = ss[~ss["note"].map(_is_forecast)]
    forecast = ss[ss["note"].map(_is_forecast)]
    hq = _indicator(china, "china-hq-share-pct")
    target = _indicator(china, "target-self-sufficiency-pct")
    fig = go.Figure()
    label = "China-located production"
    if len(actual):
        ys = actual["year"].astype(int).tolist()
        fig.add_trace(
            go.Scatter(
                x=ys, y=actual["value"], name=label, mode="lines+markers+text",
                line={"color": OKABE_ITO[0], "width": 3}, marker={"size": 11, "symbol": "circle"},
                text=[f"{_fmt(v)}%" for v in actual["value"]], textposition=_text_positions(ys),
                textfont={"size": 14, "color": OKABE_ITO[0]},
                hovertemplate="%{x}: %{y:g}% of China's IC market made in China<extra></extra>",
            )
        )  # fmt: skip
    if len(forecast):
        lead = actual.tail(1)
        fx = lead["year"].astype(int).tolist() + forecast["year"].astype(int).tolist()
        fy = lead["value"].tolist() + forecast["value"].tolist()
        text = [""] * len(lead) + [f"{_fmt(v)}%<br>(forecast)" for v in forecast["value"]]
        fig.add_trace(
            go.Scatter(
                x=fx, y=fy, name=f"{label}: forecast", mode="lines+markers+text",
                line={"color": OKABE_ITO[0], "width": 3, "dash": "dash"},
                marker={"size": [0] * len(lead) + [12] * len(forecast), "symbol": "circle-open",
                        "line": {"width": 3}},
                text=text, textposition="bottom left", textfont={"size": 14, "color": OKABE_ITO[0]},
                hovertemplate="%{x}: %{y:g}% (forecast)<extra></extra>",
            )
        )  # fmt: skip
    if len(hq):
        ys = hq["year"].astype(int).tolist()
        fig.add_trace(
            go.Scatter(
                x=ys, y=hq["value"], name="Made by China-headquartered firms", mode="lines+markers+text",
                line={"color": OKABE_ITO[2], "width": 2.5, "dash": "dot"},
                marker={"size": 10, "symbol": "square"},
                text=[f"{_fmt(v)}%" for v in hq["value"]],
                textposition=[p.replace("top", "bottom") for p in _text_positions(ys)],
                textfont={"size": 14, "color": "#00684c"},
                hovertemplate="%{x}: %{y:g}% made by China-headquartered firms<extra></extra>",
            )
        )  # fmt: skip
    if len(target):
        fig.add_trace(
            go.Scatter(
                x=target["year"].astype(int), y=target["value"], name="Made in China 2025 target",
                mode="markers+text", marker={"size": 20, "symbol": "star", "color": OKABE_ITO[5],
                                             "line": {"color": "#222", "width": 1}},
                text=[f"target {_fmt(v)}%" for v in target["value"]], textposition="middle left",
                textfont={"size": 14, "color": "#8a3b00"},
                hovertemplate="%{x} target: %{y:g}%<extra></extra>",
            )
        )  # fmt: skip
    top = float(rows["value"].max())
    years = rows["year"].astype(int)
    fig.update_yaxes(range=[0, max(top * 1.2, 25)], title="Per cent of China's IC market", gridcolor="#ddd")
    fig.update_xaxes(
        range=[int(years.min()) - 1.5, int(years.max()) + 1.5], title="Year", dtick=5 if years.max() - years.min() > 8
        else 1, gridcolor="#eee",
    )  # fmt: skip
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0})
    _layout(fig, title, 480)
    fig.update_layout(margin={"b": 40})
    series = {
        "self-sufficiency-pct": "China-located production",
        "china-hq-share-pct": "China-headquartered firms",
        "target-self-sufficiency-pct": "Made in China 2025 target",
    }
    table = rows.assign(Series=rows["indicator"].map(series)).sort_values(["Series", "year"])
    table = table.assign(
        Series=table["Series"].where(~table["note"].map(_is_forecast), table["Series"] + " (forecast)")
    )
    table = table.rename(columns={"year": "Year", "value": "Value (%)", "note": "Note", "source_ids": "Sources"})
    return fig, table[cols].reset_index(drop=True)


def supplier_sankey(inputs: pd.DataFrame, names: dict[str, str] | None = None) -> tuple[go.Figure, pd.DataFrame]:
    """Sankey: U.S. supplier → component → listed company, one unit of flow per reported input.

    Node labels carry the names; the link hover gives the companies or suppliers behind a flow, with the year and
    hedge of each report.
    """
    names = names or {}
    title = "Reported U.S. inputs to listed firms"
    cols = ["Company", "Supplier", "Component", "How the source put it", "Year", "Sources"]
    if inputs.empty:
        return empty_figure(title), pd.DataFrame(columns=cols)
    df = inputs.sort_values(["entity_id", "year", "supplier"]).copy()
    df["company"] = df["entity_id"].map(lambda e: names.get(e, e))
    df["supplier_label"] = df["supplier"].map(lambda s: "Unnamed U.S. supplier" if s.lower() == "unnamed" else s)
    suppliers = list(dict.fromkeys(df["supplier_label"]))
    components = list(dict.fromkeys(df["component"]))
    companies = list(dict.fromkeys(df["company"]))
    labels = suppliers + components + companies
    index = {("s", v): i for i, v in enumerate(suppliers)}
    index |= {("c", v): len(suppliers) + i for i, v in enumerate(components)}
    index |= {("e", v): len(suppliers) + len(components) + i for i, v in enumerate(companies)}
    colours = [US_COLOUR] * len(suppliers) + [OKABE_ITO[1]] * len(components) + [OKABE_ITO[5]] * len(companies)

    def _note(row) -> str:
        return f"{row.company if row.who == 'company' else row.supplier_label} ({row.year}, {HEDGE_WORDS[row.hedge]})"

    src, tgt, val, hover, link_colours = [], [], [], [], []
    first = df.assign(who="company").groupby(["supplier_label", "component"], sort=False)
    for (sup, comp), g in first:
        src.append(index[("s", sup)])
        tgt.append(index[("c", comp)])
        val.append(len(g))
        hover.append("<br>".join(_note(r) for r in g.itertuples()))
        link_colours.append("rgba(0,114,178,0.30)")
    second = df.assign(who="supplier").groupby(["component", "company"], sort=False)
    for (comp, company), g in second:
        src.append(index[("c", comp)])
        tgt.append(index[("e", company)])
        val.append(len(g))
        hover.append("<br>".join(_note(r) for r in g.itertuples()))
        link_colours.append("rgba(213,94,0,0.30)")
    fig = go.Figure(
        go.Sankey(
            arrangement="fixed",
            node={
                "label": [_wrap(v, 28) for v in labels],
                "color": colours,
                "pad": 22,
                "thickness": 18,
                "line": {"color": "#333", "width": 0.5},
                "hovertemplate": "%{label}<br>%{value} reported input(s)<extra></extra>",
            },
            link={
                "source": src,
                "target": tgt,
                "value": val,
                "color": link_colours,
                "customdata": hover,
                "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata}<extra></extra>",
            },
            textfont={"size": 14, "color": "#111"},
        )
    )
    fig.add_annotation(text="U.S. supplier", x=0, y=1.0, xref="paper", yref="paper", yanchor="bottom",
                       showarrow=False, font={"size": 14, "color": "#444"})  # fmt: skip
    fig.add_annotation(text="Component", x=0.5, y=1.0, xref="paper", yref="paper", yanchor="bottom",
                       showarrow=False, font={"size": 14, "color": "#444"})  # fmt: skip
    fig.add_annotation(text="Listed company", x=1, y=1.0, xref="paper", yref="paper", yanchor="bottom",
                       xanchor="right", showarrow=False, font={"size": 14, "color": "#444"})  # fmt: skip
    _layout(fig, title, max(360, 58 * max(len(suppliers), len(components), len(companies)) + 140))
    fig.update_layout(margin={"t": 90})
    table = pd.DataFrame(
        {
            "Company": df["company"].to_numpy(),
            "Supplier": df["supplier_label"].to_numpy(),
            "Component": df["component"].to_numpy(),
            "How the source put it": df["hedge"].map(HEDGE_WORDS).fillna(df["hedge"]).to_numpy(),
            "Year": df["year"].to_numpy(),
            "Sources": df["source_ids"].to_numpy(),
        }
    )
    return fig, table


def later_rules(
    events: pd.DataFrame, categories: tuple[str, ...] = ("chips", "entity-list"), listed_on: str | None = "2019-10-09"
) -> tuple[go.Figure, pd.DataFrame]:
    """A dated timeline of the later chip rules and Entity List actions: one row per event, marker by category.

    ``listed_on`` draws a dashed reference line at the October 2019 listing.
    """
    title = "Later chip rules and listings"
    cols = ["Date", "Kind", "Event", "What happened", "Sources"]
    ev = events[events["category"].isin(categories)] if len(events) else events
    if ev.empty:
        return empty_figure(title), pd.DataFrame(columns=cols)
    ev = ev.sort_values("date").reset_index(drop=True)
    fmt = {"day": "{d.day} {d:%b %Y}", "month": "{d:%b %Y}", "year": "{d:%Y}"}
    when = [fmt.get(p, fmt["day"]).format(d=d) for d, p in zip(ev["date"], ev["date_precision"], strict=True)]
    ev["row"] = [_wrap(f"{t} ({w})", 36) for t, w in zip(ev["title"], when, strict=True)]
    # Identical labels would merge into one row; keep each event on its own row.
    ev["row"] = [r + "\u200b" * i if list(ev["row"]).count(r) > 1 else r for i, r in enumerate(ev["row"])]
    symbols = {"chips": "diamond", "entity-list": "circle"}
    colours = {"chips": OKABE_ITO[5], "entity-list": OKABE_ITO[0]}
    fig = go.Figure()
    for i, cat in enumerate(c for c in categories if c in set(ev["category"])):
        part = ev[ev["category"] == cat]
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["row"],
                mode="markers",
                name=EVENT_LABELS.get(cat, cat),
                marker={"size": 16, "symbol": symbols.get(cat, "square"), "color": colours.get(cat, OKABE_ITO[2 + i]),
                        "line": {"width": 1, "color": "#222"}},
                customdata=[[EVENT_LABELS.get(cat, cat), w] for w in [when[j] for j in part.index]],
                hovertemplate="%{customdata[1]}<br>%{customdata[0]}<extra></extra>",
            )
        )  # fmt: skip
    fig.update_yaxes(categoryorder="array", categoryarray=ev["row"].tolist(), autorange="reversed", automargin=True,
                     gridcolor="#eee", showgrid=True, tickfont={"size": 14})  # fmt: skip
    start, end = ev["date"].min(), ev["date"].max()
    if listed_on:
        ref = pd.Timestamp(listed_on)
        start = min(start, ref)
        fig.add_shape(type="line", x0=ref, x1=ref, y0=0, y1=1, xref="x", yref="paper",
                      line={"dash": "dash", "color": "#444", "width": 1.5})  # fmt: skip
        # Bottom left of the plot is free: events are sorted by date, so the latest sit at the bottom right.
        fig.add_annotation(x=ref, y=0, xref="x", yref="paper", yanchor="bottom", xanchor="left", xshift=4,
                           showarrow=False, text=f"The listing, {ref.day} {ref:%b %Y}",
                           font={"size": 13, "color": "#444"}, bgcolor="rgba(255,255,255,0.85)")  # fmt: skip
    pad = max((end - start) * 0.05, pd.Timedelta(days=120))
    fig.update_xaxes(range=[start - pad, end + pad], gridcolor="#ddd", title="Date", dtick="M12", tickformat="%Y")
    fig.update_layout(legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0})
    _layout(fig, title, 170 + 48 * len(ev))
    fig.update_layout(margin={"t": 100})
    table = pd.DataFrame(
        {
            "Date": when,
            "Kind": ev["category"].map(lambda c: EVENT_LABELS.get(c, c)),
            "Event": ev["title"],
            "What happened": ev["description"],
            "Sources": ev["source_ids"],
        }
    )
    return fig, table


def company_inputs_table(inputs: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One company's reported U.S. inputs as a reader's table, sources named by publisher and year."""
    pubs = sources.set_index("source_id") if len(sources) else pd.DataFrame(columns=["publisher", "date"])

    def _names(ids: str) -> str:
        out = []
        for sid in str(ids).split(";"):
            if sid in pubs.index:
                out.append(f"{pubs.loc[sid, 'publisher']} ({pubs.loc[sid, 'date']:%Y})")
            elif sid:
                out.append(sid)
        return "; ".join(out)

    df = inputs.sort_values(["year", "supplier"]) if len(inputs) else inputs
    return pd.DataFrame(
        {
            "Supplier": df["supplier"].map(lambda s: "Unnamed U.S. supplier" if str(s).lower() == "unnamed" else s),
            "Component": df["component"],
            "How the source put it": df["hedge"].map(HEDGE_WORDS).fillna(df["hedge"]),
            "Statement": df["statement"],
            "Year": df["year"],
            "Sources": df["source_ids"].map(_names),
        }
    ).reset_index(drop=True)
