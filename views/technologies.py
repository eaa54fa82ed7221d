"""Technologies: what each surveillance technology does, how it was reportedly used, who is linked to it."""

import streamlit as st

from components.ui import dataset, md_escape, notices, source_line, with_sources
from listed.queries import ROLE_LABELS

ds = dataset()
techs = ds.technologies
names = dict(zip(ds.entities["entity_id"], ds.entities["common_name"], strict=True))
links = ds.entity_technologies

st.title("The technologies at stake")
st.write(
    "The surveillance technologies the 28 are alleged or reported to develop, supply or operate, in plain words, "
    "with how sources report each was used in Xinjiang. Each links to the explorer filtered to that technology."
)

wanted = st.query_params.get("tech")
if wanted is not None and wanted not in set(techs["tech_id"]):
    notices(["That link names no technology in the dataset, so all are shown."])
    wanted = None

summary = links.groupby("tech_id")["entity_id"].nunique().reindex(techs["tech_id"], fill_value=0).rename("entities")
st.dataframe(
    techs.assign(entities=summary.values, explorer="/entities?tech=" + techs["tech_id"])[
        ["name", "entities", "explorer"]
    ],
    hide_index=True,
    column_config={
        "name": "Technology",
        "entities": st.column_config.NumberColumn("Entities linked"),
        "explorer": st.column_config.LinkColumn("Explorer", display_text="Show entities"),
    },
    key="tech_summary",
)

for t in techs.itertuples():
    with st.expander(t.name, expanded=(t.tech_id == wanted) or (wanted is None and t.Index < 2)):
        st.markdown(f"**What it does.** {md_escape(t.description)}")
        st.markdown(f"**Reported use in Xinjiang.** {md_escape(t.xinjiang_use)}")
        source_line(ds, t.source_ids)
        mine = links[links["tech_id"] == t.tech_id]
        if mine.empty:
            st.write("No listed entity is linked to it in the dataset.")
        for role in ("develops", "supplies", "operates"):
            rows = mine[mine["role"] == role]
            if rows.empty:
                continue
            st.markdown(f"**Listed entities that {ROLE_LABELS[role].rstrip('s')}**")
            for r in rows.itertuples():
                st.page_link("views/entity.py", label=names[r.entity_id], query_params={"id": r.entity_id})
                st.markdown(with_sources(ds, md_escape(r.note), r.source_ids))
        st.page_link(
            "views/entities.py", label=f"Explorer: entities linked to {t.name} →", query_params={"tech": t.tech_id}
        )
