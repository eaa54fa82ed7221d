"""Streamlit pieces shared by every page: cached data access, notices, footer, source lines."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from listed.loader import DATA_DIR, Dataset, load_dataset
from listed.package import dataset_json, dataset_zip
from listed.queries import entity_table

APP_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The dataset folder; LISTED_DATA_DIR overrides it (tests use it to load a deliberately broken copy)."""
    return Path(os.environ.get("LISTED_DATA_DIR", DATA_DIR))


@st.cache_data(show_spinner="Loading the dataset…")
def _load(path: str) -> Dataset:
    return load_dataset(path)


def dataset() -> Dataset:
    """The validated dataset, loaded once per data folder and cached."""
    return _load(str(data_dir()))


@st.cache_data(show_spinner=False)
def _entity_table(path: str) -> pd.DataFrame:
    return entity_table(_load(path))


def entities_table() -> pd.DataFrame:
    """The explorer's derived entity table, cached."""
    return _entity_table(str(data_dir()))


@st.cache_data(show_spinner=False)
def _package(path: str) -> tuple[bytes, bytes]:
    ds = _load(path)
    return dataset_zip(ds), dataset_json(ds)


def package_downloads() -> tuple[bytes, bytes]:
    """The whole dataset as (ZIP of the files, one JSON document), built once and cached."""
    return _package(str(data_dir()))


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


def source_links(ds: Dataset, ids: list[str], short: bool = False) -> str:
    """Markdown links for source ids: publisher, a shortened title unless ``short``, and date."""
    src = ds.sources.set_index("source_id")
    parts = []
    for i in ids:
        s = src.loc[i]
        when = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}[s["date_precision"]]
        title = s["title"] if len(s["title"]) <= 70 else s["title"][:67].rstrip() + "…"
        text = f"{s['publisher']} ({s['date']:{when}})" if short else f"{s['publisher']}: {title} ({s['date']:{when}})"
        parts.append(f"[{md_escape(text)}]({s['url']})")
    return "; ".join(parts)


def md_escape(text: str) -> str:
    """Escape markdown control characters in dataset text shown inside markdown."""
    return "".join("\\" + c if c in "\\`*_{}[]<>()#+!|~$" else c for c in str(text))


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
