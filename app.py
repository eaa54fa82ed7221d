"""Listed: the frame. Page config, the page list with permanent URLs, the dataset check and the footer."""

import streamlit as st

from components.ui import close_sidebar_after_navigation, dataset, footer
from listed.loader import DatasetError

st.set_page_config(page_title="Listed: the 2019 Xinjiang Entity List designation", page_icon="📋", layout="wide")

PAGES = [
    st.Page("views/home.py", title="The designation", icon="📋", default=True),
    st.Page("views/entities.py", title="Entities", icon="🔎", url_path="entities"),
    st.Page("views/entity.py", title="Entity profile", icon="🏷️", url_path="entity"),
    st.Page("views/technologies.py", title="Technologies", icon="📷", url_path="technologies"),
    st.Page("views/how_it_works.py", title="How the Entity List works", icon="⚖️", url_path="how-it-works"),
    st.Page("views/chokepoints.py", title="Chokepoints", icon="🔌", url_path="chokepoints"),
    st.Page("views/global_reach.py", title="Beyond China", icon="🌐", url_path="global"),
    st.Page("views/classroom.py", title="Classroom", icon="🎓", url_path="classroom"),
    st.Page("views/data.py", title="Sources & data", icon="📚", url_path="data"),
]

page = st.navigation(PAGES)

try:
    ds = dataset()
except DatasetError as exc:
    st.error("The dataset failed its checks, so the app cannot show it. Every problem found:")
    st.code("\n".join(str(p) for p in exc.problems), language=None)
    st.stop()

close_sidebar_after_navigation()
# Which page the previous run showed: a page can tell a move within itself from an arrival from elsewhere.
st.session_state["nav_previous"], st.session_state["nav_current"] = st.session_state.get("nav_current"), page.url_path
page.run()
with st.container(key="app_footer"):  # a handle for pages that hide it (the Classroom's presentation mode)
    footer(ds)
