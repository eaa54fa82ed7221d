"""The rules engine at its edges: both sides of every threshold, each leg of each test, and what each step says."""

from __future__ import annotations

import pytest

from listed import rules
from listed.rules import (
    CITE_DE_MINIMIS,
    CITE_ENTITY_LIST,
    CITE_FDP,
    CITE_PARTIES,
    CITE_PUBLISHED,
    CITE_REQUIREMENT,
    CITE_REVIEW,
    CITE_SCOPE,
    DeMinimisGroup,
    ItemOrigin,
    ItemType,
    Movement,
    Party,
    ReviewPolicy,
    Role,
    Transaction,
    evaluate,
)

HIK = (Party(Role.END_USER, True, "Hikvision"),)


def step(out, citation: str):
    """The one step of ``out`` that cites ``citation``."""
    found = [s for s in out.steps if s.citation == citation]
    assert len(found) == 1, [s.citation for s in out.steps]
    return found[0]


# --- de minimis: 10% for Country Group E:1, 25% elsewhere; "exceeds" means strictly above ------------------------

E1, GENERAL = DeMinimisGroup.E1, DeMinimisGroup.GENERAL
DE_MINIMIS = [
    (E1, 0, False), (E1, 9.99, False), (E1, 10, False), (E1, 10.01, True), (E1, 11, True), (E1, 100, True),
    (GENERAL, 10.01, False), (GENERAL, 24, False), (GENERAL, 24.99, False), (GENERAL, 25, False),
    (GENERAL, 25.01, True), (GENERAL, 26, True), (GENERAL, 100, True),
]  # fmt: skip


@pytest.mark.parametrize(("group", "pct", "subject"), DE_MINIMIS, ids=[f"{g}-{p}" for g, p, _ in DE_MINIMIS])
def test_de_minimis_boundaries(group, pct, subject) -> None:
    tx = Transaction(
        origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=pct, de_minimis_group=group,
        movement=Movement.REEXPORT, parties=HIK,
    )  # fmt: skip
    out = evaluate(tx)
    assert out.subject_to_ear is subject
    assert out.licence_required is subject
    level = 10 if group is E1 else 25
    dm = step(out, CITE_DE_MINIMIS)
    assert dm.decisive is not subject
    if subject:
        assert dm.answer == f"Yes: {pct:g}% controlled U.S. content is above the {level}% level."
    else:
        assert dm.answer == f"No: {pct:g}% controlled U.S. content is at or below the {level}% level."
    assert dm.explanation.startswith(f"Controlled U.S.-origin content is {pct:g}% of the item's value.")
    where = "Country Group E:1, where the level is 10%" if group is E1 else "generally 25%"
    assert where in dm.explanation
    if group is GENERAL:
        assert "where the level is 10%" not in dm.explanation


def test_de_minimis_levels() -> None:
    assert (rules.DE_MINIMIS_E1_PERCENT, rules.DE_MINIMIS_GENERAL_PERCENT) == (10.0, 25.0)


@pytest.mark.parametrize("group", list(DeMinimisGroup))
def test_uncontrolled_us_content_counts_as_nothing(group) -> None:
    tx = Transaction(
        origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=100, us_content_controlled=False,
        de_minimis_group=group, movement=Movement.REEXPORT, parties=HIK,
    )  # fmt: skip
    out = evaluate(tx)
    assert not out.subject_to_ear
    dm = step(out, CITE_DE_MINIMIS)
    assert dm.answer.startswith("No: 0% controlled U.S. content is at or below")
    assert dm.explanation.startswith("The U.S. content (100%) is not controlled content")
    assert "controlled content is 0%" in dm.explanation


def test_foreign_made_item_leaving_the_united_states_skips_de_minimis_and_fdp() -> None:
    for origin in (ItemOrigin.FOREIGN_WITH_US_CONTENT, ItemOrigin.FOREIGN_DIRECT_PRODUCT):
        out = evaluate(Transaction(origin=origin, us_content_percent=0, movement=Movement.EXPORT, parties=HIK))
        assert out.subject_to_ear and out.licence_required
        assert step(out, CITE_SCOPE).answer == "Yes: it is being shipped out of the United States."
        assert CITE_DE_MINIMIS not in out.citations and CITE_FDP not in out.citations


# --- us_content_percent: 0 to 100 inclusive, stored as a float ----------------------------------------------------


@pytest.mark.parametrize("pct", [0, 0.0, 50, 99.99, 100, 100.0, "12.5"])
def test_content_share_in_range_accepted_as_float(pct) -> None:
    tx = Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=pct)
    assert type(tx.us_content_percent) is float
    assert tx.us_content_percent == float(pct)


@pytest.mark.parametrize("pct", [-0.01, -1, 100.01, 101, 1000])
def test_content_share_out_of_range_names_the_bounds(pct) -> None:
    with pytest.raises(ValueError, match=r"between 0 and 100, got"):
        Transaction(us_content_percent=pct)


# --- foreign direct product: both legs are needed --------------------------------------------------------------

TECH_LEG = "the U.S.-origin technology or software is not controlled for national-security reasons"
PRODUCT_LEG = "the foreign-made product is not itself controlled for national-security reasons"
FDP_LEGS = [
    (True, True, None),
    (False, True, [TECH_LEG]),
    (True, False, [PRODUCT_LEG]),
    (False, False, [TECH_LEG, PRODUCT_LEG]),
]


@pytest.mark.parametrize(("tech", "product", "missing"), FDP_LEGS)
def test_foreign_direct_product_legs(tech, product, missing) -> None:
    tx = Transaction(
        origin=ItemOrigin.FOREIGN_DIRECT_PRODUCT, classification="3A001", fdp_us_tech_ns_controlled=tech,
        fdp_product_ns_controlled=product, movement=Movement.REEXPORT, parties=HIK,
    )  # fmt: skip
    out = evaluate(tx)
    fdp = step(out, CITE_FDP)
    assert out.subject_to_ear is (missing is None)
    assert out.licence_required is (missing is None)
    assert fdp.decisive is (missing is not None)
    assert rules.CAVEAT_FDP in out.caveats and rules.CAVEAT_NUMBERING in out.caveats
    if missing is None:
        assert fdp.answer.startswith("Yes: it is the direct product")
        assert out.review_policy == ReviewPolicy.PRESUMPTION_OF_DENIAL
    else:
        want = "No: it falls outside the general foreign direct product rule, because " + " and ".join(missing) + "."
        assert fdp.answer == want
        assert out.verdict == rules.VERDICT_NOT_SUBJECT
        assert step(out, CITE_ENTITY_LIST).answer.startswith("Not under this rule")


# --- published software and technology; a commodity cannot be published ---------------------------------------


@pytest.mark.parametrize("item", [ItemType.SOFTWARE, ItemType.TECHNOLOGY])
@pytest.mark.parametrize("listed", [True, False])
def test_published_software_and_technology_are_outside_the_ear(item, listed) -> None:
    out = evaluate(Transaction(item_type=item, published=True, parties=(Party(Role.END_USER, listed),)))
    assert not out.subject_to_ear and not out.licence_required and out.licence_exceptions_available
    assert out.verdict == rules.VERDICT_NOT_SUBJECT
    pub = out.steps[0]
    assert pub.citation == CITE_PUBLISHED and pub.decisive
    assert pub.question == f"Is the {item.value} published, i.e. freely available to the public?"
    assert pub.answer == f"Yes: published {item.value} is not subject to the EAR."
    assert rules.CAVEAT_PUBLISHED in out.caveats
    # Only a listed party needs the note that the Entity List covers only items subject to the EAR.
    assert [s.citation for s in out.steps] == [CITE_PUBLISHED, CITE_ENTITY_LIST] if listed else [CITE_PUBLISHED]


def test_published_commodity_stays_subject() -> None:
    out = evaluate(Transaction(item_type=ItemType.COMMODITY, published=True, parties=HIK))
    assert out.subject_to_ear and out.licence_required
    assert step(out, CITE_PUBLISHED).answer.startswith("No: the published-information exclusion covers only")
    assert not step(out, CITE_PUBLISHED).decisive
    assert rules.CAVEAT_PUBLISHED not in out.caveats


@pytest.mark.parametrize("item", list(ItemType))
def test_unpublished_items_need_the_licence(item) -> None:
    out = evaluate(Transaction(item_type=item, published=False, parties=HIK))
    assert out.licence_required and CITE_PUBLISHED not in out.citations


# --- where a U.S.-origin item is -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("movement", "where"),
    [
        (Movement.EXPORT, "It is in the United States."),
        (Movement.REEXPORT, "It is a U.S.-origin item, which stays subject to the EAR wherever it is located."),
        (Movement.TRANSFER, "It is a U.S.-origin item, which stays subject to the EAR wherever it is located."),
    ],
)
def test_us_origin_item_is_subject_wherever_it_is(movement, where) -> None:
    out = evaluate(Transaction(movement=movement, parties=HIK))
    scope = step(out, CITE_SCOPE)
    assert scope.answer == "Yes: it is a U.S.-origin item."
    assert scope.explanation.startswith(where)
    assert (rules.CAVEAT_IN_COUNTRY in out.caveats) is (movement is Movement.TRANSFER)
    assert step(out, CITE_REQUIREMENT).question == f"Does the entry require a licence for this {movement.value}?"


# --- the parties ----------------------------------------------------------------------------------------------


def test_no_listed_party_says_which_case() -> None:
    none_listed = evaluate(Transaction(parties=(Party(Role.END_USER, False, "a shop"),)))
    nobody = evaluate(Transaction())
    for out in (none_listed, nobody):
        assert out.verdict == rules.VERDICT_NO_LISTED_PARTY
        assert step(out, CITE_PARTIES).answer == "No."
        assert rules.CAVEAT_KNOW_YOUR_CUSTOMER in out.caveats
    assert step(none_listed, CITE_PARTIES).explanation.startswith("None of the parties entered is one of the 28")
    assert step(nobody, CITE_PARTIES).explanation.startswith("No parties were entered, so none is one of the 28")


def test_listed_parties_are_named_in_order() -> None:
    parties = (
        Party(Role.PURCHASER, True, "Dahua"),
        Party(Role.INTERMEDIATE_CONSIGNEE, False, "a forwarder"),
        Party(Role.END_USER, True),
    )
    tx = Transaction(parties=parties)
    assert tx.listed_parties == (parties[0], parties[2])
    assert step(evaluate(tx), CITE_PARTIES).answer == "Yes: the purchaser (Dahua), the end user."


def test_party_describe() -> None:
    assert Party(Role.END_USER, True, "Hikvision").describe() == "the end user (Hikvision)"
    assert Party(Role.INTERMEDIATE_CONSIGNEE, False).describe() == "the intermediate consignee"


def test_preset_party_helpers() -> None:
    # PRESETS are built once at import; these build them, so they are checked directly.
    assert rules._party(Role.END_USER, True, "Yitu") == Party(role=Role.END_USER, listed=True, name="Yitu")
    assert rules._party(Role.PURCHASER, False) == Party(role=Role.PURCHASER, listed=False, name="")
    assert rules._one_party(True, "Yixin", Role.PURCHASER, Role.END_USER) == (
        Party(Role.PURCHASER, True, "Yixin"),
        Party(Role.END_USER, True, "Yixin"),
    )


# --- the savings clause --------------------------------------------------------------------------------------


def test_savings_clause_steps() -> None:
    out = evaluate(Transaction(en_route_before_listing=True, parties=HIK))
    req = step(out, CITE_REQUIREMENT)
    assert req.answer == "It would, but see the savings clause below." and not req.decisive
    assert out.verdict == rules.VERDICT_SAVINGS and out.licence_exceptions_available
    assert rules.CAVEAT_SAVINGS in out.caveats and rules.CAVEAT_KNOW_YOUR_CUSTOMER not in out.caveats
    normal = step(evaluate(Transaction(parties=HIK)), CITE_REQUIREMENT)
    assert normal.answer.startswith("Yes: a licence is required for all items") and normal.decisive


# --- review policy: verdict, answer and caveats agree --------------------------------------------------------

REVIEW = [
    ("EAR99", False, ReviewPolicy.PRESUMPTION_OF_DENIAL,
     "Presumption of denial: an EAR99 item is not among the items named for case-by-case review."),
    ("EAR99", True, ReviewPolicy.CASE_BY_CASE,
     "Case-by-case: the item is EAR99 protective or medical goods described in the Note to ECCN 1A995."),
    ("3A991", False, ReviewPolicy.PRESUMPTION_OF_DENIAL,
     "Presumption of denial: ECCN 3A991 is not among the items named for case-by-case review."),
    ("1A004.c", False, ReviewPolicy.CASE_BY_CASE,
     "Case-by-case: the item is ECCN 1A004.c, one of the eight ECCNs the rule named."),
    ("1A004.cc", False, ReviewPolicy.PRESUMPTION_OF_DENIAL,
     "Presumption of denial: ECCN 1A004.cc is not among the items named for case-by-case review."),
    ("1A995", False, ReviewPolicy.CASE_BY_CASE,
     "Case-by-case: the item is ECCN 1A995, one of the eight ECCNs the rule named."),
    ("1A995.b", False, ReviewPolicy.CASE_BY_CASE,
     "Case-by-case: the item is ECCN 1A995.b, one of the eight ECCNs the rule named."),
]  # fmt: skip


@pytest.mark.parametrize(("item", "note", "policy", "answer"), REVIEW)
def test_review_policy_answer_and_verdict(item, note, policy, answer) -> None:
    out = evaluate(Transaction(classification=item, protective_note_1a995=note, parties=HIK))
    assert out.review_policy == policy
    assert step(out, CITE_REVIEW).answer == answer
    if policy == ReviewPolicy.CASE_BY_CASE:
        assert out.verdict == "Licence required: case-by-case review"
    else:
        assert out.verdict == "Licence required: presumption of denial"
    assert rules.is_case_by_case_item(item, note) is (policy == ReviewPolicy.CASE_BY_CASE)


def test_protective_note_on_a_classified_item_gets_its_own_step() -> None:
    out = evaluate(Transaction(classification="3A991", protective_note_1a995=True, parties=HIK))
    carve_out = [s for s in out.steps if s.question == "Does the protective-goods carve-out apply?"]
    assert [s.answer for s in carve_out] == [
        "Not as entered: it covers EAR99 items, and this item is classified 3A991."
    ]
    for tx in (
        Transaction(protective_note_1a995=True, parties=HIK),
        Transaction(classification="3A991", parties=HIK),
    ):
        assert not any("carve-out" in s.question for s in evaluate(tx).steps)


@pytest.mark.parametrize(
    ("item", "named"),
    [("1A004", "1A004.c, 1A004.d"), ("1A999", "1A999.a"), ("1A995", None), ("3A991", None), ("EAR99", None)],
)
def test_parent_eccn_caveat(item, named) -> None:
    out = evaluate(Transaction(classification=item, parties=HIK))
    parent = [c for c in out.caveats if c.startswith("Only some subparagraphs")]
    if named is None:
        assert parent == []
    else:
        assert parent == [
            f"Only some subparagraphs of {item} were named for case-by-case review ({named}); enter the full "
            "ECCN to see the policy for those."
        ]


# --- the transaction is normalised on creation ------------------------------------------------------------------


def test_transaction_coerces_its_fields() -> None:
    tx = Transaction(
        item_type="technology", origin="foreign-direct-product", movement="in-country transfer",
        de_minimis_group="e1", classification="eccn 1a004.C", parties=[Party(Role.END_USER, True)],
    )  # fmt: skip
    assert type(tx.item_type) is ItemType and tx.item_type is ItemType.TECHNOLOGY
    assert type(tx.origin) is ItemOrigin and tx.origin is ItemOrigin.FOREIGN_DIRECT_PRODUCT
    assert type(tx.movement) is Movement and tx.movement is Movement.TRANSFER
    assert type(tx.de_minimis_group) is DeMinimisGroup and tx.de_minimis_group is DeMinimisGroup.E1
    assert tx.classification == "1A004.c"
    assert tx.parties == (Party(Role.END_USER, True),) and type(tx.parties) is tuple
    assert not hasattr(tx, "XXoriginXX")


def test_plain_string_fields_give_the_same_answer_as_enums() -> None:
    as_text = Transaction(
        origin="foreign-us-content", us_content_percent=15, de_minimis_group="e1", movement="reexport",
        parties=HIK,
    )  # fmt: skip
    out = evaluate(as_text)
    assert out.subject_to_ear and out.licence_required
    assert "10% level" in step(out, CITE_DE_MINIMIS).answer


def test_malformed_classification_explains_the_format() -> None:
    with pytest.raises(ValueError, match=r"EAR99 or an ECCN such as 1A004\.c"):
        rules.normalise_classification("GPU")
