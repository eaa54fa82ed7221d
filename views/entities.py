"""Entities: the 28 in a filterable, searchable table whose state lives in the URL."""

import streamlit as st

from components import charts
from components.ui import cached, dataset, derived, lazy_expander, md_escape, notices, view_link
from listed.queries import (
    Filters,
    entity_table,
    export_frame,
    export_json,
    figures_table,
    filter_entities,
    filter_options,
    parse_filters,
    to_csv_bytes,
)

ds = dataset()
table = derived(entity_table)
options = filter_options(ds)
KEYS = {"q": "ent_q", "kind": "ent_kind", "tech": "ent_tech", "role": "ent_role", "place": "ent_place",
        "action": "ent_action"}  # fmt: skip
# Long technology names in the filter's chips wrap instead of being cut with "…" on a phone (static CSS only).
CHIP_CSS = """<style>
.st-key-ent_tech [data-testid="stMultiSelectTagsContainer"],
.st-key-ent_place [data-testid="stMultiSelectTagsContainer"],
.st-key-ent_action [data-testid="stMultiSelectTagsContainer"] {overflow: visible; flex-wrap: wrap; height: auto;}
.st-key-ent_tech [data-testid="stMultiSelectTagsContainer"] > span,
.st-key-ent_place [data-testid="stMultiSelectTagsContainer"] > span,
.st-key-ent_action [data-testid="stMultiSelectTagsContainer"] > span {flex-wrap: wrap; min-width: 0; max-width: 100%;}
.st-key-ent_tech [data-tag], .st-key-ent_place [data-tag], .st-key-ent_action [data-tag]
{max-width: 100%; height: auto; flex-shrink: 1;}
.st-key-ent_tech [data-tag] > span, .st-key-ent_place [data-tag] > span, .st-key-ent_action [data-tag] > span
{white-space: normal; overflow: visible; text-overflow: clip; max-width: none;}
.st-key-ent_tech div[role="group"], .st-key-ent_place div[role="group"], .st-key-ent_action div[role="group"]
{height: auto; max-height: none; min-height: 2.5rem;}
</style>"""


def _apply(filters: Filters) -> None:
    for field, key in KEYS.items():
        st.session_state[key] = getattr(filters, field)


def _clear() -> None:
    _apply(Filters())


# The URL wins when it differs from the state this page last wrote (first visit, a shared link, back button).
url = st.query_params.to_dict()
# Also on a return to this page (Back from a profile): Streamlit dropped the filter widgets' state when the page
# was left, so without this the empty filters would overwrite the address the reader came back to.
if st.session_state.get("ent_synced") != url or any(k not in st.session_state for k in KEYS.values()):
    parsed, messages = parse_filters(ds, url)
    _apply(parsed)
    notices(messages)

st.title("The 28 entities")
st.write(
    "Search any name form (as listed, aliases, English, Chinese characters or pinyin) and filter by kind, "
    "technology, role (develops, supplies, operates, procures), place or what happened later. With a technology "
    "and a role, an entity must hold that role for that technology. The address bar keeps the view, so the link "
    "reopens it."
)

st.html(CHIP_CSS)
st.text_input("Search names", key="ent_q", placeholder="e.g. Hikvision, 海康威视, Kashgar, Face++")
c1, c2 = st.columns(2)
with c1:
    st.multiselect("Kind", list(options["kind"]), format_func=options["kind"].get, key="ent_kind")
    st.multiselect("Technology", list(options["tech"]), format_func=options["tech"].get, key="ent_tech")
    st.multiselect(
        "Role",
        list(options["role"]),
        key="ent_role",
        help="Companies develop or supply a technology; government bodies operate or procure it, where a source "
        "ties the body or the police of its jurisdiction to it.",
    )
with c2:
    st.multiselect("Place", list(options["place"]), format_func=options["place"].get, key="ent_place")
    st.multiselect("Later actions", list(options["action"]), format_func=options["action"].get, key="ent_action")

filters = Filters(**{field: st.session_state[key] for field, key in KEYS.items()})
params = filters.to_params()
if params != url:
    st.query_params.from_dict(params)
st.session_state["ent_synced"] = params

rows = filter_entities(ds, filters, table)
st.subheader(f"{len(rows)} of {len(table)} entities match")
view_link("entities", params)

if rows.empty:
    hint = "Try a shorter search, another spelling (Hotan or Hetian, Ili or Yili), or remove a filter."
    if not filters.q.strip():  # nothing typed: spelling is not the problem
        hint = "Remove a filter or choose other values."
    st.warning(f"No entity matches every filter. {hint}")
    st.button("Clear all filters", key="ent_clear", on_click=_clear)
else:
    # The filtered facets come first in each row, so what the reader filtered on is visible next to the name.
    facets = {"tech": ("technologies", "Technologies"), "role": ("roles", "Roles"), "place": ("seat", "Seat"),
              "action": ("later_actions", "Later actions"), "kind": ("kind_label", "Kind")}  # fmt: skip
    shown = [facets[k] for k in ("role", "tech", "place", "action", "kind") if getattr(filters, k)]
    shown += [f for f in (facets["kind"], facets["place"], facets["tech"]) if f not in shown]
    with st.container(key="ent_results"):
        for r in rows.itertuples():
            # The name is the link: the profile opens in this tab and the address bar follows.
            st.page_link("views/entity.py", label=f"**{md_escape(r.common_name)}**", query_params={"id": r.entity_id})
            bits = [f"{label}: {getattr(r, col)}" if col != "kind_label" else r.kind_label for col, label in shown]
            st.caption(" · ".join(b for b in bits if not b.endswith(": ")))
    with lazy_expander("Table view: every column", "ent_table_open") as open_:
        if open_:
            cols = ["common_name"] + [c for c, _ in shown] + ["roles", "figures", "listed_name", "name_zh"]
            cols += ["later_actions"]
            st.dataframe(
                rows[list(dict.fromkeys(cols))],
                hide_index=True,
                column_config={
                    "common_name": st.column_config.TextColumn("Entity", pinned=True),
                    "listed_name": "Name as listed",
                    "name_zh": "Chinese name",
                    "kind_label": "Kind",
                    "seat": "Seat",
                    "technologies": "Technologies (alleged or reported)",
                    "roles": "Roles by technology",
                    "figures": st.column_config.NumberColumn(
                        "Figures by prefecture", help="How many sourced numbers the dataset gives for its area"
                    ),
                    "later_actions": "Later actions",
                },
                key="ent_table",
            )
    d1, d2 = st.columns(2)
    slug = "-".join(f"{k}-{v}" for k, v in params.items() if k != "q") or "all"
    # Built on click (a callable), not on every run: the exports were most of this page's script time.
    d1.download_button(
        "Download these rows as CSV (with sources)",
        lambda: to_csv_bytes(export_frame(ds, rows, filters.tech, filters.role)),
        file_name=f"listed-entities-{slug[:60]}.csv",
        mime="text/csv",
        key="ent_csv",
    )
    d2.download_button(
        "Download these rows as JSON (with sources)",
        lambda: export_json(ds, rows, filters),
        file_name=f"listed-entities-{slug[:60]}.json",
        mime="application/json",
        key="ent_json",
    )

    st.subheader("Entity × technology")
    st.plotly_chart(
        cached(charts.tech_matrix, rows, options["tech"]), key="ent_matrix", config={"displayModeBar": False}
    )
    st.caption(
        "A filled cell names the role in which the dataset links the entity to the technology: develops or "
        "supplies (companies), operates or procures (government bodies, where a source ties the body or the police "
        "of its jurisdiction to it). The sources are cited on each profile; the table view gives the same roles as "
        "text."
    )

    with_figures = [e for e in rows["entity_id"] if e in set(ds.jurisdiction_figures["entity_id"])]
    st.subheader("Figures by prefecture")
    if not with_figures:
        st.write("None of these entities has a sourced figure for its area in the dataset.")
    else:
        st.caption(
            "Numbers reported for the area each government body polices (police posts, people flagged, detained or "
            "held, cameras, purchases). They describe policing in the jurisdiction; they are not findings against "
            "the listed bureau unless its profile says so. Each profile cites the sources in full."
        )
        n = int(ds.jurisdiction_figures["entity_id"].isin(with_figures).sum())
        # Built when opened: a table grid costs a first visit about 1 MB of code.
        with lazy_expander(f"Table of the {n} figures for {len(with_figures)} of these bodies", "ent_figs") as shown:
            if shown:
                st.dataframe(
                    figures_table(ds, with_figures),
                    hide_index=True,
                    column_config={
                        "entity": "Entity",
                        "measure": "Measure",
                        "figure": "Figure",
                        "year": st.column_config.NumberColumn("Year", format="%d"),
                        "note": "Note",
                        "sources": "Sources",
                    },
                    key="ent_figures",
                )
