"""The evidence section of a profile: what is about the body itself, kept apart from what is about policing in its
jurisdiction, with the figures for its area and what was searched when nothing was found."""

from __future__ import annotations

import streamlit as st

from components.ui import md_escape, with_sources
from listed.loader import Dataset
from listed.queries import SCOPE_LABELS, claim_date, evidence_by_scope, jurisdiction_figures, research_lines

HEDGE_WORDS = {
    "alleged": "Alleged",
    "reportedly": "Reported",
    "stated": "Stated",
    "according-to": "According to the source",
    "found": "Found",
    "denied": "Denied",
    "disputed": "Disputed",
}
SCOPE_HELP = (
    "For a police body the statements come in two groups. **About this body** is about the listed body itself: a "
    "document addressed to it, a sanction on it, a system a source says it runs. **About policing in its "
    "jurisdiction** is about the area it polices (county bureaus, township police stations, camps, contracts); "
    "such reporting describes what happened there and is not, by itself, a finding against the listed body."
)
EMPTY = {
    "entity": "No sourced statement about this body itself was found in the sources checked.",
    "jurisdiction": "No sourced statement about policing in its jurisdiction was found in the sources checked.",
}


def _claim(ds: Dataset, c) -> None:
    disputed = f"  \n*Disputed by: {md_escape(c.disputed_by)}*" if c.disputed_by else ""
    kind = " · background" if c.claim_type == "context" else ""
    head = f"**{HEDGE_WORDS[c.hedge]}**{kind} · {claim_date(ds, c.date, c.source_ids)}"
    with st.container(border=True):
        st.markdown(with_sources(ds, f"{head}  \n{md_escape(c.statement)}{disputed}", c.source_ids))


def figures(ds: Dataset, entity_id: str) -> None:
    """The figures for the body's area, each with its sources."""
    rows = jurisdiction_figures(ds, entity_id)
    if rows.empty:
        return
    st.subheader("Figures for its area")
    st.caption(
        "Numbers reported for the area this body polices, as the sources give them (whose estimate each is, in "
        "the note). They describe its jurisdiction, not the listed body's own conduct unless the source says so."
    )
    st.markdown(
        "\n\n".join(
            with_sources(
                ds,
                f"**{md_escape(r.figure)}** ({r.year}): {md_escape(r.measure)}."
                + (f" *{md_escape(r.note)}*" if r.note else ""),
                r.source_ids,
            )
            for r in rows.itertuples()
        )
    )


def evidence_section(ds: Dataset, entity_id: str, kind: str, elsewhere: list[str]) -> None:
    """The 'Evidence and conduct' section: one list for a company; for a government body, two groups by scope,
    the figures for its area and the research log line."""
    st.header("Evidence and conduct")
    groups = evidence_by_scope(ds, entity_id)
    if kind == "company":
        claims = groups["entity"]
        if claims.empty:
            st.write(
                "No sourced statement about this entity's own conduct was found"
                + (f"; see its {' and '.join(elsewhere)}." if elsewhere else " in the sources checked.")
            )
        for c in claims.itertuples():
            _claim(ds, c)
        return
    if all(g.empty for g in groups.values()):
        st.write(
            "No sourced statement about this entity's own conduct was found"
            + (f"; see its {' and '.join(elsewhere)}." if elsewhere else " in the sources checked.")
        )
    else:
        st.markdown(SCOPE_HELP)
        for scope, label in SCOPE_LABELS.items():
            if scope == "jurisdiction" and kind == "institute" and groups[scope].empty:
                continue  # the college polices no area: no empty "jurisdiction" group
            st.subheader(label)
            if groups[scope].empty:
                st.write(EMPTY[scope])
            for c in groups[scope].itertuples():
                _claim(ds, c)
    figures(ds, entity_id)
    lines = research_lines(ds, entity_id)
    if lines:
        st.subheader("What was searched")
        st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))
