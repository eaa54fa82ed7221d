"""The designation: what happened, who, why it was new, key figures, a map and a timeline."""

import pandas as pd
import streamlit as st

from components import charts
from components.ui import cached, dataset, lazy_expander, md_escape, source_line, with_sources
from listed.geo import fit_view, load_geojson, map_width_for
from listed.queries import ACTION_LABELS, page_text

PAGE = "home"
ds = dataset()
meta = ds.metadata
rule = meta["rule"]
ents = ds.entities

st.title("Listed: 28 Chinese entities and the U.S. Entity List")
# The opening paragraph is data/page_texts.csv's; the rule's citation and link come from data/metadata.json.
st.markdown(page_text(ds, PAGE, "intro", citation=rule["citation"], url=rule["url"]))
source_line(ds, "fr-2019-22210;csis-2019-xinjiang-28")

# Reader paths first, so a first-time visitor sees them without scrolling (they sat ~5,800 px down on a phone).
st.header("Start here")
c1, c2, c3 = st.columns(3)
with c1, st.container(border=True):
    st.markdown("#### Policy readers")
    st.write("Who exactly was listed, and for what? Read a sourced profile of any of the 28.")
    st.page_link("views/entities.py", label="The 28 entities →")
    st.page_link("views/entity.py", label="Profile: the Xinjiang PSB →", query_params={"id": "xuar-psb"})
with c2, st.container(border=True):
    st.markdown("#### Educators")
    st.write("Teach this in 20 minutes: slides in large type, a quiz and a printable handout, offline.")
    st.page_link("views/classroom.py", label="Classroom mode →")
    st.page_link("views/chokepoints.py", label="The chip chokepoint →")
with c3, st.container(border=True):
    st.markdown("#### Journalists")
    st.write("Filter by technology, search any name (海康威视 finds Hikvision), link the view, download the rows.")
    st.page_link("views/entities.py", label="Facial recognition firms →", query_params={"tech": "facial-recognition"})
    st.page_link("views/data.py", label="Download the dataset →")


cols = st.columns(len(meta["key_figures"]))
for col, fig in zip(cols, meta["key_figures"], strict=True):
    with col, st.container(border=True):
        st.markdown(f"## {md_escape(fig['figure'])}")
        st.write(fig["label"])
        source_line(ds, fig["source_ids"], "Source", short=True)

st.header("Who was listed")
left, right = st.columns([3, 2])
with left:
    table = cached(charts.composition_table, ents)
    st.markdown(f"**Who was listed: {len(ents)} entities**")
    st.image(
        cached(charts.composition_svg, table),
        alt=f"Bar chart of the {len(ents)} listed entities by kind; the counts are written on the bars.",
        width="stretch",
    )
    st.caption(page_text(ds, PAGE, "composition-caption"))
    with lazy_expander("Table view of this chart", "home_composition_table") as shown:
        if shown:
            st.table(table, hide_index=True)
with right:
    st.markdown(page_text(ds, PAGE, "composition-bullets"))
    st.page_link("views/entities.py", label="Browse all 28 →")
    st.page_link("views/how_it_works.py", label="How the Entity List works →")

st.header("Why it was new")
st.markdown(page_text(ds, PAGE, "why-new"))
source_line(ds, "csis-2019-xinjiang-28;fr-2019-22210")

st.header("Where the 28 sit")
st.caption(page_text(ds, PAGE, "map-caption"))
mapped = ents.dropna(subset=["lat", "lon"])
points = mapped.assign(name=mapped["common_name"], label=mapped["city"] + ", " + mapped["province"])[
    ["entity_id", "name", "label", "kind", "lat", "lon"]
]
# Fit all 28 in the map's width: a phone's column is narrow, so the view zooms out to keep Kashgar and Hangzhou.
map_width = map_width_for(st.context.headers.get("User-Agent"))
map_height = 480 if map_width >= 900 else 360  # a phone's column is narrow: a shorter map, not empty sea below
view = fit_view(points["lon"].tolist(), points["lat"].tolist(), map_width, map_height)
deck = charts.entity_map(points, [("china", load_geojson("china")), ("xinjiang", load_geojson("xinjiang"))], view)
unmapped = ents.loc[ents["lat"].isna(), "common_name"].tolist()
if unmapped:
    st.caption(f"Not mapped, because no source we could check gave its seat: {', '.join(unmapped)}.")
event = st.pydeck_chart(deck, key="home_map", on_select="rerun", selection_mode="single-object", height=map_height)
picked = (event.selection.objects or {}).get("entities", []) if event and event.selection else []
if picked:
    eid = picked[0]["entity_id"]
    st.page_link("views/entity.py", label=f"Open the profile of {picked[0]['name']} →", query_params={"id": eid})
with lazy_expander("Table view of the map: every entity with a link to its profile", "home_map_table") as shown:
    if shown:
        kinds = {"government-bureau": "Government bureau", "institute": "Institute", "company": "Company"}
        rows = [
            f"| [{md_escape(p.name)}](/entity?id={p.entity_id}) | {md_escape(p.label)} | {kinds[p.kind]} "
            f"| {p.lat:.2f} | {p.lon:.2f} |"
            for p in points.itertuples()
        ]
        st.markdown(
            "| Entity (profile link) | Seat | Kind | Latitude | Longitude |\n|---|---|---|---|---|\n" + "\n".join(rows)
        )

st.header("Timeline")
labels = {"camps": "Camps and policing", "listing": "The listing", **ACTION_LABELS, "other": "Other"}
events = ds.events.sort_values("date")
st.markdown("**Timeline: from the camps to the listing and after**")
st.image(
    cached(charts.timeline_svg, events, labels, (pd.Timestamp(ds.metadata["rule"]["effective"]), "Listed")),
    alt=f"Timeline of the {len(events)} dated events in the dataset, one row per kind of event, with the number "
    "of events in each row; the list below gives every event with its sources.",
    width="stretch",
)
st.caption(page_text(ds, PAGE, "timeline-caption"))
with lazy_expander("All events, with sources", "home_events") as shown:
    if shown:
        fmt = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}
        st.markdown(
            "\n\n".join(
                with_sources(
                    ds,
                    f"**{ev.date:{fmt[ev.date_precision]}}: {md_escape(ev.title)}**  \n{md_escape(ev.description)}",
                    ev.source_ids,
                )
                for ev in events.itertuples()
            )
        )
