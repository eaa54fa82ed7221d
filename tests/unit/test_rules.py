"""Table-driven tests of the Entity List rules engine (listed.rules)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from listed import rules
from listed.rules import (
    CITE_BASIS,
    CITE_DE_MINIMIS,
    CITE_EXCEPTIONS,
    CITE_FDP,
    CITE_PARTIES,
    CITE_PUBLISHED,
    CITE_REQUIREMENT,
    CITE_REVIEW,
    CITE_SAVINGS,
    CITE_SCOPE,
    PRESETS,
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

DENIAL = ReviewPolicy.PRESUMPTION_OF_DENIAL
CASE = ReviewPolicy.CASE_BY_CASE


def listed_end_user(name: str = "Hikvision") -> tuple[Party, ...]:
    return (
        Party(Role.PURCHASER, True, name),
        Party(Role.ULTIMATE_CONSIGNEE, True, name),
        Party(Role.END_USER, True, name),
    )


@dataclass(frozen=True)
class Case:
    """One scenario: the transaction, the expected answer, and the rule that decides it."""

    id: str
    tx: Transaction
    subject: bool
    licence: bool
    policy: ReviewPolicy | None
    exceptions: bool
    decided_by: str
    also_cites: tuple[str, ...] = ()


CASES = [
    Case(
        "us-origin EAR99 export to a listed company",
        Transaction(parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT, (CITE_SCOPE, CITE_PARTIES, CITE_BASIS, CITE_EXCEPTIONS),
    ),
    Case(
        "ECCN outside the case-by-case list",
        Transaction(classification="3A991", parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT, (CITE_REVIEW,),
    ),
    Case(
        "case-by-case ECCN 1A004.c",
        Transaction(classification="1A004.c", parties=listed_end_user()),
        True, True, CASE, False, CITE_REQUIREMENT, (CITE_REVIEW,),
    ),
    Case(
        "case-by-case subparagraph 1A004.d.1, typed in lower case",
        Transaction(classification="1a004.D.1", parties=listed_end_user()),
        True, True, CASE, False, CITE_REQUIREMENT,
    ),
    Case(
        "case-by-case technology 2E983",
        Transaction(item_type=ItemType.TECHNOLOGY, classification="2E983", parties=listed_end_user()),
        True, True, CASE, False, CITE_REQUIREMENT,
    ),
    Case(
        "1A004.a is not on the case-by-case list",
        Transaction(classification="1A004.a", parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT,
    ),
    Case(
        "EAR99 protective goods under the Note to 1A995",
        Transaction(protective_note_1a995=True, parties=listed_end_user("XUAR PSB")),
        True, True, CASE, False, CITE_REQUIREMENT, (CITE_REVIEW,),
    ),
    Case(
        "protective-goods flag ignored for an ECCN item",
        Transaction(classification="3A991", protective_note_1a995=True, parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT,
    ),
    Case(
        "no listed party",
        Transaction(parties=(Party(Role.PURCHASER, False), Party(Role.END_USER, False))),
        True, False, None, True, CITE_PARTIES,
    ),
    Case(
        "no parties entered at all",
        Transaction(),
        True, False, None, True, CITE_PARTIES,
    ),
    Case(
        "listed end user behind an unlisted distributor",
        Transaction(
            parties=(
                Party(Role.PURCHASER, False),
                Party(Role.ULTIMATE_CONSIGNEE, False),
                Party(Role.END_USER, True, "a listed bureau"),
            )
        ),
        True, True, DENIAL, False, CITE_REQUIREMENT, (CITE_PARTIES,),
    ),
    Case(
        "listed intermediate consignee only",
        Transaction(
            parties=(Party(Role.INTERMEDIATE_CONSIGNEE, True), Party(Role.END_USER, False)),
        ),
        True, True, DENIAL, False, CITE_REQUIREMENT,
    ),
    Case(
        "reexport of a U.S.-origin item",
        Transaction(movement=Movement.REEXPORT, parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT, (CITE_SCOPE,),
    ),
    Case(
        "in-country transfer of a U.S.-origin item",
        Transaction(movement=Movement.TRANSFER, parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT,
    ),
    Case(
        "foreign-made, 10% controlled U.S. content: below de minimis",
        Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=10,
                    movement=Movement.REEXPORT, parties=listed_end_user()),
        False, False, None, True, CITE_DE_MINIMIS,
    ),
    Case(
        "foreign-made, exactly 25%: at the level, so outside",
        Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=25,
                    movement=Movement.REEXPORT, parties=listed_end_user()),
        False, False, None, True, CITE_DE_MINIMIS,
    ),
    Case(
        "foreign-made, 25.5%: above de minimis",
        Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=25.5,
                    movement=Movement.REEXPORT, parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT, (CITE_DE_MINIMIS,),
    ),
    Case(
        "foreign-made, 15% to Country Group E:1: above the 10% level",
        Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=15,
                    de_minimis_group=DeMinimisGroup.E1, movement=Movement.REEXPORT, parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT, (CITE_DE_MINIMIS,),
    ),
    Case(
        "foreign-made, 60% U.S. content that is not controlled",
        Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=60, us_content_controlled=False,
                    movement=Movement.REEXPORT, parties=listed_end_user()),
        False, False, None, True, CITE_DE_MINIMIS,
    ),
    Case(
        "foreign-made item exported from the United States",
        Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=0,
                    movement=Movement.EXPORT, parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT, (CITE_SCOPE,),
    ),
    Case(
        "foreign direct product within the general rule",
        Transaction(origin=ItemOrigin.FOREIGN_DIRECT_PRODUCT, classification="3A001", fdp_us_tech_ns_controlled=True,
                    fdp_product_ns_controlled=True, movement=Movement.REEXPORT, parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT, (CITE_FDP,),
    ),
    Case(
        "foreign direct product of uncontrolled technology",
        Transaction(origin=ItemOrigin.FOREIGN_DIRECT_PRODUCT, fdp_us_tech_ns_controlled=False,
                    fdp_product_ns_controlled=True, movement=Movement.REEXPORT, parties=listed_end_user()),
        False, False, None, True, CITE_FDP,
    ),
    Case(
        "published software is not subject to the EAR",
        Transaction(item_type=ItemType.SOFTWARE, published=True, parties=listed_end_user()),
        False, False, None, True, CITE_PUBLISHED,
    ),
    Case(
        "a commodity cannot be published",
        Transaction(item_type=ItemType.COMMODITY, published=True, parties=listed_end_user()),
        True, True, DENIAL, False, CITE_REQUIREMENT, (CITE_PUBLISHED,),
    ),
    Case(
        "proprietary software update",
        Transaction(item_type=ItemType.SOFTWARE, parties=listed_end_user("Dahua")),
        True, True, DENIAL, False, CITE_REQUIREMENT,
    ),
    Case(
        "shipment en route on 9 October 2019",
        Transaction(en_route_before_listing=True, parties=listed_end_user()),
        True, False, None, True, CITE_SAVINGS, (CITE_REQUIREMENT,),
    ),
    Case(
        "en route but no listed party: the parties decide",
        Transaction(en_route_before_listing=True, parties=(Party(Role.END_USER, False),)),
        True, False, None, True, CITE_PARTIES,
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_scenario(case: Case) -> None:
    out = evaluate(case.tx)
    assert out.subject_to_ear is case.subject
    assert out.licence_required is case.licence
    assert out.review_policy == case.policy
    assert out.licence_exceptions_available is case.exceptions
    assert out.deciding_step.citation == case.decided_by
    for cite in case.also_cites:
        assert cite in out.citations, f"{cite} missing from {out.citations}"


def test_at_least_fifteen_scenarios() -> None:
    assert len(CASES) >= 15


# The expected answer for every preset: (licence required, review policy, the deciding citation).
PRESET_EXPECTED = {
    "us-gpus-to-company": (True, DENIAL, CITE_REQUIREMENT),
    "reseller-reexports-servers": (True, DENIAL, CITE_REQUIREMENT),
    "foreign-low-us-content": (False, None, CITE_DE_MINIMIS),
    "foreign-high-us-content": (True, DENIAL, CITE_REQUIREMENT),
    "software-update": (True, DENIAL, CITE_REQUIREMENT),
    "protective-goods": (True, CASE, CITE_REQUIREMENT),
    "distributor-to-bureau": (True, DENIAL, CITE_REQUIREMENT),
    "unlisted-customer": (False, None, CITE_PARTIES),
    "in-country-transfer": (True, DENIAL, CITE_REQUIREMENT),
    "en-route-savings-clause": (False, None, CITE_SAVINGS),
    "foreign-direct-product": (True, DENIAL, CITE_REQUIREMENT),
    "case-by-case-eccn": (True, CASE, CITE_REQUIREMENT),
}


def test_every_preset_has_an_expectation() -> None:
    assert set(PRESETS) == set(PRESET_EXPECTED)


@pytest.mark.parametrize("slug", sorted(PRESETS))
def test_preset_runs_with_expected_outcome(slug: str) -> None:
    preset = PRESETS[slug]
    assert preset.slug == slug and preset.title and preset.description
    out = evaluate(preset.transaction)
    licence, policy, cite = PRESET_EXPECTED[slug]
    assert out.licence_required is licence
    assert out.review_policy == policy
    assert out.deciding_step.citation == cite
    assert out.licence_exceptions_available is not licence
    assert out.verdict


def test_required_presets_exist() -> None:
    required = {
        "us-gpus-to-company", "reseller-reexports-servers", "foreign-low-us-content", "foreign-high-us-content",
        "software-update", "protective-goods", "distributor-to-bureau", "unlisted-customer", "in-country-transfer",
        "en-route-savings-clause", "foreign-direct-product",
    }  # fmt: skip
    assert required <= set(PRESETS)


ALL_TRANSACTIONS = [c.tx for c in CASES] + [p.transaction for p in PRESETS.values()]


@pytest.mark.parametrize("tx", ALL_TRANSACTIONS)
def test_caveats_always_present(tx: Transaction) -> None:
    out = evaluate(tx)
    assert out.caveats[0] == rules.CAVEAT_NOT_ADVICE
    assert rules.CAVEAT_SCOPE in out.caveats
    assert "not legal advice" in out.caveats[0]


@pytest.mark.parametrize("tx", ALL_TRANSACTIONS)
def test_chain_is_well_formed(tx: Transaction) -> None:
    out = evaluate(tx)
    assert out.steps
    assert sum(s.decisive for s in out.steps) == 1
    for step in out.steps:
        assert step.question and step.answer and step.explanation and step.citation
    if out.licence_required:
        assert not out.licence_exceptions_available
        assert out.review_policy is not None
        assert out.steps[-1].citation == CITE_REVIEW
    else:
        assert out.review_policy is None


def test_fdp_outcome_says_it_simplifies() -> None:
    out = evaluate(PRESETS["foreign-direct-product"].transaction)
    assert rules.CAVEAT_FDP in out.caveats
    assert any("734.9" in c and "736.2(b)(3)" in c for c in out.caveats)


def test_de_minimis_outcome_says_it_simplifies() -> None:
    assert rules.CAVEAT_DE_MINIMIS in evaluate(PRESETS["foreign-low-us-content"].transaction).caveats


def test_savings_clause_caveat() -> None:
    assert rules.CAVEAT_SAVINGS in evaluate(PRESETS["en-route-savings-clause"].transaction).caveats


def test_bare_parent_eccn_gets_denial_and_a_caveat() -> None:
    out = evaluate(Transaction(classification="1A004", parties=listed_end_user()))
    assert out.review_policy == DENIAL
    assert any("1A004.c" in c and "1A004.d" in c for c in out.caveats)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("EAR99", "EAR99"),
        (" ear99 ", "EAR99"),
        ("1a004.C", "1A004.c"),
        ("ECCN 2d983", "2D983"),
        ("3A001.b.1", "3A001.b.1"),
    ],
)
def test_normalise_classification(raw: str, expected: str) -> None:
    assert rules.normalise_classification(raw) == expected


@pytest.mark.parametrize("bad", ["", "GPU", "1F004", "A1004", "1A04", "<script>", "1A004..c"])
def test_malformed_classification_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        Transaction(classification=bad)


@pytest.mark.parametrize("pct", [-1, 100.5])
def test_content_share_out_of_range_rejected(pct: float) -> None:
    with pytest.raises(ValueError):
        Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=pct)


def test_case_by_case_list_matches_the_rule() -> None:
    assert rules.CASE_BY_CASE_ECCNS == (
        "1A004.c", "1A004.d", "1A995", "1A999.a", "1D003", "2A983", "2D983", "2E983",
    )  # fmt: skip
    assert rules.is_case_by_case_item("EAR99", protective_note_1a995=True)
    assert not rules.is_case_by_case_item("EAR99")
    assert rules.is_case_by_case_item("1A999.a.1")
    assert not rules.is_case_by_case_item("1A999.b")


def test_review_policy_values_are_the_plain_strings() -> None:
    assert DENIAL == "presumption of denial"
    assert CASE == "case-by-case"


def test_listed_party_names_appear_in_the_reasoning() -> None:
    out = evaluate(PRESETS["distributor-to-bureau"].transaction)
    party_step = next(s for s in out.steps if s.citation == CITE_PARTIES)
    assert "end user" in party_step.answer and "bureau" in party_step.answer
