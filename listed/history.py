"""The 28 entries over time: which licence review policy, and which Affiliates-rule status, applied on a date.

Pure functions, no Streamlit. The dates are constants here so that the rules engine (which reads no data) and
the dataset agree; ``listed.loader`` checks that ``data/listing_changes.csv`` carries the same dates, so the two
cannot drift apart. Every boundary is inclusive of the first day a change took effect:

- 9 October 2019: the 28 listed (84 FR 54002).
- 22 July 2020: case-by-case review added for items needed to detect, identify and treat infectious disease
  (FR Doc. 2020-15827).
- 29 September 2025: the Affiliates rule in force (90 FR 47201).
- 10 November 2025 - 9 November 2026: the Affiliates rule suspended.
- From 10 November 2026: the sources show only that the rule was due to return unless BIS acted again.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

import pandas as pd

LISTING_DATE = date(2019, 10, 9)
INFECTIOUS_DISEASE_DATE = date(2020, 7, 22)
AFFILIATES_START = date(2025, 9, 29)
SUSPENSION_START = date(2025, 11, 10)
SUSPENSION_END = date(2026, 11, 9)  # the last day of the suspension
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# The dated kinds of listing_changes.csv and the date each must carry (checked by the loader).
KIND_DATES = {
    "listing": LISTING_DATE,
    "affiliates-rule": AFFILIATES_START,
    "affiliates-suspension": SUSPENSION_START,
    "scheduled": date(2026, 11, 10),
}
REVISION_DATES = frozenset({INFECTIOUS_DISEASE_DATE})

# The kinds of change that concern the Affiliates rule rather than the entries' review policy.
AFFILIATES_KINDS = ("affiliates-rule", "affiliates-suspension", "scheduled")


class AffiliatesStatus(StrEnum):
    """Whether firms owned 50% or more by listed parties were restricted on a date."""

    NOT_YET = "not yet in force"
    IN_FORCE = "in force"
    SUSPENDED = "suspended"
    NOT_SHOWN = "not shown by the sources"


def affiliates_status(on: date) -> AffiliatesStatus:
    """The Affiliates rule's status on ``on``: after 9 November 2026 the sources do not show what applied."""
    if on < AFFILIATES_START:
        return AffiliatesStatus.NOT_YET
    if on < SUSPENSION_START:
        return AffiliatesStatus.IN_FORCE
    if on <= SUSPENSION_END:
        return AffiliatesStatus.SUSPENDED
    return AffiliatesStatus.NOT_SHOWN


def infectious_disease_case_by_case(on: date) -> bool:
    """Whether items needed to detect, identify and treat infectious disease got case-by-case review on ``on``."""
    return on >= INFECTIOUS_DISEASE_DATE


def _concerns(changes: pd.DataFrame, entity_id: str | None) -> pd.Series:
    if entity_id is None:
        return pd.Series(True, index=changes.index)
    named = changes["entity_ids"].fillna("").str.split(";").map(lambda ids: entity_id in ids)
    return (changes["applies_to"] == "all-28") | named


def history_until(changes: pd.DataFrame, on: date, entity_id: str | None = None) -> pd.DataFrame:
    """The changes that took effect on or before ``on`` and concern ``entity_id`` (every change when None).

    A scheduled change is kept only once its date has come, since it says what the sources do not show.
    Oldest first.
    """
    when = pd.Timestamp(on)
    rows = changes[(changes["date"] <= when) & _concerns(changes, entity_id)]
    return rows.sort_values(["date", "change_id"]).reset_index(drop=True)


def policy_in_force(changes: pd.DataFrame, on: date, entity_id: str | None = None) -> dict | None:
    """The change whose review policy applied on ``on`` (its row as a dict), or None before the listing."""
    rows = history_until(changes, on, entity_id)
    rows = rows[rows["review_policy"].fillna("") != ""]
    return None if rows.empty else rows.iloc[-1].to_dict()


def affiliates_change(changes: pd.DataFrame, on: date) -> dict | None:
    """The Affiliates-rule row that describes the status on ``on`` (None before the rule)."""
    rows = history_until(changes, on)
    rows = rows[rows["kind"].isin(AFFILIATES_KINDS)]
    return None if rows.empty else rows.iloc[-1].to_dict()


def citation(row: dict) -> str:
    """'84 FR 54002, FR Doc. 2019-22210', or whichever of the two parts the row has."""
    parts = [row.get("fr_citation") or "", f"FR Doc. {row['fr_doc']}" if row.get("fr_doc") else ""]
    return ", ".join(p for p in parts if p)


def parse_as_of(raw: str | None, latest: date) -> tuple[date | None, str | None]:
    """An ``asof`` URL value as a date from the listing to ``latest``; otherwise (None, a notice)."""
    if raw is None or raw == "":
        return None, None
    text = str(raw).strip()[:20]
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError(text)
        value = date.fromisoformat(text)
    except ValueError:
        return None, f"Ignored the date '{text}': write a real day as YYYY-MM-DD."
    if not LISTING_DATE <= value <= latest:
        return None, (
            f"Ignored the date {value.isoformat()}: choose a day from {LISTING_DATE.isoformat()} (the listing) "
            f"to {latest.isoformat()} (the data's as-of date)."
        )
    return value, None
