"""Streamlit pieces shared by every page: cached data access, notices, footer, source lines."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st

from listed.loader import DATA_DIR, Dataset, load_dataset
from listed.queries import NO_ORIGINAL, copy_host, display_title, source_date
from listed.urls import app_root, view_url

APP_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The dataset folder; LISTED_DATA_DIR overrides it (tests use it to load a deliberately broken copy)."""
    return Path(os.environ.get("LISTED_DATA_DIR", DATA_DIR))


@st.cache_resource(show_spinner="Loading the dataset…")
def _load(path: str) -> Dataset:
    # A resource, not cache_data: one read-only Dataset shared by every session and rerun, instead of a pickled
    # copy per call (pages never modify its frames; pandas operations they use return new frames).
    return load_dataset(path)


def dataset() -> Dataset:
    """The validated dataset, loaded once per data folder and shared."""
    return _load(str(data_dir()))


_CACHED_BUILDERS: dict[Callable, Callable] = {}


def cached(builder: Callable, *args: Any) -> Any:
    """``builder(*args)``, computed once per distinct arguments and shared by every session.

    For chart builders: a plotly figure takes tens of milliseconds to build, and the same data always gives the
    same figure. The result is shared, not copied, so it must not be modified (``st.plotly_chart`` copies the
    figure before sending it; ``st.table`` does not modify its frame).
    """
    if builder not in _CACHED_BUILDERS:
        _CACHED_BUILDERS[builder] = st.cache_resource(show_spinner=False, max_entries=256)(builder)
    return _CACHED_BUILDERS[builder](*args)


_DERIVED: dict[str, Callable[[Dataset], Any]] = {}


@st.cache_resource(show_spinner=False)
def _derived(name: str, path: str) -> Any:
    return _DERIVED[name](_load(path))


def derived(fn: Callable[[Dataset], Any]) -> Any:
    """``fn(dataset())``, computed once per data folder and shared by every session (must not be modified)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    _DERIVED[name] = fn
    return _derived(name, str(data_dir()))


_SLIDE_SWITCH: list[Callable] = []


def slide_switch() -> None:
    """Mount the Classroom's instant slide change (``components/slide_switch.js``: no network, no page text)."""
    if not _SLIDE_SWITCH:
        js = (APP_DIR / "components" / "slide_switch.js").read_text(encoding="utf-8")
        _SLIDE_SWITCH.append(st.components.v2.component("listed_slide_switch", js=js, isolate_styles=False))
    with st.container(key="cls_switch"):
        _SLIDE_SWITCH[0](key="cls_switch_js", height=0)


@contextmanager
def lazy_expander(label: str, key: str, expanded: bool = False) -> Iterator[bool]:
    """An expander whose content is built and sent only once the reader opens it (opening reruns the page).

    Yields whether it is open. For long secondary content (table views, full lists) that would otherwise be sent,
    and rendered by the browser, on every visit even though most readers never open it.
    """
    with st.expander(label, expanded=expanded, key=key, on_change="rerun") as box:
        yield bool(box.open)


# Static CSS only (no dataset or user text): long checkbox labels wrap instead of being cut with "…".
_WRAP_LABELS_CSS = """<style>
[data-testid="stCheckbox"] [data-testid="stWidgetLabel"] .stMarkdownEllipsis,
[data-testid="stCheckbox"] [data-testid="stWidgetLabel"] .stMarkdownEllipsis p
{white-space: normal; overflow: visible; text-overflow: clip;}
</style>"""


# Static script (no dataset or user text). Streamlit closes the sidebar after a navigation only when the browser
# reports a phone user agent; in any narrow window (<= 768 px, where the sidebar covers the page) the open sidebar
# stayed over the new page and caught taps meant for it. The collapse button is pressed only if still expanded.
CLOSE_SIDEBAR_JS = """<script>
(() => {
  if (window.__listedSidebarCloser) return;
  window.__listedSidebarCloser = true;
  document.addEventListener("click", (ev) => {
    if (!ev.target.closest || !ev.target.closest('[data-testid="stSidebar"] a')) return;
    if (!window.matchMedia("(max-width: 768px)").matches) return;
    setTimeout(() => {
      const btn = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (btn && btn.getAttribute("aria-expanded") === "true") btn.click();
    }, 150);
  }, true);
})();
</script>"""


def close_sidebar_after_navigation() -> None:
    """In a narrow window, close the sidebar once a link in it is followed, so it no longer covers the page."""
    st.sidebar.html(CLOSE_SIDEBAR_JS, unsafe_allow_javascript=True)


def wrap_checkbox_labels() -> None:
    """Show every checkbox label on the page in full, wrapped over lines (Streamlit cuts long ones with "…")."""
    st.html(_WRAP_LABELS_CSS)


def keep_in_url(params: dict[str, str]) -> None:
    """Make the address bar show ``params`` for this view.

    A ``st.page_link`` to the page already open reruns it with the new query string but leaves the address bar
    as it was. Writing the parameters sends them to the browser, which pushes a history entry when they differ
    from the address bar (and only replaces it during Back/Forward), so Back, Forward and reload all work.
    """
    st.query_params.from_dict(params)


def view_link(url_path: str, params: dict[str, str]) -> None:
    """'Link to this view': the full URL (scheme and host as the browser sees them), in a box with a copy button."""
    # Built when opened: the copyable code box would load about 1.5 MB of highlighter code into every first visit.
    with lazy_expander("Link to this view (the full address, with a copy button)", "view_link") as shown:
        if shown:
            url = view_url(app_root(st.context.url, url_path), url_path, params)
            st.code(url, language=None, wrap_lines=True)  # long views wrap instead of scrolling (keyboard users)


def notices(messages: list[str]) -> None:
    """Show short notices about ignored URL parameters (plain text, never HTML)."""
    for msg in messages:
        st.info(msg, icon="ℹ️")


def source_line(ds: Dataset, source_ids: str | list[str], label: str = "Sources", short: bool = False) -> None:
    """A caption listing sources as ordinary links."""
    ids = [s for s in (source_ids.split(";") if isinstance(source_ids, str) else source_ids) if s]
    st.caption(f"{label}: " + source_links(ds, ids, short))


def with_sources(ds: Dataset, text_md: str, source_ids: str | list[str]) -> str:
    """Markdown of a statement followed by a small line of its source links: one element instead of two."""
    ids = [s for s in (source_ids.split(";") if isinstance(source_ids, str) else source_ids) if s]
    return f"{text_md}  \n:small[Sources: {source_links(ds, ids)}]"


def _cut(title: str, limit: int = 70) -> str:
    """A long title shortened for a line of sources; the full title is the link's tooltip."""
    return title if len(title) <= limit else title[: limit - 3].rstrip() + "…"


def source_links(ds: Dataset, ids: list[str], short: bool = False) -> str:
    """Markdown links for source ids: publisher, title unless ``short``, date; a copy read is linked beside it.

    A title we wrote (``title_kind`` descriptive) is shown in [square brackets], the usual citation convention.
    """
    src = ds.sources_by_id
    parts = []
    for i in ids:
        s = src[i]
        when = source_date(s)
        title = display_title({**s, "title": _cut(str(s["title"]))})  # cut inside the [brackets] of a title we wrote
        text = f"{s['publisher']} ({when})" if short else f"{s['publisher']}: {title} ({when})"
        # The full title as the link's tooltip, since the text may cut it (or, when short, leave it out).
        tip = str(display_title(s)).replace("\\", "\\\\").replace('"', '\\"')
        if s["url"]:
            link = f'[{md_escape(text)}]({s["url"]} "{tip}")'
            if s["copy_url"]:
                link += f" (read via a [copy]({s['copy_url']}))"
        else:  # no link is presented as the original: the copy read is named and linked as a copy
            copy = f'[{md_escape(copy_host(s))}]({s["copy_url"]} "{tip}")'
            link = f"{md_escape(text)} ({NO_ORIGINAL} — read via a copy: {copy})"
        parts.append(link)
    return "; ".join(parts)


_MD_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+!|~$"})


def md_escape(text: str) -> str:
    """Escape markdown control characters in dataset text shown inside markdown."""
    return str(text).translate(_MD_ESCAPES)


def md_table_text(frame: Any) -> str:
    """A small table (a DataFrame, or a list of row dicts) as a Markdown table, every cell escaped as plain text."""
    rows = frame.to_dict("records") if hasattr(frame, "to_dict") else list(frame)
    if not rows:
        return ""
    cols = list(rows[0])
    cell = lambda v: md_escape("" if v is None or v != v else v).replace("\n", " ")  # noqa: E731 (v != v: NaN)
    lines = ["| " + " | ".join(cell(c) for c in cols) + " |", "|" + " --- |" * len(cols)]
    lines += ["| " + " | ".join(cell(r[c]) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def md_table(frame: Any) -> None:
    """A static table drawn as Markdown: a real HTML table for screen readers, and no table code to load (an
    ``st.table`` pulls about 1 MB of Arrow and formatting code into a first visit)."""
    st.markdown(md_table_text(frame))


def footer(ds: Dataset) -> None:
    """Data as of, source and licence, and a link to Sources & data: shown on every page."""
    meta = ds.metadata
    st.divider()
    rule = meta["rule"]
    st.caption(
        f"Data as of {meta['data_as_of']} · Rule: [{rule['citation']}, FR Doc. {rule['fr_doc']}]({rule['url']}) · "
        f"Curation licensed [{meta['license']['name']}]({meta['license']['url']}) · "
        "An educational explainer, not legal advice."
    )
    st.page_link("views/data.py", label="Sources, data and corrections →")
