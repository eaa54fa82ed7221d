"""Sources & data: methodology, limitations, the data dictionary, every source, downloads, licence, changelog."""

import streamlit as st

from components.ui import dataset, derived, lazy_expander, md_escape
from listed.package import data_dictionary, dataset_json, dataset_zip
from listed.queries import PUBLISHER_KIND_ORDER, SOURCE_TABLE_COLUMNS, filter_sources, source_audit, sources_csv

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
st.markdown(
    "- **One fact a row.** Every table is tidy: one entity, claim, link, event or figure a row, keyed by stable ids.\n"
    "- **Every row has a source.** Each claim, link, figure and event cites at least one source by id; each source "
    "names its publisher and the original page; a copy that was read instead is linked beside it with a note. "
    "Primary sources (the rule, government releases, company statements) are marked.\n"
    "- **Our own words, the sources' hedges.** Statements are paraphrased. Each keeps the framing its source used "
    "(alleged, reportedly, stated, found, denied), and claims an entity or government disputes say who disputes them.\n"
    "- **Checked on every load.** The app refuses to start on data that breaks the schema below: unknown columns, "
    "values outside the allowed lists, ids that do not resolve, a missing source, coordinates outside China or a "
    "Xinjiang body outside Xinjiang, or any count other than the rule's 28 (20 government bodies, 8 companies).\n"
    "- **What we could not confirm stays out.** A fact that no reachable source confirmed is left out rather than "
    "guessed; the changelog and the limitations below say what is missing."
)

st.header("Limitations")
basis = ds.entities["name_basis"].value_counts().to_dict()
st.markdown(
    "- **Names as listed.** The full text of the rule's entity entries was not available to us for every entity. "
    f"Each entity records how its listed name was checked: {', '.join(f'{k}: {v}' for k, v in basis.items())}. "
    "Aliases and addresses appear only where a source showed them.\n"
    "- **Coordinates** are approximate city centres of each bureau's seat or company's headquarters, for mapping; "
    "they are not street addresses.\n"
    "- **Evidence is reported, not adjudicated.** Claims come from journalists, researchers, NGOs and governments. "
    "The companies and the Chinese government dispute many of them; their responses are shown where reported.\n"
    "- **A bureau, or its area.** Much of the reporting on the police bodies concerns county bureaus, township police "
    "stations, camps or contracts in the area a listed bureau polices, not the listed bureau itself. Such claims are "
    "marked as about its jurisdiction and shown apart on each profile; a bureau's technology link may rest on "
    "reporting about the police of its area, and its note says so. Where nothing was found, the profile says what "
    "was searched, where and when.\n"
    "- **Chip figures** come from different studies measuring different things (value added versus market share); "
    "each chart says which. Trade figures are gross customs values.\n"
    "- **Coverage of later events** ends at the data-as-of date and at what the sources we could reach reported."
)

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
    f"**{audit['total']} sources**: {audit['primary']} primary (issued by the government body, legislature, court "
    f"or company itself) and {audit['secondary']} secondary. {audit['copies']} were read via a copy (a mirror, "
    "archive or repost), which is linked beside the original with a note saying what it is; for "
    f"{audit['no_original']} of them the original could not be found online, so they show the publisher, title and "
    "date with the copy linked as a copy, and no link stands for the original. "
    f"{audit['descriptive']} titles were written by us because the original title was not seen; they are shown "
    f"in [square brackets]. {audit['undated']} reference pages (regulation sections, FAQs, lists) carry no "
    "publication date and are shown as n.d."
)
st.subheader("Sources by publisher kind")
st.caption(
    "Who published the sources the dataset cites. Aggregator, encyclopedia and forum sources never carry an "
    "evidence claim on their own."
)
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
