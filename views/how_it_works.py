"""How the Entity List works: build a transaction, see what the 9 October 2019 rule required, and why.

URL: /how-it-works. Query key: ``preset=<slug>`` loads a named scenario from ``listed.rules.PRESETS``;
an unknown value is ignored with a notice. Editing any widget away from the preset drops the key. ``asof``
(YYYY-MM-DD, from the listing to the data's as-of date) sets the day of the transaction; a bad value is ignored
with a notice.
"""

from __future__ import annotations

import streamlit as st

from components.history import affiliates_md, data_as_of, day_text, history_table, policy_in_force_md
from components.ui import dataset, lazy_expander, md_escape, source_links, wrap_checkbox_labels
from listed.history import LISTING_DATE, parse_as_of
from listed.queries import glossary_source_ids, page_source_ids, page_text, reference_sections
from listed.rules import (
    EAR99,
    PRESETS,
    DeMinimisGroup,
    ItemOrigin,
    ItemType,
    Movement,
    Outcome,
    Party,
    Role,
    Transaction,
    evaluate,
)
from listed.txlink import KEYS as TX_KEYS
from listed.txlink import from_params, movement_for_origin, party_value, to_params

CUSTOM = "custom"
QUERY_KEY = "preset"

ROLE_KEYS = {
    Role.PURCHASER: "hiw_role_purchaser",
    Role.INTERMEDIATE_CONSIGNEE: "hiw_role_intermediate_consignee",
    Role.ULTIMATE_CONSIGNEE: "hiw_role_ultimate_consignee",
    Role.END_USER: "hiw_role_end_user",
}
ROLE_HELP = {
    Role.PURCHASER: "The party that buys the item and agrees to pay for it.",
    Role.INTERMEDIATE_CONSIGNEE: "A party that takes delivery on the way, such as a forwarding agent or distributor.",
    Role.ULTIMATE_CONSIGNEE: "The party abroad that finally receives the item.",
    Role.END_USER: "The party that actually uses the item.",
}
PARTY_OPTIONS = {
    "absent": "Nobody in this role",
    "unlisted": "Not listed",
    "listed": "One of the 28",
    "affiliate": "Owned 50% or more by one of the 28",
}
BEFORE_OPTIONS = {
    "unstated": "Not stated (an EAR99 item is taken to have needed none)",
    "yes": "Yes: no licence needed, or a licence exception",
    "no": "No: it already needed a licence",
}
BEFORE_VALUES = {"unstated": None, "yes": True, "no": False}

ITEM_TYPE_LABELS = {
    ItemType.COMMODITY.value: "A commodity (goods)",
    ItemType.SOFTWARE.value: "Software",
    ItemType.TECHNOLOGY.value: "Technology (information)",
}
ORIGIN_LABELS = {
    ItemOrigin.US_ORIGIN.value: "Made in the United States (U.S.-origin)",
    ItemOrigin.FOREIGN_WITH_US_CONTENT.value: "Made abroad, with some U.S.-origin content",
    ItemOrigin.FOREIGN_DIRECT_PRODUCT.value: "Made abroad, as the direct product of U.S. technology or software",
}
MOVEMENT_LABELS = {
    Movement.EXPORT.value: "Export: shipped or sent out of the United States",
    Movement.REEXPORT.value: "Re-export: from one foreign country to another (incl. export from abroad)",
    Movement.TRANSFER.value: "In-country transfer: a new end user or end use inside the same foreign country",
}
DE_MINIMIS_LABELS = {
    DeMinimisGroup.GENERAL.value: "Any other destination: 25% (China is here)",
    DeMinimisGroup.E1.value: "Country Group E:1: 10%",
}

DEFAULTS: dict[str, object] = {
    "hiw_item_type": ItemType.COMMODITY.value,
    "hiw_origin": ItemOrigin.US_ORIGIN.value,
    "hiw_us_content": 10.0,
    "hiw_content_controlled": True,
    "hiw_de_minimis": DeMinimisGroup.GENERAL.value,
    "hiw_fdp_tech": True,
    "hiw_fdp_product": True,
    "hiw_class_kind": EAR99,
    "hiw_eccn": "",
    "hiw_note_1a995": False,
    "hiw_published": False,
    "hiw_research": False,
    "hiw_movement": Movement.EXPORT.value,
    "hiw_via_us": False,
    "hiw_en_route": False,
    "hiw_before": "unstated",
    "hiw_infectious": False,
    "hiw_as_of": LISTING_DATE,
    "hiw_role_purchaser": "unlisted",
    "hiw_role_intermediate_consignee": "absent",
    "hiw_role_ultimate_consignee": "unlisted",
    "hiw_role_end_user": "listed",
}

PAGE = "how-it-works"


def sources_text(section: str) -> str:
    """A section's 'Sources:' line: its sources come from the dataset (data/page_citations.csv)."""
    return "Sources: " + source_links(dataset(), page_source_ids(dataset(), PAGE, section)) + "."


def section(heading: str, text: str, cited: str, folded: bool = True) -> None:
    """A reference section: its heading, its text and its sources. Folded sections are built when opened: the
    reference part below the model cost about 0.3 s on every visit when it was all sent (measured), and most
    readers open one or two of them."""
    if not folded:
        st.markdown(f"## {heading}\n\n{text}\n\n:small[{sources_text(cited)}]")
        return
    with lazy_expander(heading, f"hiw_sec_{cited}") as shown:
        if shown:
            st.markdown(f"{text}\n\n:small[{sources_text(cited)}]")


def widget_values(tx: Transaction) -> dict[str, object]:
    """The widget state that represents a transaction (party names are not shown in the widgets)."""
    values: dict[str, object] = {
        "hiw_item_type": tx.item_type.value,
        "hiw_origin": tx.origin.value,
        "hiw_us_content": float(tx.us_content_percent),
        "hiw_content_controlled": tx.us_content_controlled,
        "hiw_de_minimis": tx.de_minimis_group.value,
        "hiw_fdp_tech": tx.fdp_us_tech_ns_controlled,
        "hiw_fdp_product": tx.fdp_product_ns_controlled,
        "hiw_class_kind": EAR99 if tx.classification == EAR99 else "ECCN",
        "hiw_eccn": "" if tx.classification == EAR99 else tx.classification,
        "hiw_note_1a995": tx.protective_note_1a995,
        "hiw_published": tx.published,
        "hiw_research": tx.fundamental_research,
        "hiw_movement": tx.movement.value,
        "hiw_via_us": tx.via_united_states,
        "hiw_en_route": tx.en_route_before_listing,
        "hiw_before": next(k for k, v in BEFORE_VALUES.items() if v is tx.eligible_before_listing),
        "hiw_infectious": tx.infectious_disease_item,
        "hiw_as_of": tx.as_of,
    }
    for role, key in ROLE_KEYS.items():
        in_role = [p for p in tx.parties if p.role is role]
        values[key] = party_value(in_role) if in_role else "absent"
    return values


def transaction_from_state(state) -> Transaction:
    """Build the transaction from widget state; raises ValueError for a malformed ECCN."""
    parties = tuple(
        Party(role=role, listed=state[key] == "listed", owned_by_listed=state[key] == "affiliate")
        for role, key in ROLE_KEYS.items()
        if state[key] != "absent"
    )
    classification = EAR99 if state["hiw_class_kind"] == EAR99 else state["hiw_eccn"]
    return Transaction(
        item_type=ItemType(state["hiw_item_type"]),
        origin=ItemOrigin(state["hiw_origin"]),
        classification=classification,
        protective_note_1a995=bool(state["hiw_note_1a995"]),
        us_content_percent=float(state["hiw_us_content"]),
        us_content_controlled=bool(state["hiw_content_controlled"]),
        de_minimis_group=DeMinimisGroup(state["hiw_de_minimis"]),
        fdp_us_tech_ns_controlled=bool(state["hiw_fdp_tech"]),
        fdp_product_ns_controlled=bool(state["hiw_fdp_product"]),
        published=bool(state["hiw_published"]),
        movement=Movement(state["hiw_movement"]),
        parties=parties,
        en_route_before_listing=bool(state["hiw_en_route"]),
        fundamental_research=bool(state["hiw_research"]),
        via_united_states=bool(state["hiw_via_us"]),
        eligible_before_listing=BEFORE_VALUES.get(state["hiw_before"]),
        infectious_disease_item=bool(state["hiw_infectious"]),
        as_of=state["hiw_as_of"],
    )


def _apply_preset(slug: str) -> None:
    st.session_state.update(widget_values(PRESETS[slug].transaction))
    st.session_state["hiw_preset"] = slug


def _on_preset_change() -> None:
    slug = st.session_state["hiw_preset"]
    if slug in PRESETS:
        _apply_preset(slug)


def _on_edit() -> None:
    # Any hand edit leaves the preset, so the URL stops claiming it.
    st.session_state["hiw_preset"] = CUSTOM


def _on_origin_change() -> None:
    # A foreign-made item is already abroad: the movement follows, so the de minimis test is what decides.
    _on_edit()
    st.session_state["hiw_movement"] = movement_for_origin(
        st.session_state["hiw_origin"], st.session_state["hiw_movement"]
    ).value


def _render_outcome(outcome: Outcome) -> None:
    st.markdown(f"### {outcome.verdict}")
    yes_no = {True: "Yes", False: "No"}
    policy = outcome.review_policy.value.capitalize() if outcome.review_policy else "No application needed"
    exceptions = "None available" if not outcome.licence_exceptions_available else "Not barred by this rule"
    if not outcome.settled:  # the sources do not show the answer: say so rather than print a No
        yes_no = {True: "Not shown by the sources", False: "Not shown by the sources"}
        policy = exceptions = "Not shown by the sources"
    lines = [
        f"- **Subject to the EAR:** {yes_no[outcome.subject_to_ear]}",
        f"- **Licence required under this rule:** {yes_no[outcome.licence_required]}",
        f"- **Review of a licence application:** {policy}",
        f"- **Licence exceptions:** {exceptions}",
        "",
        "**How we got there**",
    ]
    st.markdown("\n".join(lines))
    steps = [
        f"{n}. **{step.question}** {step.answer}  \n   {step.explanation} *({step.citation})*"
        for n, step in enumerate(outcome.steps, start=1)
    ]
    st.markdown("\n".join(steps))
    # The caveats are long and the same for most answers: built when opened.
    with lazy_expander(f"What this model simplifies ({len(outcome.caveats)} points)", "hiw_caveats") as shown:
        if shown:
            st.markdown("\n".join(f"- {c}" for c in outcome.caveats))


# --- State and the URL -------------------------------------------------------------------------------------

if "hiw_preset" not in st.session_state:
    # A fresh visit (or a return from another page, which clears this page's widgets): honour the URL anew.
    st.session_state["hiw_url_seen"] = None
    st.session_state["hiw_tx_seen"] = None
for _key, _value in DEFAULTS.items():
    st.session_state.setdefault(_key, _value)
st.session_state.setdefault("hiw_preset", CUSTOM)

bad_preset = False
requested = st.query_params.get(QUERY_KEY)
# Apply the URL only when it changed from outside (first load, back/forward), never over the user's edits.
if requested is not None and requested != st.session_state.get("hiw_url_seen"):
    if requested in PRESETS:
        _apply_preset(requested)
    else:
        bad_preset = True
        del st.query_params[QUERY_KEY]
# A hand-built transaction has its own link (listed.txlink): apply it when it changed from outside.
url_tx = {k: v for k, v in st.query_params.to_dict().items() if k in TX_KEYS}
tx_notices: list[str] = []
DATA_AS_OF = data_as_of(dataset())
if QUERY_KEY not in st.query_params and url_tx and url_tx != st.session_state.get("hiw_tx_seen"):
    if set(url_tx) == {"asof"}:  # only a day: keep the transaction on screen, move it to that day
        day, notice = parse_as_of(url_tx["asof"], DATA_AS_OF)
        tx_notices = [notice] if notice else []
        if day is not None:
            st.session_state["hiw_as_of"] = day
            st.session_state["hiw_preset"] = CUSTOM
    else:
        linked, tx_notices = from_params(url_tx, DATA_AS_OF)
        if linked is not None:
            st.session_state.update(widget_values(linked))
            st.session_state["hiw_preset"] = CUSTOM
    st.session_state["hiw_tx_seen"] = url_tx

# --- Page ----------------------------------------------------------------------------------------------------

st.title("How the Entity List works")
st.markdown(page_text(dataset(), PAGE, "intro"))
st.caption(page_text(dataset(), PAGE, "disclaimer"))
wrap_checkbox_labels()

if bad_preset:
    valid = ", ".join(f"`{slug}`" for slug in PRESETS)
    st.warning(f"Unknown preset ignored. Valid presets: {valid}.")
for _msg in tx_notices:
    st.warning(f"Part of the link was ignored: {md_escape(_msg)}")

st.selectbox(
    "Start from a scenario",
    options=[CUSTOM, *PRESETS],
    format_func=lambda s: "Your own transaction" if s == CUSTOM else PRESETS[s].title,
    key="hiw_preset",
    on_change=_on_preset_change,
    help="Each scenario has its own link: the address bar shows ?preset=… once you pick one.",
)
current = st.session_state["hiw_preset"]
if current in PRESETS:
    st.info(PRESETS[current].description)

build, answer = st.columns([1, 1], gap="large")

with build:
    st.subheader("Step 1. The item")
    st.radio(
        "What is it?",
        options=list(ITEM_TYPE_LABELS),
        format_func=ITEM_TYPE_LABELS.get,
        key="hiw_item_type",
        horizontal=True,
        on_change=_on_edit,
    )
    st.radio(
        "Where does it come from?",
        options=list(ORIGIN_LABELS),
        format_func=ORIGIN_LABELS.get,
        key="hiw_origin",
        on_change=_on_origin_change,
    )
    origin = st.session_state["hiw_origin"]
    if origin == ItemOrigin.FOREIGN_WITH_US_CONTENT.value:
        st.number_input(
            "U.S.-origin content, as a share of the item's value (%)",
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            key="hiw_us_content",
            on_change=_on_edit,
        )
        st.checkbox(
            "That U.S. content is controlled (it would need a licence to the destination by its classification)",
            key="hiw_content_controlled",
            on_change=_on_edit,
            help=page_text(dataset(), PAGE, "help-content-controlled"),
        )
        st.radio(
            "De minimis level for the destination",
            options=list(DE_MINIMIS_LABELS),
            format_func=DE_MINIMIS_LABELS.get,
            key="hiw_de_minimis",
            on_change=_on_edit,
            help=page_text(dataset(), PAGE, "help-de-minimis"),
        )
    elif origin == ItemOrigin.FOREIGN_DIRECT_PRODUCT.value:
        st.checkbox(
            "The U.S. technology or software it was made with is controlled for national-security reasons",
            key="hiw_fdp_tech",
            on_change=_on_edit,
        )
        st.checkbox(
            "The foreign-made product is itself controlled for national-security reasons",
            key="hiw_fdp_product",
            on_change=_on_edit,
        )
    st.radio(
        "Its classification",
        options=[EAR99, "ECCN"],
        format_func=lambda k: "EAR99 (no ECCN applies)" if k == EAR99 else "An ECCN on the Commerce Control List",
        key="hiw_class_kind",
        horizontal=True,
        on_change=_on_edit,
    )
    st.checkbox(
        "Needed to detect, identify and treat infectious disease (for example test kits)",
        key="hiw_infectious",
        on_change=_on_edit,
        help=page_text(dataset(), PAGE, "help-infectious"),
    )
    if st.session_state["hiw_class_kind"] == EAR99:
        st.checkbox(
            "Protective or medical goods described in the Note to ECCN 1A995",
            key="hiw_note_1a995",
            on_change=_on_edit,
            help=page_text(dataset(), PAGE, "help-note-1a995"),
        )
    else:
        st.text_input(
            "ECCN",
            key="hiw_eccn",
            max_chars=20,
            placeholder="e.g. 1A004.c or 3A001",
            on_change=_on_edit,
        )
    if st.session_state["hiw_item_type"] != ItemType.COMMODITY.value:
        st.checkbox(
            "Published: freely available to the public without restriction",
            key="hiw_published",
            on_change=_on_edit,
        )
        st.checkbox(
            "From fundamental research, and meant to be published (even if not yet published)",
            key="hiw_research",
            on_change=_on_edit,
            help=page_text(dataset(), PAGE, "help-research"),
        )

    st.subheader("Step 2. The movement")
    st.radio(
        "How does it move?",
        options=list(MOVEMENT_LABELS),
        format_func=MOVEMENT_LABELS.get,
        key="hiw_movement",
        on_change=_on_edit,
    )
    if origin != ItemOrigin.US_ORIGIN.value and st.session_state["hiw_movement"] != Movement.TRANSFER.value:
        st.checkbox(
            "It passes through the United States on the way (in transit or transshipped)",
            key="hiw_via_us",
            on_change=_on_edit,
            help=page_text(dataset(), PAGE, "help-via-us"),
        )
    st.checkbox(
        page_text(dataset(), PAGE, "label-en-route"),
        key="hiw_en_route",
        on_change=_on_edit,
    )
    if st.session_state["hiw_en_route"]:
        st.radio(
            "Before the listing, could it go to China without a licence?",
            options=list(BEFORE_OPTIONS),
            format_func=BEFORE_OPTIONS.get,
            key="hiw_before",
            on_change=_on_edit,
            help=page_text(dataset(), PAGE, "help-before"),
        )

    st.subheader("Step 3. The parties")
    st.caption(page_text(dataset(), PAGE, "parties-caption"))
    for role, key in ROLE_KEYS.items():
        st.radio(
            role.value.capitalize(),
            options=list(PARTY_OPTIONS),
            format_func=PARTY_OPTIONS.get,
            key=key,
            horizontal=True,
            on_change=_on_edit,
            help=ROLE_HELP[role],
        )

    st.subheader("Step 4. The date")
    st.date_input(
        "On which day does it take place?",
        key="hiw_as_of",
        min_value=LISTING_DATE,
        max_value=DATA_AS_OF,
        format="YYYY-MM-DD",
        on_change=_on_edit,
        help="The entries' review policy and the Affiliates rule changed over time; the answer applies the rules "
        "in force on this day.",
    )
    _day = st.session_state["hiw_as_of"]
    _policy = policy_in_force_md(dataset(), _day)
    if _policy is not None:
        st.markdown(f"**Review policy on {day_text(_day)}:** {_policy}")
    st.markdown(f"**The Affiliates rule on {day_text(_day)}:** {affiliates_md(dataset(), _day)}")

with answer, st.container(border=True, key="hiw_outcome"):
    st.subheader("The answer")
    try:
        tx = transaction_from_state(st.session_state)
    except ValueError:
        st.error("Enter an ECCN such as 1A004.c or 3A001 (digit, letter A-E, three digits), or choose EAR99.")
    else:
        _render_outcome(evaluate(tx))

# Only a preset in use belongs in the URL; defaults and hand-built transactions stay out of it.
if st.session_state["hiw_preset"] in PRESETS:
    # Write only on change: rewriting the same value on a page's first run makes the frontend say "Page not found".
    if st.query_params.to_dict() != {QUERY_KEY: st.session_state["hiw_preset"]}:
        st.query_params.from_dict({QUERY_KEY: st.session_state["hiw_preset"]})
    st.session_state["hiw_url_seen"] = st.session_state["hiw_preset"]
else:
    # A hand-built transaction other than the page's default is linkable: its fields go in the URL.
    try:
        tx_params = to_params(transaction_from_state(st.session_state))
        default_params = to_params(transaction_from_state(DEFAULTS))
    except ValueError:  # a malformed ECCN: keep the last good link
        tx_params = default_params = None
    if tx_params is not None:
        want = {} if tx_params == default_params else tx_params
        if st.query_params.to_dict() != want:
            st.query_params.from_dict(want)
        st.session_state["hiw_tx_seen"] = want
    st.session_state["hiw_url_seen"] = None

# --- Reference sections: what the list is, and the list in practice -------------------------------------------

# The text, headings and folding come from data/reference_sections.csv, the sources from data/page_citations.csv.
_part = ""
for _ref in reference_sections(dataset(), PAGE).itertuples():
    if _ref.part != _part:  # a part's heading, once before its first section
        st.header(_ref.part)
        _part = _ref.part
    section(_ref.heading, _ref.body, _ref.section, folded=bool(_ref.folded))

st.header("How the entries changed over time")
st.markdown(page_text(dataset(), PAGE, "listing-history"))
history_table(dataset(), DATA_AS_OF)

ds = dataset()
with lazy_expander("Section numbers then and now", "hiw_sec_numbering") as shown:  # built when opened
    if shown:
        st.markdown(
            page_text(ds, PAGE, "ear-numbering") + "\n\n"
            "| Provision | October 2019 | Today | What changed | Sources |\n| --- | --- | --- | --- | --- |\n"
            + "\n".join(
                f"| {md_escape(r.topic)} | {md_escape(r.ref_2019)} | {md_escape(r.ref_today)} | "
                f"{md_escape(r.change)} | {source_links(ds, r.source_ids.split(';'), True)} |"
                for r in ds.ear_numbering.itertuples()
            )
        )

st.header("Glossary")
glossary = ds.glossary  # data/glossary.csv: each term with its own sources
with lazy_expander("Terms used on this page", "hiw_glossary") as shown:  # built when opened
    if shown:
        st.markdown(
            "| Term | Meaning | Sources |\n| --- | --- | --- |\n"
            + "\n".join(
                f"| {md_escape(g.term)} | {md_escape(g.definition)} | "
                f"{source_links(ds, g.source_ids.split(';'), True)} |"
                for g in glossary.itertuples()
            )
        )
st.caption("Sources: " + source_links(dataset(), glossary_source_ids(dataset()), short=True) + ".")
