"""Shared test set-up: AppTest helpers and a clean Streamlit cache for every test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app.py"
TIMEOUT = 60


@pytest.fixture(autouse=True)
def _clear_streamlit_cache():
    import streamlit as st

    st.cache_data.clear()
    yield


def run_page(page: str, params: dict[str, str] | None = None):
    """Run app.py, switch to ``page`` with the given query parameters, and return the AppTest."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    at.switch_page(page)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def verdicts(at) -> list[str]:
    """How it works: the answer card's verdict headings (one-line "### " headings; the folded reference sections are
    headings with text beneath)."""
    return [m.value.removeprefix("### ") for m in at.markdown if m.value.startswith("### ") and "\n" not in m.value]


def plotly_values(arr) -> list:
    """Values of a plotly JSON array, decoding the base64 typed-array form plotly uses for numpy data."""
    if isinstance(arr, dict) and "bdata" in arr:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(arr["bdata"]), dtype=arr["dtype"]).tolist()
    return list(arr)


def markdown_table(at, first_header: str) -> list[dict[str, str]]:
    """The rows of the Markdown table (``components.ui.md_table``) whose first column is headed ``first_header``,
    as dicts of unescaped cell text."""
    table = next(m.value for m in at.markdown if m.value.startswith(f"| {first_header} |"))
    unescape = lambda cell: re.sub(r"\\(.)", r"\1", cell.strip())  # noqa: E731
    split = lambda line: [unescape(c) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]  # noqa: E731
    lines = table.splitlines()
    head = split(lines[0])
    return [dict(zip(head, split(line), strict=True)) for line in lines[2:]]


# How it works: the reference sections folded under lazy expanders (their keys), built only when opened.
HIW_SECTIONS = (
    "hiw_sec_subject-to-the-ear",
    "hiw_sec_savings-clause",
    "hiw_sec_out-of-scope",
    "hiw_sec_on-and-off-the-list",
    "hiw_sec_know-your-customer",
    "hiw_sec_penalties",
    "hiw_sec_other-lists",
    "hiw_sec_numbering",
    "hiw_glossary",
)


def open_sections(at, keys=HIW_SECTIONS):
    """Open the given lazy expanders (all of How it works' folded sections by default) and rerun."""
    for key in keys:
        at.session_state[key] = True
    return at.run()
