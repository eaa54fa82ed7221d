"""The listing over time on a page: the review policy in force on a date, the Affiliates rule's status, and the
history of the entries, every row with its Federal Register citation and sources (data/listing_changes.csv)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.ui import lazy_expander, md_escape, source_links
from listed.history import affiliates_change, citation, history_until, policy_in_force
from listed.loader import Dataset
from listed.queries import page_text

KIND_LABELS = {
    "listing": "Listed",
    "revision": "Entries revised",
    "related-listing": "Related listing",
    "affiliates-rule": "Affiliates rule",
    "affiliates-suspension": "Affiliates rule suspended",
    "scheduled": "Due, not shown to have happened",
}


def day_text(d: date | pd.Timestamp) -> str:
    """'22 Jul 2020'."""
    return f"{d.day} {d:%b %Y}"


def data_as_of(ds: Dataset) -> date:
    """The data's as-of date (metadata.json)."""
    return date.fromisoformat(ds.metadata["data_as_of"])


def history_table_md(ds: Dataset, rows: pd.DataFrame) -> str:
    """A markdown table of changes, oldest first: date, what changed, citation, sources (dataset text escaped)."""
    lines = ["| Date | Change | Federal Register | Sources |", "| --- | --- | --- | --- |"]
    for r in rows.itertuples():
        what = f"**{md_escape(KIND_LABELS[r.kind])}: {md_escape(r.title)}.** {md_escape(r.description)}"
        cite = md_escape(citation(r._asdict())) or "not applicable"
        lines.append(f"| {day_text(r.date)} | {what} | {cite} | {source_links(ds, r.source_ids.split(';'), True)} |")
    return "\n".join(lines)


def history_table(ds: Dataset, on: date, entity_id: str | None = None) -> None:
    """The history up to ``on`` (of one entity, or of all 28), with a caption saying what it holds."""
    rows = history_until(ds.listing_changes, on, entity_id)
    st.markdown(history_table_md(ds, rows))
    st.caption(page_text(ds, "how-it-works", "history-caption", day=day_text(on)))


def policy_in_force_md(ds: Dataset, on: date, entity_id: str | None = None) -> str | None:
    """The review policy in force on ``on``, with its citation and sources, as markdown (None before the listing)."""
    row = policy_in_force(ds.listing_changes, on, entity_id)
    if row is None:
        return None
    since = day_text(row["date"])
    sources = source_links(ds, row["source_ids"].split(";"), True)
    return (
        f"{md_escape(row['review_policy'])}  \n"
        f":small[In force since {since} ({md_escape(citation(row))}). Sources: {sources}]"
    )


def affiliates_md(ds: Dataset, on: date) -> str:
    """What the data say about the Affiliates rule on ``on``, with sources (before the rule: when it came)."""
    row = affiliates_change(ds.listing_changes, on)
    if row is None:
        rule = ds.listing_changes[ds.listing_changes["kind"] == "affiliates-rule"].iloc[0].to_dict()
        sources = source_links(ds, rule["source_ids"].split(";"), True)
        return (
            f"Not yet in force: it took effect on {day_text(rule['date'])} ({md_escape(citation(rule))}).  \n"
            f":small[Sources: {sources}]"
        )
    sources = source_links(ds, row["source_ids"].split(";"), True)
    return f"{md_escape(row['description'])}  \n:small[Sources: {sources}]"


def entity_policy_section(ds: Dataset, entity_id: str) -> None:
    """The profile's section: the review policy in force on the data's as-of date, the Affiliates rule, the history."""
    on = data_as_of(ds)
    st.header(f"Licence review policy in force on {day_text(on)}")
    policy = policy_in_force_md(ds, on, entity_id)
    affiliates = page_text(ds, "entity", "affiliates-lead", affiliates=affiliates_md(ds, on))
    st.markdown(f"{policy}\n\n{affiliates}" if policy is not None else affiliates)
    # The history beneath, built when opened: a long table on every profile visit cost the page its speed budget.
    n = len(history_until(ds.listing_changes, on, entity_id))
    with lazy_expander(
        f"How the entry changed ({n} changes, with their Federal Register citations)", "prof_history"
    ) as shown:
        if shown:
            history_table(ds, on, entity_id)
