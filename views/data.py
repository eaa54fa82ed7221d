"""Sources & data: methodology, limitations, the data dictionary, every source, downloads, licence, changelog."""

import streamlit as st

from components.ui import dataset, derived, lazy_expander, md_escape
from listed.package import data_dictionary, dataset_json, dataset_zip
from listed.queries import (
    PUBLISHER_KIND_ORDER,
    SOURCE_TABLE_COLUMNS,
    filter_sources,
    page_text,
    source_audit,
    sources_csv,
)

PAGE = "data"
ds = dataset()
meta = ds.metadata


st.title("Sources & data")
st.markdown(
    f"**Data as of {meta['data_as_of']}.** {md_escape(meta['description'])}  \n"
    f"Curation licensed under [{meta['license']['title']}]({meta['license']['url']}). The sources remain their "
    "publishers' own; follow the links to read them."
)

zipped, whole = derived(dataset_zip), derived(dataset_json)
d1, d2 = st.columns(2)
d1.download_button(
    "Download the dataset (CSV files, descriptor, metadata) as ZIP",
    zipped,
    file_name=f"listed-data-{meta['data_as_of']}.zip",
    mime="application/zip",
    key="data_zip",
)
d2.download_button(
    "Download the dataset as one JSON file",
    whole,
    file_name=f"listed-data-{meta['data_as_of']}.json",
    mime="application/json",
    key="data_json",
)

st.header("Methodology")
st.markdown(page_text(ds, PAGE, "methodology"))

st.header("Limitations")
basis = ds.entities["name_basis"].value_counts().to_dict()
st.markdown(page_text(ds, PAGE, "limitations", name_basis=", ".join(f"{k}: {v}" for k, v in basis.items())))

st.header("Data dictionary")
st.caption("Generated from the schema (data/datapackage.json) that the loader enforces.")
dictionary = data_dictionary(ds.descriptor)
resources = {r["name"]: r for r in ds.descriptor["resources"]}
st.table(
    [
        {"Table": r["title"], "File": r["path"], "Rows": len(ds.tables[name]), "What one row is": r["description"]}
        for name, r in resources.items()
    ],
    hide_index=True,
)
table = st.selectbox(
    "Fields of",
    list(resources),
    format_func=lambda n: f"{resources[n]['title']} ({resources[n]['path']})",
    key="data_dict_table",
)
st.table(dictionary[dictionary["table"] == resources[table]["path"]].drop(columns="table"), hide_index=True)

st.header("Sources")
audit = derived(source_audit)
st.markdown(
    page_text(
        ds,
        PAGE,
        "sources-summary",
        total=audit["total"],
        primary=audit["primary"],
        secondary=audit["secondary"],
        copies=audit["copies"],
        no_original=audit["no_original"],
        descriptive=audit["descriptive"],
        undated=audit["undated"],
    )
)
st.subheader("Sources by publisher kind")
st.caption(page_text(ds, PAGE, "publisher-kinds-caption"))
st.table(
    audit["by_kind"].rename(
        columns={
            "publisher kind": "Publisher kind",
            "sources": "Sources",
            "primary": "Primary",
            "copies": "Read via a copy",
        }
    ),
    hide_index=True,
)
st.subheader("Copies read, with their notes")
# Built when opened: the full list of sources below is the page's main table.
with lazy_expander(
    f"The {audit['copies']} copies read: original, copy and what the copy is", "data_copies_open"
) as shown:
    if shown:
        st.dataframe(
            audit["copy_table"],
            hide_index=True,
            column_config={
                "source_id": st.column_config.TextColumn("Source id"),
                "publisher": st.column_config.TextColumn("Publisher"),
                "title": st.column_config.TextColumn("Title"),
                "url": st.column_config.LinkColumn("Original"),
                "copy_url": st.column_config.LinkColumn("Copy read"),
                "copy_note": st.column_config.TextColumn("About the copy"),
            },
            key="data_copies",
        )
st.subheader("Every source")
f1, f2, f3 = st.columns([2, 2, 1])
q = f1.text_input("Filter sources", key="data_src_q", placeholder="publisher, title or id")
kinds = f2.multiselect(
    "Publisher kind", [k for k in PUBLISHER_KIND_ORDER if k in set(ds.sources["publisher_kind"])], key="data_src_kind"
)
status = f3.selectbox("Primary or secondary", ["all", "primary", "secondary"], key="data_src_primary")
c1, c2 = st.columns(2)
copies_only = c1.checkbox("Only sources read via a copy", key="data_src_copies")
descriptive_only = c2.checkbox("Only titles we wrote [in brackets]", key="data_src_desc")
src = filter_sources(
    ds,
    q,
    kinds,
    None if status == "all" else status == "primary",
    copies_only=copies_only,
    descriptive_only=descriptive_only,
)
st.caption(f"{len(src)} of {len(ds.sources)} sources")
st.dataframe(
    src,
    hide_index=True,
    column_config={
        **{k: st.column_config.TextColumn(v) for k, v in SOURCE_TABLE_COLUMNS.items()},
        "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
        "primary": st.column_config.CheckboxColumn("Primary"),
        "url": st.column_config.LinkColumn("Original"),
        "copy_url": st.column_config.LinkColumn("Copy read"),
        "cited_by": st.column_config.NumberColumn("Cited by (rows)"),
    },
    key="data_sources",
)
st.download_button(
    "Download these sources as CSV",
    sources_csv(src),
    file_name=f"listed-sources-{meta['data_as_of']}.csv",
    mime="text/csv",
    key="data_src_csv",
)

st.header("Changelog")
for c in meta["changelog"]:
    st.markdown(f"- **{c['date']}** (version {c['version']}): {md_escape(c['change'])}")

st.header("How to cite")
# A quoted paragraph rather than a code box: the box would load about 1.5 MB of highlighter code on every visit.
st.markdown(
    "> "
    + md_escape(
        f"Listed ({meta['data_as_of'][:4]}). {meta['title']}. Dataset and explainer, data as of "
        f"{meta['data_as_of']}. Licensed {meta['license']['name']}."
    )
)
st.caption("Each entity profile has its own citation in APA, Chicago and BibTeX styles.")

st.header("Corrections")
st.markdown(
    "Found an error or a better source? Report it through the project's issue tracker, naming the table, the row's "
    "id and the source that supports the correction. Corrections are made in the CSV files, checked by the loader "
    "and recorded in the changelog above; see `data/README.md` for how a row is added or corrected."
)

st.header("Accessibility")
st.markdown(
    "- Colours come from colour-blind-safe palettes (Okabe-Ito and a single-hue blue ramp), and nothing is shown by "
    "colour alone: charts also use shapes, patterns, dots or labels.\n"
    "- Every chart and map has a caption and a table view with the same data, reachable by keyboard and screen "
    "reader.\n"
    "- Text is large enough to read from the back of a classroom; the Classroom mode enlarges it further.\n"
    "- The app works offline: no fonts, tiles or scripts are fetched from the web.\n"
    "- Automated checks (axe-core) run on every page in the test suite. If something is hard to use, report it "
    "as a correction above."
)
