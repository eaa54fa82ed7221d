"""Chokepoints: where the U.S. holds the chip supply chain, China's dependence, the listed companies, what came after.

URL: ``?company=<entity id>`` focuses the company tables on one of the eight listed companies.
"""

import pandas as pd
import streamlit as st

from components import chip_charts as cc
from components.ui import cached, dataset, lazy_expander, md_escape, notices, source_line
from listed.queries import valid_entity_id

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
st.write(
    "An Entity List listing bites hardest where the listed firms depend on U.S. technology. In 2019 reporting "
    "said the listed surveillance and AI companies used chips, servers and software from U.S. firms, and U.S. "
    "firms dominated several steps of making chips. This page shows where that dominance lay, how much "
    "China relied on imported chips, what the listed companies were reported to buy, and what changed later."
)

# ---------------------------------------------------------------- where the chokepoints are
st.header("Where the chokepoints are")
st.write(
    "Two different measures, shown separately. **Value added** asks which region's firms earn the value created at "
    "each step of the chip supply chain. **Market share** asks whose firms sell a specific tool, material or piece "
    "of software, by the country where the producer has its headquarters."
)
shares = ds.chip_shares
va = shares[shares["measure"] == "value-added"]
ms = shares[shares["measure"] == "market-share"]

fig, table = cached(cc.region_shares, shares, "value-added")
chart(
    fig, table, "value_added",
    "Each bar is one region's share of the value added in a segment of the chip industry. The U.S. bars are blue "
    "and labelled. Only the regions the source gives are shown, so the bars of a segment need not add to 100%.",
    va, va["year"],
)  # fmt: skip

fig, table = cached(cc.us_majority, shares)
chart(
    fig, table, "us_majority",
    "The tools, software and materials for advanced logic chips where U.S.-headquartered firms sold at least half "
    "of the world market, largest U.S. share first. Hover over a bar, or open the table, for the next-largest "
    "country.",
    ms[ms["region"].map(cc.is_us) & (ms["share_pct"] >= 50)], ms["year"],
)  # fmt: skip

fig, table = cached(cc.region_shares, shares, "market-share")
chart(
    fig, table, "market_share",
    "The whole picture for advanced logic chips: each bar splits one input's world market by where the producers "
    "have their headquarters. The U.S. is the first, blue part of each bar. Other countries dominate some inputs, "
    "such as the Netherlands in lithography scanners and Japan in silicon wafers. Small shares are labelled only in "
    "the table.",
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
    "What China paid for imported integrated circuits each year, by customs records; in 2019 and 2020 that was "
    "more than it spent on imported crude oil. Many of these chips leave again inside phones and computers "
    "made in China, so imports are larger than China's own use.",
    imp, imp["year"],
)  # fmt: skip
fig, table = cached(cc.self_sufficiency, china)
ss = china[china["indicator"].isin(["self-sufficiency-pct", "china-hq-share-pct", "target-self-sufficiency-pct"])]
observed = ss[ss["indicator"] != "target-self-sufficiency-pct"]
forecast = observed[observed["note"].str.contains("forecast", case=False)]
measured = observed.drop(forecast.index)
chart(
    fig, table, "self_sufficiency",
    "The solid blue line is the share of the chips China uses that were made in China, by any firm; the green "
    "dotted line is the part made by Chinese-headquartered firms. The dashed part is a forecast, not a "
    "measurement. The stars are the targets China set in 2015 in its Made in China 2025 plan.",
    ss, measured["year"], extra=f", with a forecast for {cc.year_span(forecast['year'])}" if len(forecast) else "",
)  # fmt: skip

# ---------------------------------------------------------------- the listed companies
st.header("The listed companies")
st.write(
    "What reporting at the time said each of the eight listed companies bought from U.S. firms, what the company "
    "said about the impact, and what it did. None of them disclosed what share of its parts came from the U.S."
)
inputs = ds.company_inputs
responses = ds.company_responses
fig, table = cached(cc.supplier_sankey, inputs, names)
chart(
    fig, table, "sankey",
    "Read from left to right: a U.S. supplier, what it was reported to supply, and the listed company that was "
    "reported to use it. The width of a band is the number of reports, not the value of the trade. Hover over a "
    "band for the year of each report and how the source put it.",
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
    "Each row is one later U.S. action from the dataset, in date order: diamonds are rules on chip exports, circles "
    "are further Entity List actions. The 2022 and 2023 chip rules applied to China as a whole, not only to listed "
    "firms.",
    later, later["date"].dt.year, "Events of",
)  # fmt: skip

# ---------------------------------------------------------------- caveats
st.header("Caveats")


def _us_share(df: pd.DataFrame, segment: str) -> str | None:
    hit = df[(df["segment"] == segment) & df["region"].map(cc.is_us)]
    return f"{hit['share_pct'].iloc[0]:g}%" if len(hit) else None


eda_ms, eda_va = _us_share(ms, "EDA software"), _us_share(va, "EDA and core IP")
example = (
    f" (design software is {eda_ms} U.S. by market share, but design software and core IP together are {eda_va} "
    "U.S. by value added)"
    if eda_ms and eda_va
    else ""
)
st.markdown(
    "- **Value added is not market share.** The value-added figures estimate which region's firms capture the "
    "value created at each step; the market-share figures count sales of a specific input for advanced logic chips, "
    f"by the producer's headquarters. The two give different numbers for the same thing{example}, so they are "
    "never mixed in one chart.\n"
    "- **Where the value-added figures come from.** The dataset has only the U.S. and China shares of three "
    "segments, as relayed by a press analysis of a Wall Street Journal study. They are treated as SIA/BCG's "
    "estimates for 2019 because they match them, but the article does not name that study, and the full table by "
    "region could not be checked against the original.\n"
    "- **Headquarters, not factories.** Market shares count firms by where they are headquartered, not where they "
    "make things. A U.S. firm's tool made in Asia counts as U.S.\n"
    "- **Gross imports.** Customs import figures include chips that are assembled into phones and computers in "
    "China and exported again, so they overstate what China itself uses.\n"
    "- **Self-sufficiency has several meanings.** Here it is chips made in China, by any firm, as a share of "
    "China's chip market (IC Insights). Chips made by Chinese-headquartered firms were a much smaller share. "
    "The 2025 value is a forecast.\n"
    "- **Self-reported and second-hand.** What the companies said about the impact is their own account. Supplier "
    "links come from analysts and press reports, often hedged; the table says how each source put it.\n"
    "- **No company disclosed its U.S. share.** None of the eight said what share of its components came from U.S. "
    "suppliers; Hikvision declined when asked. The flow chart counts reports, not dollars.\n"
    "- **The later rules are broader.** The 2022 and 2023 chip controls covered China as a whole; the dataset does "
    "not show that any later rule named the eight companies specifically."
)
