"""Chokepoints: where the U.S. holds the chip supply chain, China's dependence, the listed companies, what came after.

URL: ``?company=<entity id>`` focuses the company tables on one of the eight listed companies.
"""

import pandas as pd
import streamlit as st

from components import chip_charts as cc
from components.ui import cached, dataset, lazy_expander, md_escape, notices, source_line
from listed.queries import page_text, valid_entity_id

PAGE = "chokepoints"
CONFIG = {"displayModeBar": False}
KNOWN_PARAMS = {"company", "embed", "embed_options"}

ds = dataset()
ents = ds.entities
companies = ents[ents["kind"] == "company"].sort_values("common_name", key=lambda s: s.str.lower())
names = ds.names
company_ids = companies["entity_id"].tolist()


def chart(
    fig, table: pd.DataFrame, key: str, caption: str, rows: pd.DataFrame, years, period: str = "Figures for", extra=""
) -> None:
    """A chart with its plain-words caption, a source line naming the year of the figures, and a table view."""
    st.plotly_chart(fig, key=f"chk_{key}", config=CONFIG)
    st.caption(caption)
    ids = cc.source_ids(rows)
    span = cc.year_span(years)
    if ids:
        source_line(ds, ids, f"{period} {span}{extra}. Sources" if span else "Sources")
    with lazy_expander("Table view of this chart", f"chk_{key}_table") as shown:
        if shown and table.empty:
            st.write("The dataset has no rows for this chart.")
        elif shown:
            st.table(table, hide_index=True)


# URL state: ?company= names one of the eight companies; anything else is ignored with a notice.
url = st.query_params.to_dict()
messages = []
raw = url.get("company")
focus = None
if raw is not None and raw != "":
    eid = valid_entity_id(ds, raw)
    if eid in company_ids:
        focus = eid
    else:
        messages.append("The company in the link is not one of the eight listed companies, so all are shown.")
unknown = sorted(k for k in url if k not in KNOWN_PARAMS)
if unknown:
    messages.append(f"Ignored {len(unknown)} unknown URL parameter(s); this page understands only 'company'.")
want = {"company": focus} if focus else {}
if st.session_state.get("chk_synced") != want:
    st.session_state["chk_company"] = focus or ""
    st.session_state["chk_synced"] = want
if messages:
    notices(messages)
    st.query_params.from_dict(want)

st.title("Chokepoints: the chips behind the listing")
st.write(page_text(ds, PAGE, "intro"))

# ---------------------------------------------------------------- where the chokepoints are
st.header("Where the chokepoints are")
st.write(page_text(ds, PAGE, "where-intro"))
shares = ds.chip_shares
va = shares[shares["measure"] == "value-added"]
ms = shares[shares["measure"] == "market-share"]

fig, table = cached(cc.region_shares, shares, "value-added")
chart(
    fig, table, "value_added",
    page_text(ds, PAGE, "value-added-caption"),
    va, va["year"],
)  # fmt: skip

fig, table = cached(cc.us_majority, shares)
chart(
    fig, table, "us_majority",
    page_text(ds, PAGE, "us-majority-caption"),
    ms[ms["region"].map(cc.is_us) & (ms["share_pct"] >= 50)], ms["year"],
)  # fmt: skip

fig, table = cached(cc.region_shares, shares, "market-share")
chart(
    fig, table, "market_share",
    page_text(ds, PAGE, "market-share-caption"),
    ms, ms["year"],
)  # fmt: skip

# ---------------------------------------------------------------- China's dependence
st.header("China's dependence")
china = ds.china_chips
# Stacked, not side by side: each chart and its table view get the full width (a narrow table scrolls).
fig, table = cached(cc.china_imports, china)
imp = china[china["indicator"] == "ic-imports-usd-bn"]
chart(
    fig, table, "imports",
    page_text(ds, PAGE, "imports-caption"),
    imp, imp["year"],
)  # fmt: skip
fig, table = cached(cc.self_sufficiency, china)
ss = china[china["indicator"].isin(["self-sufficiency-pct", "china-hq-share-pct", "target-self-sufficiency-pct"])]
observed = ss[ss["indicator"] != "target-self-sufficiency-pct"]
forecast = observed[observed["note"].str.contains("forecast", case=False)]
measured = observed.drop(forecast.index)
chart(
    fig, table, "self_sufficiency",
    page_text(ds, PAGE, "self-sufficiency-caption"),
    ss, measured["year"], extra=f", with a forecast for {cc.year_span(forecast['year'])}" if len(forecast) else "",
)  # fmt: skip

# ---------------------------------------------------------------- the listed companies
st.header("The listed companies")
st.write(page_text(ds, PAGE, "companies-intro"))
inputs = ds.company_inputs
responses = ds.company_responses
fig, table = cached(cc.supplier_sankey, inputs, names)
chart(
    fig, table, "sankey",
    page_text(ds, PAGE, "sankey-caption"),
    inputs, inputs["year"], "Reports from",
)  # fmt: skip

st.subheader("Company by company")
st.selectbox(
    "Company",
    ["", *company_ids],
    format_func=lambda e: "All eight companies" if e == "" else names[e],
    key="chk_company",
)
chosen = st.session_state["chk_company"] or None
want = {"company": chosen} if chosen else {}
if want != st.session_state.get("chk_synced"):
    st.query_params.from_dict(want)
    st.session_state["chk_synced"] = want

shown = [chosen] if chosen else company_ids
if not chosen:
    st.caption("Open a company to read what was reported, with its sources, or pick one above to link to it.")
silent = []
for eid in shown:
    rows = inputs[inputs["entity_id"] == eid]
    said = responses[responses["entity_id"] == eid].sort_values("date")
    if rows.empty and said.empty and not chosen:
        silent.append(names[eid])
        continue
    counts = [
        f"{len(rows)} reported U.S. input{'s' if len(rows) != 1 else ''}" if len(rows) else "no sourced U.S. input",
        f"{len(said)} statement{'s' if len(said) != 1 else ''}" if len(said) else "no statement",
    ]
    # Collapsed in the overview, open when the link or the select box names the company; built only when open.
    with lazy_expander(
        f"**{md_escape(names[eid])}** · " + " · ".join(counts), f"chk_co_{eid}", chosen == eid
    ) as is_open:
        if is_open:
            st.page_link("views/entity.py", label=f"Profile of {names[eid]} →", query_params={"id": eid})
            st.markdown("**U.S. inputs it was reported to rely on**")
            if rows.empty:
                st.write("No source we could check named a U.S. supplier or component for this company.")
            else:
                # A static table wraps the statements, which are the point here; a grid would cut them off.
                st.table(cc.company_inputs_table(rows, ds.sources), hide_index=True)
                source_line(ds, cc.source_ids(rows), f"Reports from {cc.year_span(rows['year'])}. Sources")
            st.markdown("**What it said and did**")
            if said.empty:
                st.write("No statement by the company on the impact was found in the sources checked.")
            for r in said.itertuples():
                st.markdown(f"**{cc.ACTION_WORDS[r.action]}** · {r.date:%d %b %Y}  \n{md_escape(r.statement)}")
                source_line(ds, r.source_ids)
if silent:
    st.caption(
        "No sourced U.S. input or company response was found for: " + ", ".join(md_escape(n) for n in silent) + "."
    )

# ---------------------------------------------------------------- what changed after
st.header("What changed after")
events = ds.events
later = events[events["category"].isin(["chips", "entity-list"])]
fig, table = cached(cc.later_rules, events)
chart(
    fig, table, "timeline",
    page_text(ds, PAGE, "timeline-caption"),
    later, later["date"].dt.year, "Events of",
)  # fmt: skip

# ---------------------------------------------------------------- caveats
st.header("Caveats")


def _us_share(df: pd.DataFrame, segment: str) -> str | None:
    hit = df[(df["segment"] == segment) & df["region"].map(cc.is_us)]
    return f"{hit['share_pct'].iloc[0]:g}%" if len(hit) else None


eda_ms, eda_va = _us_share(ms, "EDA software"), _us_share(va, "EDA and core IP")
example = " " + page_text(ds, PAGE, "caveats-example", eda_ms=eda_ms, eda_va=eda_va) if eda_ms and eda_va else ""
st.markdown(page_text(ds, PAGE, "caveats", example=example))
