"""Beyond China: where the AI Global Surveillance Index records Chinese suppliers, and reported deployments in
detail; filters by supplier, listed companies and country, all kept in the URL."""

import streamlit as st

from components import charts
from components.ui import cached, dataset, derived, lazy_expander, md_escape, notices, source_line, source_links
from listed import reach
from listed.queries import page_text

PAGE = "global"
ds = dataset()
# Built once per dataset and shared; each run only filters them.
options = derived(reach.supplier_options)
countries = derived(reach.country_options)
all_index = derived(reach.index_rows)
all_deployments = derived(reach.deployment_rows)
summary = derived(reach.index_summary)
# The named values the text "index-summary" (data/page_texts.csv) takes, read from the index summary.
SUMMARY_KEYS = ("countries", "china_ticked", "china_ticked_abroad", "china_ticked_abroad_bri", "huawei")
INDEX_SOURCES = ["carnegie-2019-aigs-index", "carnegie-2019-ai-surveillance-report"]


def _apply(view: reach.ReachView) -> None:
    st.session_state["glob_supplier"] = view.supplier or ""
    st.session_state["glob_listed"] = view.listed_only
    st.session_state["glob_country"] = view.country or ""


def _n(count: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {noun if count == 1 else plural}"


# The URL wins when it differs from the state this page last wrote (first visit, a shared link, back button).
url = st.query_params.to_dict()
if st.session_state.get("glob_synced") != url:
    parsed, messages = reach.parse_view(ds, url)
    _apply(parsed)
    notices(messages)

# A country picked on the map (last run) becomes the country filter, once per new pick.
picked = st.session_state.get("glob_map")
objs = (picked or {}).get("selection", {}).get("objects", {}).get("countries", []) if picked else []
pick = objs[0].get("properties", objs[0]).get("iso3") if objs else None
if pick != st.session_state.get("glob_map_applied"):
    st.session_state["glob_map_applied"] = pick
    if pick in countries:
        st.session_state["glob_country"] = pick

st.title("Beyond China")
st.write(page_text(ds, PAGE, "intro"))
st.markdown(
    "\n".join(
        f"- **{md_escape(f.figure)}** {md_escape(f.statement)}" if f.figure else f"- {md_escape(f.statement)}"
        for f in ds.aigs_findings[ds.aigs_findings["kind"] == "headline"].itertuples()
    )
)
source_line(ds, INDEX_SOURCES[1:])
caveats = ds.aigs_findings[ds.aigs_findings["kind"] == "caveat"]
st.markdown(
    "**What the index can and cannot show.** "
    + " ".join(md_escape(s) for s in caveats["statement"])
    + "  \n:small[Sources: "
    + source_links(ds, list(dict.fromkeys(s for ids in caveats["source_ids"] for s in ids.split(";"))))
    + "]"
)

c1, c2 = st.columns(2)
with c1:
    st.selectbox(
        "Supplier",
        ["", *options],
        format_func=lambda k: options.get(k, "All Chinese suppliers"),
        key="glob_supplier",
    )
with c2:
    st.selectbox(
        "Country", ["", *countries], format_func=lambda k: countries.get(k, "All countries"), key="glob_country"
    )
st.toggle("Only the listed companies (Hikvision, Dahua, Yitu, Megvii, SenseTime…)", key="glob_listed")

view = reach.ReachView(
    supplier=st.session_state["glob_supplier"] or None,
    listed_only=st.session_state["glob_listed"],
    country=st.session_state["glob_country"] or None,
)
params = view.to_params()
if params != url:
    st.query_params.from_dict(params)
st.session_state["glob_synced"] = params

index = reach.filter_rows(all_index, view)
deployments = reach.filter_rows(all_deployments, view)
# The map and the chart show every country for the supplier filters; the country filter narrows the tables.
wide = reach.filter_rows(all_index, reach.ReachView(supplier=view.supplier, listed_only=view.listed_only))

st.header("Where the index records Chinese suppliers")
st.write(page_text(ds, PAGE, "index-summary", **{k: summary[k] for k in SUMMARY_KEYS}))
counts = reach.country_counts(wide)
if wide.empty:
    st.warning("The index names no Chinese supplier matching these choices. Clear the filters to see all.")
else:
    who = options.get(view.supplier) or ("a listed company" if view.listed_only else "a Chinese supplier")
    st.subheader(f"{_n(len(counts), 'country')} where the index names {who}")
    st.image(
        cached(charts.world_map_svg, tuple(sorted(counts.items())), ("Chinese supplier", "Chinese suppliers")),
        alt=f"World map: the {len(counts)} countries where the index names {who}, shaded by the number of Chinese "
        "suppliers named; the counts are in the table view below.",
        width="stretch",
    )
    st.caption(page_text(ds, PAGE, "map-caption"))
    # The interactive map's code (about 3 MB) loads only when it is opened: the picture above is drawn on the server.
    with lazy_expander("Interactive map: zoom, hover for a country's count, select it", "glob_map_open") as shown:
        if shown:
            st.pydeck_chart(
                cached(charts.world_map, tuple(sorted(counts.items())), ("Chinese supplier", "Chinese suppliers")),
                key="glob_map",
                on_select="rerun",
                selection_mode="single-object",
                height=440,
            )
    with lazy_expander(
        "Table view of the map: countries by number of Chinese suppliers named", "glob_map_table"
    ) as shown:
        if shown:
            per = wide.groupby(["country", "country_iso3"])["supplier"].agg(lambda s: ", ".join(sorted(s)))
            st.dataframe(
                per.reset_index()
                .assign(n=lambda d: d["supplier"].str.count(",") + 1)
                .rename(columns={"country": "Country", "country_iso3": "ISO3", "supplier": "Suppliers", "n": "Number"})
                .sort_values(["Number", "Country"], ascending=[False, True]),
                hide_index=True,
                key="glob_map_df",
            )

    bars = reach.supplier_counts(wide)
    st.markdown("**Countries per Chinese supplier**")
    st.image(
        charts.supplier_bar_svg(bars),
        alt="Bar chart: number of countries outside China where the index names each Chinese supplier; "
        "the same figures are in the table view below.",
        width="stretch",
    )
    st.caption(page_text(ds, PAGE, "suppliers-caption"))
    source_line(ds, INDEX_SOURCES[:1])
    with lazy_expander("Table view of the chart", "glob_bars_table") as shown:
        if shown:
            st.dataframe(
                bars.assign(listed=bars["listed"].map({True: "Yes", False: "No"}))[
                    ["supplier", "listed", "countries"]
                ].rename(columns={"supplier": "Supplier", "listed": "Listed company", "countries": "Countries"}),
                hide_index=True,
                key="glob_bars_df",
            )

    where = f" in {countries[view.country]}" if view.country else ""
    st.subheader(f"{_n(len(index), 'country–supplier row')}{where}")
    if index.empty:
        st.info("The index names no Chinese supplier matching these choices in that country.")
    else:
        # Built when opened (open already when a country is chosen): 86 rows are a lot to send on every first visit.
        label = "Table of these rows: country, supplier, listed company or not, technologies"
        with lazy_expander(label, f"glob_rows_{view.country or 'all'}", expanded=bool(view.country)) as shown:
            if shown:
                # One country chosen: its name is in the heading, so the narrow phone table drops the column.
                cols = (
                    ["supplier", "listed", "technologies"]
                    if view.country
                    else ["country", "supplier", "listed", "technologies"]
                )
                st.dataframe(
                    index.assign(listed=index["listed"].map({True: "Yes", False: "No"}))[cols].rename(
                        columns={
                            "country": "Country",
                            "supplier": "Chinese supplier named",
                            "listed": "Listed company",
                            "technologies": "Technologies the index ticks",
                        }
                    ),
                    hide_index=True,
                    key="glob_index_df",
                )
    unclear = ds.suppliers.loc[ds.suppliers["origin"] == "unclear", "name"].tolist()
    st.caption(
        "Chinese suppliers only: companies this dataset identifies as Chinese from a source. The other companies the "
        "index names (from the U.S., Japan, Europe and elsewhere) are in the whole dataset on Sources & data"
        + (f"; {', '.join(unclear)} is left out because sources differ on where it is based." if unclear else ".")
    )
    aigs = ds.aigs_countries.set_index("country_iso3")
    if view.country in aigs.index:
        row = aigs.loc[view.country]
        st.caption(
            f"Key companies as printed in the index for {md_escape(row['country'])}: "
            f"{md_escape(row['companies_as_printed']) or 'none'}."
        )

st.header("Reported deployments in detail")
if deployments.empty:
    st.info("No reported deployment in detail matches these choices.")
else:
    st.write(
        f"{_n(len(deployments), 'reported deployment')} in {_n(deployments['country_iso3'].nunique(), 'country')}, "
        "each with the year of the report and the word its source used (reportedly, stated, according to, found)."
    )
    # A list rather than a table: the stories wrap on a phone, and each carries its own sources.
    st.markdown(
        "\n".join(
            f"- **{md_escape(r.country)}: {md_escape(r.supplier)}** ({r.year}, {r.hedge.replace('-', ' ')}). "
            f"{md_escape(r.what)}  \n  :small[Sources: {source_links(ds, r.source_ids.split(';'))}]"
            for r in deployments.itertuples()
        )
    )

st.subheader("Download the rows shown")
st.caption(
    "Both layers as they are filtered above, each row with its sources: CSV (one table, a 'layer' column) or JSON "
    "(full source records)."
)
slug = "-".join(f"{k}-{v}" for k, v in params.items()) or "all"
d1, d2 = st.columns(2)
d1.download_button(
    "Download as CSV (with sources)",
    lambda: reach.to_csv_bytes(reach.export_frame(ds, index, deployments)),
    file_name=f"listed-beyond-china-{slug[:60]}.csv",
    mime="text/csv",
    key="glob_csv",
    on_click="ignore",  # a download needs no rerun of the page
)
d2.download_button(
    "Download as JSON (with sources)",
    lambda: reach.export_json(ds, index, deployments, view),
    file_name=f"listed-beyond-china-{slug[:60]}.json",
    mime="application/json",
    key="glob_json",
    on_click="ignore",
)
st.caption(
    "A second reference, the Australian Strategic Policy Institute's China Tech Map (overseas presence of Chinese tech "
    "companies, with smart-city and surveillance categories), is not used here: its data could not be reached in the "
    "stored copies and public repositories this project works from, so only the index's figures are shown."
)
