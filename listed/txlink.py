"""A hand-built How-it-works transaction as URL query parameters, and back. No streamlit here.

Keys (all short, all values plain words or numbers): ``item``, ``origin``, ``class`` (EAR99 or an ECCN),
``content`` (U.S.-origin content %, ``controlled`` 0/1 and ``group`` general/e1: only for foreign-made items with
U.S. content), ``fdp`` (``tech``, ``product`` or both, comma-separated: only for foreign-made direct products),
``note`` (1: the Note to ECCN 1A995), ``infectious`` (1: needed to detect, identify and treat infectious disease),
``published`` (1), ``research`` (1: from fundamental research), ``move``, ``viaus`` (1: a foreign-made item passes
through the United States), ``enroute`` (1), ``before`` (``yes`` or ``no``: whether a shipment en route could go
without a licence before the listing; absent means not stated), ``asof`` (the day, YYYY-MM-DD, when not the rule's
effective date), and one key per role present: ``purchaser``, ``intermediate``, ``ultimate``, ``enduser`` =
``listed``, ``unlisted`` or ``affiliate`` (owned 50% or more by one of the 28, not listed itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from listed.history import LISTING_DATE, parse_as_of
from listed.rules import EAR99, DeMinimisGroup, ItemOrigin, ItemType, Movement, Party, Role, Transaction

ROLE_PARAMS = {
    Role.PURCHASER: "purchaser",
    Role.INTERMEDIATE_CONSIGNEE: "intermediate",
    Role.ULTIMATE_CONSIGNEE: "ultimate",
    Role.END_USER: "enduser",
}
MOVE_PARAMS = {Movement.EXPORT: "export", Movement.REEXPORT: "reexport", Movement.TRANSFER: "transfer"}
KEYS = frozenset(
    {"item", "origin", "class", "content", "controlled", "group", "fdp", "note", "published", "move", "enroute"}
    | {"research", "viaus", "before"}
    | {"infectious", "asof"}
    | set(ROLE_PARAMS.values())
)


def movement_for_origin(origin: ItemOrigin | str, movement: Movement | str) -> Movement:
    """The movement to show once the origin is chosen: a foreign-made item is already abroad, so it cannot be an
    export from the United States; it becomes a re-export (export from abroad). Other movements stay."""
    origin, movement = ItemOrigin(origin), Movement(movement)
    if origin is not ItemOrigin.US_ORIGIN and movement is Movement.EXPORT:
        return Movement.REEXPORT
    return movement


def to_params(tx: Transaction) -> dict[str, str]:
    """The query parameters that describe ``tx`` (party names are not part of a link)."""
    out = {"item": tx.item_type.value, "origin": tx.origin.value, "class": tx.classification}
    if tx.origin is ItemOrigin.FOREIGN_WITH_US_CONTENT:
        out["content"] = f"{tx.us_content_percent:g}"
        out["controlled"] = "1" if tx.us_content_controlled else "0"
        out["group"] = tx.de_minimis_group.value
    if tx.origin is ItemOrigin.FOREIGN_DIRECT_PRODUCT:
        fdp = [n for n, on in (("tech", tx.fdp_us_tech_ns_controlled), ("product", tx.fdp_product_ns_controlled)) if on]
        out["fdp"] = ",".join(fdp) or "none"
    if tx.protective_note_1a995:
        out["note"] = "1"
    if tx.infectious_disease_item:
        out["infectious"] = "1"
    if tx.published:
        out["published"] = "1"
    if tx.fundamental_research:
        out["research"] = "1"
    out["move"] = MOVE_PARAMS[tx.movement]
    if tx.via_united_states:
        out["viaus"] = "1"
    if tx.en_route_before_listing:
        out["enroute"] = "1"
    if tx.eligible_before_listing is not None:
        out["before"] = "yes" if tx.eligible_before_listing else "no"
    if tx.as_of != LISTING_DATE:
        out["asof"] = tx.as_of.isoformat()
    for role, key in ROLE_PARAMS.items():
        mine = [p for p in tx.parties if p.role is role]
        if mine:
            out[key] = party_value(mine)
    return out


def party_value(parties: list[Party]) -> str:
    """The link value for the parties in one role: listed wins, then affiliate, else unlisted."""
    if any(p.listed for p in parties):
        return "listed"
    return "affiliate" if any(p.owned_by_listed for p in parties) else "unlisted"


def _one(params: Mapping, key: str) -> str:
    value = params.get(key, "")
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value)[:40]


def from_params(params: Mapping, latest: date = date.max) -> tuple[Transaction | None, list[str]]:
    """The transaction a link describes, or None when it names none; notices list each value that was ignored.

    Only the keys in ``KEYS`` are read; a bad value falls back to that field's default with a notice. ``asof``
    must be a day from the listing to ``latest`` (the data's as-of date on the page).
    """
    if not any(k in params for k in KEYS):
        return None, []
    notices: list[str] = []
    kw: dict = {}

    def pick(key: str, options: dict[str, object], field: str) -> None:
        raw = _one(params, key)
        if not raw:
            return
        if raw in options:
            kw[field] = options[raw]
        else:
            notices.append(f"Ignored the value of '{key}' (allowed: {', '.join(options)}).")

    pick("item", {t.value: t for t in ItemType}, "item_type")
    pick("origin", {o.value: o for o in ItemOrigin}, "origin")
    pick("group", {g.value: g for g in DeMinimisGroup}, "de_minimis_group")
    pick("move", {v: m for m, v in MOVE_PARAMS.items()}, "movement")
    for key, field in (("controlled", "us_content_controlled"), ("note", "protective_note_1a995"),
                       ("published", "published"), ("enroute", "en_route_before_listing"),
                       ("research", "fundamental_research"), ("viaus", "via_united_states"),
                       ("infectious", "infectious_disease_item")):  # fmt: skip
        pick(key, {"1": True, "0": False}, field)
    pick("before", {"yes": True, "no": False}, "eligible_before_listing")
    as_of, notice = parse_as_of(_one(params, "asof"), latest)
    if as_of is not None:
        kw["as_of"] = as_of
    if notice:
        notices.append(notice)
    raw = _one(params, "content")
    if raw:
        try:
            pct = float(raw)
            if not 0 <= pct <= 100:
                raise ValueError
            kw["us_content_percent"] = pct
        except ValueError:
            notices.append("Ignored the value of 'content' (a percentage from 0 to 100).")
    raw = _one(params, "fdp")
    if raw:
        parts = set(raw.split(","))
        if parts <= {"tech", "product", "none"}:
            kw["fdp_us_tech_ns_controlled"] = "tech" in parts
            kw["fdp_product_ns_controlled"] = "product" in parts
        else:
            notices.append("Ignored the value of 'fdp' (allowed: tech, product, none).")
    parties = []
    for role, key in ROLE_PARAMS.items():
        raw = _one(params, key)
        if raw in ("listed", "unlisted", "affiliate"):
            parties.append(Party(role=role, listed=raw == "listed", owned_by_listed=raw == "affiliate"))
        elif raw:
            notices.append(f"Ignored the value of '{key}' (allowed: listed, unlisted, affiliate).")
    kw["parties"] = tuple(parties)
    raw = _one(params, "class")
    try:
        return Transaction(classification=raw or EAR99, **kw), notices
    except ValueError:
        notices.append("Ignored the value of 'class' (EAR99 or an ECCN such as 3A001).")
        return Transaction(classification=EAR99, **kw), notices
