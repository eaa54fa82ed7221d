"""Beyond China: where Chinese surveillance technology was reported deployed abroad, by supplier."""

import streamlit as st

from components import charts
from components.ui import cached, dataset, md_escape, notices, source_links

ds = dataset()
reach = ds.global_reach
names = ds.names

st.title("Beyond China")
st.write(
    "Chinese surveillance technology did not stay in Xinjiang. These are countries where sources reported deployments "
    "or deals by Chinese suppliers, the listed companies among them. It is a sample of reporting, not a census: a "
    "country that is not shaded may simply not be covered by the sources checked."
)

suppliers = sorted(reach["supplier"].unique())
wanted = st.query_params.get("supplier")
if wanted is not None and wanted not in suppliers:
    notices(["That link names no supplier in the dataset, so all suppliers are shown."])
    wanted = None
choice = st.multiselect("Supplier", suppliers, default=[wanted] if wanted else [], key="glob_supplier")
only_listed = st.toggle("Only the listed companies", key="glob_listed")
rows = reach[reach["supplier"].isin(choice)] if choice else reach
if only_listed:
    rows = rows[rows["supplier_entity_id"] != ""]

counts = rows.groupby("country_iso3").size().to_dict()
st.subheader(f"{len(rows)} reported deployments in {len(counts)} countries")
if rows.empty:
    st.warning("No reported deployment matches these choices. Clear the supplier filter to see all.")
else:
    st.pydeck_chart(cached(charts.world_map, tuple(sorted(counts.items()))), key="glob_map", height=460)
    st.caption(
        "Countries with at least one reported deployment are shaded; darker blue means more reports in the dataset. "
        "The number of reports is in the tooltip and in the table below. Outlines: Natural Earth (public domain)."
    )
    # A static table: the "what was reported" text wraps instead of being cut off in a grid, and a 20-row table
    # needs no sorting.
    table = rows.sort_values(["country", "supplier"])[["country", "supplier", "what", "year", "hedge"]]
    table = table.assign(hedge=table["hedge"].str.replace("-", " "))  # "according-to" reads "according to"
    st.table(
        table.rename(
            columns={
                "country": "Country",
                "supplier": "Supplier",
                "what": "What was reported",
                "year": "Year",
                "hedge": "Framing",
            }
        ),
        hide_index=True,
    )
    st.subheader("Sources by country")
    st.markdown(
        "\n".join(
            f"- **{md_escape(r.country)}, {md_escape(names.get(r.supplier_entity_id, r.supplier))}** ({r.year}): "
            + source_links(ds, r.source_ids.split(";"))
            for r in rows.sort_values(["country", "supplier"]).itertuples()
        )
    )
