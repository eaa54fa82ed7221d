"""Entity profile: one of the 28, every statement with its sources and hedge."""

from datetime import date

import pandas as pd
import streamlit as st

from components.chip_charts import ACTION_WORDS
from components.evidence import HEDGE_WORDS, evidence_section
from components.history import entity_policy_section
from components.ui import dataset, keep_in_url, lazy_expander, md_escape, md_table, notices, source_line, with_sources
from listed.queries import (
    KIND_LABELS,
    ROLE_LABELS,
    STATUS_LABEL,
    citations,
    later_actions,
    page_text,
    valid_entity_id,
)
from listed.urls import app_root, view_url

PAGE = "entity"
ds = dataset()
ents = ds.entities
ids = ents["entity_id"].tolist()
names = ds.names

raw = st.query_params.get("id")
eid = valid_entity_id(ds, raw) if raw is not None else None


def _jump() -> None:
    """The chooser: open the chosen profile (a new history entry) and clear the box for the next choice."""
    choice = st.session_state.get("prof_pick")
    if choice:
        st.query_params.from_dict({"id": choice})
    st.session_state["prof_pick"] = None


def chooser(label: str) -> None:
    st.selectbox(
        label, ids, format_func=names.get, index=None, key="prof_pick", placeholder="Choose an entity", on_change=_jump
    )


if eid is None:
    st.title("Entity profile")
    if raw is None:
        st.info("Choose one of the 28 entities to read its profile.")
    else:
        notices(["That link does not name one of the 28 listed entities, so it was ignored."])
    if raw is None and st.session_state.get("nav_previous") == "entity":
        keep_in_url({})  # the sidebar's "Entity profile" from a profile: the address bar drops the old id
    st.session_state["prof_shown"] = None
    chooser("Entity")
    last = st.session_state.get("prof_last")
    if last in names:  # the sidebar's "Entity profile" leads here: offer the profile the reader was on
        st.page_link("views/entity.py", label=f"Back to the profile of {names[last]}", query_params={"id": last})
    st.page_link("views/entities.py", label="← Back to the list of all 28")
    st.stop()

# A move within this page (related, parent, previous/next, chooser) leaves the address bar behind: update it.
# An arrival from another page already has the right address, so nothing is sent that could arrive late.
if st.session_state.get("nav_previous") == "entity" and st.session_state.get("prof_shown") != eid:
    keep_in_url({"id": eid})
st.session_state["prof_last"] = st.session_state["prof_shown"] = eid
e = ents.set_index("entity_id").loc[eid]


def _when(ts, precision: str = "day") -> str:
    return f"{ts:{ {'day': '%d %b %Y', 'month': '%b %Y', 'year': '%Y'}[precision] }}"


st.title(e["common_name"])
chooser("Go to another of the 28")
unverified = e["name_basis"] == "unverified"
st.markdown(
    f"**Name as listed:** {md_escape(e['listed_name'])}"
    + (" :orange-badge[⚠️ NOT VERIFIED: wording not seen in the rule]" if unverified else "")
    + (f" · **中文:** {e['name_zh']}" if e["name_zh"] else "")
)

with st.container(border=True):
    st.markdown(f"**Status: {STATUS_LABEL}.**")
    st.caption(page_text(ds, PAGE, "status-caption"))
    sanctions = ds.events[
        (ds.events["category"] == "sanctions") & ds.events["entity_ids"].str.split(";").map(lambda xs: eid in xs)
    ]
    for ev in sanctions.itertuples():
        st.markdown(f"**Also: {md_escape(ev.title)}** ({_when(ev.date, ev.date_precision)}).")
    st.page_link("views/how_it_works.py", label="What the Entity List means →")


c1, c2, c3 = st.columns(3)
c1.markdown(f"**Kind**  \n{KIND_LABELS[e['kind']]}")
seat = ", ".join(dict.fromkeys(md_escape(e[c]) for c in ("city", "prefecture", "province") if e[c])) or (
    "Not confirmed: no source we could check gave it"
)
c2.markdown(f"**Seat**  \n{seat}")
if e["parent_id"]:
    with c3:
        st.markdown("**Parent body**")
        st.page_link("views/entity.py", label=names[e["parent_id"]], query_params={"id": e["parent_id"]})
if e["address_listed"]:
    st.markdown(f"**Address as listed:** {md_escape(e['address_listed'])}")

entity_policy_section(ds, eid)  # the review policy on the data's as-of date, with the entry's history beneath

st.header("What it is")
clauses = ds.summary_clauses[ds.summary_clauses["entity_id"] == eid].sort_values("clause")
for c in clauses.itertuples():  # one clause, one set of sources; an editorial note says what was not found
    st.markdown(with_sources(ds, md_escape(c.text), c.source_ids) if c.kind == "fact" else f"*{md_escape(c.text)}*")
source_line(ds, e["source_ids"], label="Sources for the names and seat")
basis = {
    "federal-register": "checked against the rule's text",
    "bis": "checked against a BIS list or release",
    "near-primary": "as given by a law-firm or trade-press alert quoting the rule; the rule's own text was not seen",
    "secondary": "as given by secondary reporting; the rule's own text was not seen",
    "unverified": "NOT VERIFIED: no source we could reach showed the rule's wording for this bureau; the name shown "
    "is its usual English form, "
    + (
        "and the Chinese name is the standard form for such a bureau, not seen in a source"
        if e["name_zh"]
        else "and no Chinese name is shown, because none was seen in a source for this bureau"
    ),
}[e["name_basis"]]
st.caption(f"Name as listed: {basis}.")

aliases = ds.aliases[ds.aliases["entity_id"] == eid]
if len(aliases):
    st.subheader("Other names")
    kinds = aliases["alias_type"].str.replace("-", " ").str.capitalize()  # "legal-name" reads "Legal name"
    md_table(pd.DataFrame({"Name": aliases["alias"], "Type": kinds}))

links = ds.entity_technologies[ds.entity_technologies["entity_id"] == eid]
techs = ds.technologies.set_index("tech_id")
st.header("Technology")
if links.empty:
    st.write("The dataset links no specific technology to this entity: no source we could check named one.")
elif e["kind"] != "company":
    st.caption(
        "A government body is linked to a technology only where a source ties it, or the police of its "
        "jurisdiction, to it (operates: runs or uses it; procures: contracts or buys it); each note says which."
    )
st.markdown(
    "\n\n".join(
        with_sources(
            ds,
            f"**{techs.loc[link.tech_id, 'name']}** ({ROLE_LABELS[link.role]}): {md_escape(link.note)}",
            link.source_ids,
        )
        for link in links.itertuples()
    )
)

claims = ds.claims[ds.claims["entity_id"] == eid].sort_values("date")
after = later_actions(ds)
after = after[after["entity_id"] == eid].sort_values("date")
# Point only to sections that have something in them.
elsewhere = [w for w, has in (("technologies (above)", len(links)), ("later actions (below)", len(after))) if has]
evidence_section(ds, eid, e["kind"], elsewhere)
responses = claims[claims["claim_type"] == "response"]
if len(responses):
    st.subheader("The entity's response")
    for c in responses.itertuples():
        st.markdown(
            with_sources(ds, f"**{HEDGE_WORDS[c.hedge]}** · {_when(c.date)}  \n{md_escape(c.statement)}", c.source_ids)
        )

facts = ds.key_facts[ds.key_facts["entity_id"] == eid]
if len(facts):
    st.header("Key facts")
    st.markdown(
        "\n\n".join(
            with_sources(
                ds, f"**{f.fact.replace('-', ' ').capitalize()}** ({f.year}): {md_escape(f.value)}", f.source_ids
            )
            for f in facts.itertuples()
        )
    )

inputs = ds.company_inputs[ds.company_inputs["entity_id"] == eid]
said = ds.company_responses[ds.company_responses["entity_id"] == eid]
if len(inputs) or len(said):
    st.header("U.S. inputs it relied on")
    items = [
        with_sources(
            ds,
            f"**{md_escape(i.supplier)}: {md_escape(i.component)}** ({i.year}) {md_escape(i.statement)}",
            i.source_ids,
        )
        for i in inputs.itertuples()
    ] + [
        with_sources(ds, f"**{ACTION_WORDS[r.action]}** ({_when(r.date)}): {md_escape(r.statement)}", r.source_ids)
        for r in said.sort_values("date").itertuples()
    ]
    st.markdown("\n\n".join(items))
    st.page_link("views/chokepoints.py", label="The chip chokepoint →")

st.header("What happened after")
if after.empty:
    st.write("No later U.S. action naming this entity was found in the sources checked.")
if len(after):
    st.markdown(
        "\n\n".join(
            with_sources(
                ds,
                f"**{_when(ev.date, ev.date_precision)}: {md_escape(ev.title)}**  \n{md_escape(ev.description)}",
                ev.source_ids,
            )
            for ev in after.itertuples()
        )
    )

st.header("Related entities")
related = [p for p in [e["parent_id"]] if p]
related += ents.loc[ents["parent_id"] == eid, "entity_id"].tolist()
if e["kind"] == "company":
    mine = set(links["tech_id"])
    others = ds.entity_technologies[
        ds.entity_technologies["tech_id"].isin(mine) & (ds.entity_technologies["entity_id"] != eid)
    ]
    related += [x for x in dict.fromkeys(others["entity_id"]) if names.get(x) and x not in related]
if not related:
    st.write("None in the dataset.")
rel_cols = st.columns(3)
for n, rid in enumerate(related):
    rel_cols[n % 3].page_link("views/entity.py", label=names[rid], query_params={"id": rid})

pos = ids.index(eid)
p1, p2 = st.columns(2)
prev_id, next_id = ids[pos - 1], ids[(pos + 1) % len(ids)]
p1.page_link("views/entity.py", label=f"← Previous: {names[prev_id]}", query_params={"id": prev_id})
p2.page_link("views/entity.py", label=f"Next: {names[next_id]} →", query_params={"id": next_id})

# Built when opened: the copyable code box would load about 1.5 MB of highlighter code into every first visit.
with lazy_expander("Cite this page (APA, Chicago, BibTeX)", "prof_cite") as shown:
    if shown:
        url = view_url(app_root(st.context.url, "entity"), "entity", {"id": eid})
        cites = citations(f"{e['common_name']}: profile", url, ds.metadata["data_as_of"], date.today().isoformat())
        style = st.segmented_control("Citation style", list(cites), default="APA", key="prof_cite_style") or "APA"
        st.code(cites[style], language=None, wrap_lines=True)  # wrapped: a scrolling box is not keyboard-reachable
st.page_link("views/entities.py", label="← Back to the list of all 28")
