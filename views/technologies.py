"""Technologies: what each surveillance technology does, how it was reportedly used, who is linked to it."""

import streamlit as st

from components.ui import dataset, md_escape, md_table, notices, with_sources

ds = dataset()
techs = ds.technologies
names = ds.names
links = ds.entity_technologies

st.title("The technologies at stake")
st.write(
    "The surveillance technologies the 28 are alleged or reported to develop, supply or operate, in plain words, "
    "with how sources report each was used in Xinjiang. Each links to the explorer filtered to that technology."
)

tech_ids = techs["tech_id"].tolist()
tech_names = dict(zip(techs["tech_id"], techs["name"], strict=True))
wanted = st.query_params.get("tech")
if wanted is not None and wanted not in tech_ids:
    notices(["That link names no technology in the dataset, so the first one is shown."])
    wanted = None
# The URL wins when it differs from what this page last wrote (first visit, a shared link).
if "tech_pick" not in st.session_state or st.query_params.get("tech") != st.session_state.get("tech_synced"):
    st.session_state["tech_pick"] = wanted or tech_ids[0]

counts = links.groupby("tech_id")["entity_id"].nunique().reindex(tech_ids, fill_value=0)
md_table(
    techs.assign(entities=counts.values)[["name", "entities"]].rename(
        columns={"name": "Technology", "entities": "Listed entities linked"}
    )
)

choice = st.selectbox("Technology", tech_ids, format_func=tech_names.get, key="tech_pick")
desired = None if choice == tech_ids[0] else choice  # the default stays out of the URL
if st.query_params.get("tech") != desired:
    if desired is None:
        del st.query_params["tech"]
    else:
        st.query_params["tech"] = desired
st.session_state["tech_synced"] = desired
t = techs.set_index("tech_id").loc[choice]
st.header(t["name"])
st.markdown(
    with_sources(
        ds,
        f"**What it does.** {md_escape(t['description'])}\n\n"
        f"**Reported use in Xinjiang.** {md_escape(t['xinjiang_use'])}",
        t["source_ids"],
    )
)
mine = links[links["tech_id"] == choice]
if mine.empty:
    st.write("No listed entity is linked to it in the dataset.")
ROLE_HEADINGS = {
    "develops": "Listed entities that develop it",
    "supplies": "Listed entities that supply it",
    "operates": "Listed entities that operate it",
    "procures": "Listed entities that procure it",
}
EXPLORER_LABELS = {
    "develops": "Explorer: companies reported to develop {t} →",
    "supplies": "Explorer: companies reported to supply {t} →",
    "operates": "Explorer: bureaus reported to operate {t} →",
    "procures": "Explorer: bureaus reported to procure {t} →",
}
for role, heading in ROLE_HEADINGS.items():
    rows = mine[mine["role"] == role]
    if rows.empty:
        continue
    st.subheader(heading)
    for r in rows.itertuples():
        st.page_link("views/entity.py", label=names[r.entity_id], query_params={"id": r.entity_id})
        st.markdown(with_sources(ds, md_escape(r.note), r.source_ids))
st.page_link("views/entities.py", label=f"Explorer: entities linked to {t['name']} →", query_params={"tech": choice})
# The role-filtered explorer answers "which bureaus are reported to operate this?" with the sources behind each.
for role in (r for r in EXPLORER_LABELS if r in set(mine["role"])):
    st.page_link(
        "views/entities.py",
        label=EXPLORER_LABELS[role].format(t=t["name"]),
        query_params={"tech": choice, "role": role},
    )
