"""The engine corrections of issue 12 (part 3), table-driven: each scenario names the source that settles it.

Sources are source_id values in data/sources.csv (checked below), so a reader can follow each expectation to the
text behind it. The savings clause as BIS wrote it in 2019 (84 FR 29371, June 2019, the same formula as the October
rule's clause, which the sources describe but which we read only in summary):

    "Shipments of items removed from eligibility for a License Exception or export or reexport without a license
    (NLR) as a result of this regulatory action that were en route aboard a carrier to a port of export or
    reexport, on June 24, 2019, pursuant to actual orders for export or reexport to a foreign destination, may
    proceed to that destination under the previous eligibility for a License Exception or export or reexport
    without a license (NLR)."
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from listed import rules
from listed.rules import (
    CITE_DE_MINIMIS,
    CITE_ENCRYPTION,
    CITE_FDP,
    CITE_FUNDAMENTAL,
    CITE_PARTIES,
    CITE_PUBLISHED,
    CITE_REQUIREMENT,
    CITE_SAVINGS,
    CITE_SCOPE,
    ItemOrigin,
    ItemType,
    Movement,
    Party,
    ReviewPolicy,
    Role,
    Transaction,
    evaluate,
)

DATA = Path(__file__).resolve().parents[2] / "data"
DENIAL, CASE = ReviewPolicy.PRESUMPTION_OF_DENIAL, ReviewPolicy.CASE_BY_CASE
LISTED = (Party(Role.PURCHASER, True, "Hikvision"), Party(Role.END_USER, True, "Hikvision"))
UNLISTED = (Party(Role.END_USER, False),)
SAVINGS_SOURCES = ("fr-2019-13245", "bakermckenzie-2019-huawei-faqs", "fr-2019-22210")


@dataclass(frozen=True)
class Case:
    """A scenario, its exact answer, the step that decides it, and the sources that settle it."""

    id: str
    tx: Transaction
    subject: bool
    licence: bool
    policy: ReviewPolicy | None
    decided_by: str
    sources: tuple[str, ...]


def en_route(**kw) -> Transaction:
    return Transaction(en_route_before_listing=True, parties=kw.pop("parties", LISTED), **kw)


CASES = [
    # 1-2. The 2019 clause is for export or reexport; an in-country transfer is not saved.
    Case("en route export of an EAR99 item is saved", en_route(),
         True, False, None, CITE_SAVINGS, (*SAVINGS_SOURCES, "bis-entity-list-guidance")),
    Case("en route reexport of an EAR99 item is saved", en_route(movement=Movement.REEXPORT),
         True, False, None, CITE_SAVINGS, SAVINGS_SOURCES),
    Case("en route in-country transfer is not saved", en_route(movement=Movement.TRANSFER),
         True, True, DENIAL, CITE_REQUIREMENT, SAVINGS_SOURCES),
    Case("en route in-country transfer of a case-by-case item, eligible before, is not saved",
         en_route(movement=Movement.TRANSFER, classification="1A004.c", eligible_before_listing=True),
         True, True, CASE, CITE_REQUIREMENT, SAVINGS_SOURCES),
    Case("en route in-country transfer with no listed party: the parties decide",
         en_route(movement=Movement.TRANSFER, parties=UNLISTED),
         True, False, None, CITE_PARTIES, SAVINGS_SOURCES),
    # 3-7. The clause saves only what could go without a licence (or under a licence exception) before the rule.
    Case("en route ECCN item, eligibility not stated: not saved", en_route(classification="3A001"),
         True, True, DENIAL, CITE_REQUIREMENT, SAVINGS_SOURCES),
    Case("en route ECCN item that already needed a licence: not saved",
         en_route(classification="3A001", eligible_before_listing=False),
         True, True, DENIAL, CITE_REQUIREMENT, SAVINGS_SOURCES),
    Case("en route ECCN item that could go without a licence: saved",
         en_route(classification="3A991", eligible_before_listing=True),
         True, False, None, CITE_SAVINGS, SAVINGS_SOURCES),
    Case("en route case-by-case item that already needed a licence: not saved, case-by-case",
         en_route(classification="1A004.c", eligible_before_listing=False),
         True, True, CASE, CITE_REQUIREMENT, SAVINGS_SOURCES),
    Case("en route EAR99 item that needed a licence for another reason: not saved",
         en_route(eligible_before_listing=False),
         True, True, DENIAL, CITE_REQUIREMENT, SAVINGS_SOURCES),
    Case("en route EAR99 item stated eligible: saved", en_route(eligible_before_listing=True),
         True, False, None, CITE_SAVINGS, SAVINGS_SOURCES),
    # 8-12. Fundamental research (15 CFR 734.8) is outside the EAR even before publication; commodities are not.
    Case("technology from fundamental research, unpublished", Transaction(
        item_type=ItemType.TECHNOLOGY, fundamental_research=True, parties=LISTED),
         False, False, None, CITE_FUNDAMENTAL, ("ecfr-15-cfr-734-8", "bis-faq-fundamental-research")),
    Case("software from fundamental research, re-exported", Transaction(
        item_type=ItemType.SOFTWARE, fundamental_research=True, movement=Movement.REEXPORT, parties=LISTED),
         False, False, None, CITE_FUNDAMENTAL, ("ecfr-15-cfr-734-8",)),
    Case("fundamental research with no listed party", Transaction(
        item_type=ItemType.TECHNOLOGY, fundamental_research=True, parties=UNLISTED),
         False, False, None, CITE_FUNDAMENTAL, ("ecfr-15-cfr-734-8",)),
    Case("a commodity is not the result of fundamental research", Transaction(
        fundamental_research=True, parties=LISTED),
         True, True, DENIAL, CITE_REQUIREMENT, ("ecfr-15-cfr-734-8", "bis-faq-fundamental-research")),
    Case("published and from fundamental research: publication decides first", Transaction(
        item_type=ItemType.SOFTWARE, published=True, fundamental_research=True, parties=LISTED),
         False, False, None, CITE_PUBLISHED, ("ecfr-15-cfr-734-8",)),
    # 13-16. Encryption software classified 5D002 is not freed by publication or research in this model.
    Case("published encryption software 5D002 stays subject", Transaction(
        item_type=ItemType.SOFTWARE, classification="5D002", published=True, parties=LISTED),
         True, True, DENIAL, CITE_REQUIREMENT, ("bis-faq-fundamental-research", "fr-2011-encryption-object-code")),
    Case("published encryption software 5D002.c.1 stays subject", Transaction(
        item_type=ItemType.SOFTWARE, classification="5d002.C.1", published=True, parties=LISTED),
         True, True, DENIAL, CITE_REQUIREMENT, ("bis-faq-fundamental-research", "ecfr-15-cfr-742-15")),
    Case("encryption software from fundamental research stays subject", Transaction(
        item_type=ItemType.SOFTWARE, classification="5D002", fundamental_research=True, parties=LISTED),
         True, True, DENIAL, CITE_REQUIREMENT, ("bis-faq-fundamental-research",)),
    Case("published encryption technology 5E002 is outside (the carve-out is for code)", Transaction(
        item_type=ItemType.TECHNOLOGY, classification="5E002", published=True, parties=LISTED),
         False, False, None, CITE_PUBLISHED, ("bis-faq-fundamental-research",)),
    Case("published non-encryption software 5D992 is outside", Transaction(
        item_type=ItemType.SOFTWARE, classification="5D992", published=True, parties=LISTED),
         False, False, None, CITE_PUBLISHED, ("bis-faq-fundamental-research",)),
    # 17-21. A foreign-made item passing through the United States is subject to the EAR (an export from the U.S.).
    Case("foreign item, 10% U.S. content, transshipped through the U.S.", Transaction(
        origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=10, movement=Movement.REEXPORT,
        via_united_states=True, parties=LISTED),
         True, True, DENIAL, CITE_REQUIREMENT, ("ecfr-15-cfr-734-3",)),
    Case("the same item not passing through the U.S. stays below de minimis", Transaction(
        origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=10, movement=Movement.REEXPORT,
        parties=LISTED),
         False, False, None, CITE_DE_MINIMIS, ("bis-de-minimis-guidelines",)),
    Case("foreign product of uncontrolled technology transshipped through the U.S.", Transaction(
        origin=ItemOrigin.FOREIGN_DIRECT_PRODUCT, movement=Movement.REEXPORT, via_united_states=True,
        parties=LISTED),
         True, True, DENIAL, CITE_REQUIREMENT, ("ecfr-15-cfr-734-3",)),
    Case("case-by-case item transshipped through the U.S.", Transaction(
        origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, classification="2A983", movement=Movement.REEXPORT,
        via_united_states=True, parties=LISTED),
         True, True, CASE, CITE_REQUIREMENT, ("ecfr-15-cfr-734-3", "fr-2019-22210")),
    Case("transshipped through the U.S. to an unlisted party", Transaction(
        origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, movement=Movement.REEXPORT, via_united_states=True,
        parties=UNLISTED),
         True, False, None, CITE_PARTIES, ("ecfr-15-cfr-734-3",)),
    Case("an in-country transfer abroad does not pass through the U.S.: de minimis decides", Transaction(
        origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=10, movement=Movement.TRANSFER,
        via_united_states=True, parties=LISTED),
         False, False, None, CITE_DE_MINIMIS, ("ecfr-15-cfr-734-3", "bis-de-minimis-guidelines")),
    # 22. FDP: only the general rule; the Entity List branch post-dates these entries.
    Case("foreign direct product under the general rule", Transaction(
        origin=ItemOrigin.FOREIGN_DIRECT_PRODUCT, classification="3A001", fdp_us_tech_ns_controlled=True,
        fdp_product_ns_controlled=True, movement=Movement.REEXPORT, parties=LISTED),
         True, True, DENIAL, CITE_REQUIREMENT, ("federalregister-2020-10856", "bakermckenzie-fdp-rules")),
]  # fmt: skip


def test_at_least_twenty_new_scenarios() -> None:
    assert len(CASES) >= 20
    assert len({c.id for c in CASES}) == len(CASES)


def _source_ids() -> set[str]:
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as fh:
        return {row["source_id"] for row in csv.DictReader(fh)}


def test_every_scenario_cites_known_sources() -> None:
    known = _source_ids()
    for case in CASES:
        assert case.sources, case.id
        assert set(case.sources) <= known, (case.id, set(case.sources) - known)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_scenario(case: Case) -> None:
    out = evaluate(case.tx)
    assert out.subject_to_ear is case.subject
    assert out.licence_required is case.licence
    assert out.review_policy == case.policy
    assert out.licence_exceptions_available is not case.licence
    assert out.deciding_step.citation == case.decided_by
    assert sum(s.decisive for s in out.steps) == 1
    if case.licence:
        assert out.verdict == (rules.VERDICT_CASE_BY_CASE if case.policy == CASE else rules.VERDICT_DENIAL)
    elif not case.subject:
        assert out.verdict == rules.VERDICT_NOT_SUBJECT
    elif case.decided_by == CITE_SAVINGS:
        assert out.verdict == rules.VERDICT_SAVINGS
    else:
        assert out.verdict == rules.VERDICT_NO_LISTED_PARTY


def _step(out, citation: str):
    found = [s for s in out.steps if s.citation == citation]
    assert len(found) == 1, [s.citation for s in out.steps]
    return found[0]


# --- the savings clause: what each answer says -------------------------------------------------------------------

SAVINGS_ANSWERS = [
    (en_route(movement=Movement.TRANSFER),
     "No: the clause saves shipments for export or reexport, and an in-country transfer is neither, so the "
     "transfer needs a licence."),
    (en_route(classification="3A001", eligible_before_listing=False),
     "No: the item already needed a licence for this destination before the listing, so the rule took no "
     "licence-free eligibility away and the clause has nothing to save."),
    (en_route(classification="3A001"),
     "No, not as entered: whether ECCN 3A001 could go to China without a licence before the listing depends on "
     "its reasons for control and the Commerce Country Chart, which the model does not hold, and the clause saves "
     "only shipments that could. Say whether it could to see the clause apply."),
    (en_route(),
     "Yes: it may proceed to its destination without a licence under this rule. An EAR99 item needed no licence "
     "to China by its classification before the rule (end-use controls aside), as BIS's Entity List guidance "
     "notes."),
    (en_route(classification="3A991", eligible_before_listing=True),
     "Yes: it may proceed to its destination without a licence under this rule. The item could go to its "
     "destination without a licence or under a licence exception before the rule, as entered."),
]  # fmt: skip


@pytest.mark.parametrize(("tx", "answer"), SAVINGS_ANSWERS)
def test_savings_clause_answer(tx: Transaction, answer: str) -> None:
    out = evaluate(tx)
    savings = _step(out, CITE_SAVINGS)
    assert savings.answer == answer
    assert savings.question == "Does the savings clause let the shipment en route on 9 October 2019 proceed?"
    assert savings.decisive is answer.startswith("Yes")
    assert "for export or reexport" in savings.explanation
    requirement = _step(out, CITE_REQUIREMENT)
    assert requirement.decisive is not savings.decisive
    assert rules.CAVEAT_SAVINGS in out.caveats
    # The savings step follows the requirement it qualifies, and a licence answer still ends at the review.
    assert out.steps.index(savings) == out.steps.index(requirement) + 1
    if out.licence_required:
        assert out.steps[-1].answer.startswith(("Presumption of denial:", "Case-by-case:"))
        assert out.caveats[-2:] == (rules.CAVEAT_SAVINGS, rules.CAVEAT_KNOW_YOUR_CUSTOMER)
    else:
        assert out.steps[-1] is savings
        assert rules.CAVEAT_KNOW_YOUR_CUSTOMER not in out.caveats


def test_no_savings_step_unless_en_route() -> None:
    out = evaluate(Transaction(movement=Movement.TRANSFER, parties=LISTED))
    assert CITE_SAVINGS not in out.citations and rules.CAVEAT_SAVINGS not in out.caveats


def test_savings_caveat_says_transfers_are_not_covered() -> None:
    assert "in-country transfer is not saved" in rules.CAVEAT_SAVINGS
    assert "port of export or reexport" in rules.CAVEAT_SAVINGS


# --- fundamental research and encryption --------------------------------------------------------------------------


@pytest.mark.parametrize("item", [ItemType.SOFTWARE, ItemType.TECHNOLOGY])
def test_fundamental_research_step(item: ItemType) -> None:
    out = evaluate(Transaction(item_type=item, fundamental_research=True, parties=LISTED))
    fr = _step(out, CITE_FUNDAMENTAL)
    assert fr.question == f"Does the {item.value} arise from fundamental research and is it meant to be published?"
    assert "intended to be published is outside the EAR" in fr.explanation
    assert fr.decisive and fr.answer == (
        f"Yes: {item.value} from fundamental research is not subject to the EAR, even before publication."
    )
    assert out.caveats[-1] == rules.CAVEAT_FUNDAMENTAL
    assert "Does it matter that a listed entity is a party?" in [s.question for s in out.steps]


def test_commodity_research_flag_is_explained_and_ignored() -> None:
    out = evaluate(Transaction(fundamental_research=True, published=True, parties=LISTED))
    fr, pub = _step(out, CITE_FUNDAMENTAL), _step(out, CITE_PUBLISHED)
    assert fr.answer == "No: the fundamental-research exclusion covers only technology and software."
    assert pub.answer == "No: the published-information exclusion covers only technology and software."
    assert not fr.decisive and not pub.decisive and out.licence_required
    assert fr.question == "Can a commodity be the result of fundamental research and so fall outside the EAR?"
    assert fr.explanation.startswith("The box was ticked for a physical commodity") and "Equipment" in fr.explanation
    assert pub.question == "Can a commodity be 'published' and so fall outside the EAR?"
    assert pub.explanation == "The box was ticked for a physical commodity, so the model ignores it."
    assert [s.citation for s in out.steps[:2]] == [CITE_PUBLISHED, CITE_FUNDAMENTAL]
    assert rules.CAVEAT_FUNDAMENTAL not in out.caveats and rules.CAVEAT_PUBLISHED not in out.caveats


def test_encryption_step_and_caveat() -> None:
    out = evaluate(Transaction(item_type=ItemType.SOFTWARE, classification="5D002", published=True,
                               fundamental_research=True, parties=LISTED))  # fmt: skip
    enc = _step(out, CITE_ENCRYPTION)
    assert enc.question == "Does 'published and fundamental research' take encryption software classified 5D002 " \
        "outside the EAR?"  # fmt: skip
    assert enc.answer.startswith("Not in this model") and not enc.decisive
    assert "except encryption source code and object code" in enc.explanation
    assert "the model does not check that" in enc.explanation
    assert rules.CAVEAT_ENCRYPTION in out.caveats and rules.CAVEAT_PUBLISHED not in out.caveats
    assert CITE_PUBLISHED not in out.citations and CITE_FUNDAMENTAL not in out.citations
    assert _step(out, CITE_SCOPE).answer == "Yes: it is a U.S.-origin item."


@pytest.mark.parametrize(
    ("item", "eccn", "expected"),
    [(ItemType.SOFTWARE, "5D002", True), (ItemType.SOFTWARE, "5D002.a.1", True), (ItemType.SOFTWARE, "5D992", False),
     (ItemType.SOFTWARE, "5D00", None), (ItemType.TECHNOLOGY, "5D002", False), (ItemType.COMMODITY, "5D002", False),
     (ItemType.SOFTWARE, "EAR99", False)],
)  # fmt: skip
def test_is_encryption_software(item, eccn, expected) -> None:
    if expected is None:
        with pytest.raises(ValueError):
            Transaction(item_type=item, classification=eccn)
        return
    assert rules.is_encryption_software(Transaction(item_type=item, classification=eccn)) is expected


def test_unflagged_encryption_software_has_no_encryption_step() -> None:
    out = evaluate(Transaction(item_type=ItemType.SOFTWARE, classification="5D002", parties=LISTED))
    assert CITE_ENCRYPTION not in out.citations and rules.CAVEAT_ENCRYPTION not in out.caveats


# --- transit through the United States -------------------------------------------------------------------------


def test_transit_step_text() -> None:
    out = evaluate(Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, movement=Movement.REEXPORT,
                               via_united_states=True, parties=LISTED))  # fmt: skip
    scope = _step(out, CITE_SCOPE)
    assert scope.answer == "Yes: it passes through the United States on its way, and leaving it is an export."
    assert "moving in transit through the United States" in scope.explanation
    assert "aside" not in scope.explanation
    assert CITE_DE_MINIMIS not in out.citations and CITE_FDP not in out.citations
    assert rules.CAVEAT_DE_MINIMIS not in out.caveats


def test_export_from_the_us_no_longer_excepts_transit() -> None:
    out = evaluate(Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, movement=Movement.EXPORT, parties=LISTED))
    scope = _step(out, CITE_SCOPE)
    assert scope.answer == "Yes: it is being shipped out of the United States."
    assert "shipping an item out of the United States, transshipped or not, is an export" in scope.explanation


def test_us_origin_item_ignores_the_transit_flag() -> None:
    plain = evaluate(Transaction(parties=LISTED))
    flagged = evaluate(Transaction(via_united_states=True, parties=LISTED))
    assert plain == flagged


# --- citations: the 2019 numbering beside today's, and the FDP caveat ------------------------------------------


def test_citations_give_2019_and_today_where_they_differ() -> None:
    for cite in (rules.CITE_FDP, rules.CITE_PARTIES, rules.CITE_EXCEPTIONS, rules.CITE_ENTITY_LIST):
        assert " in 2019; " in cite and cite.count("today") == 1, cite
    assert rules.CITE_FDP.startswith("15 CFR 736.2(b)(3) in 2019; 15 CFR 734.9 today")
    assert "744.16(a)" in rules.CITE_PARTIES and "748.5(c)-(f)" in rules.CITE_PARTIES
    assert rules.CITE_EXCEPTIONS.endswith("15 CFR 744.16(b) today")
    assert "744.16" not in rules.CITE_EXCEPTIONS.split(" in 2019")[0]


def _numbering() -> dict[str, dict]:
    with (DATA / "ear_numbering.csv").open(encoding="utf-8", newline="") as fh:
        return {row["provision"]: row for row in csv.DictReader(fh)}


def test_numbering_table_agrees_with_the_engine() -> None:
    table = _numbering()
    assert table["foreign-direct-product"]["ref_2019"].startswith("15 CFR 736.2(b)(3)")
    assert table["foreign-direct-product"]["ref_today"] == "15 CFR 734.9"
    assert table["licence-exceptions"]["ref_today"] == "15 CFR 744.16(b)"
    assert "744.16(a)" in table["party-roles"]["ref_today"]
    assert "85 FR 51335" in table["party-roles"]["change"]
    assert "85 FR 29849" in table["foreign-direct-product"]["change"]
    known = _source_ids()
    for row in table.values():
        assert row["ref_2019"] != row["ref_today"]
        assert set(row["source_ids"].split(";")) <= known


def test_fdp_caveat_is_plain_about_may_2020() -> None:
    assert "May 2020" in rules.CAVEAT_FDP and "85 FR 29849" in rules.CAVEAT_FDP
    assert "could not have carried it at listing" in rules.CAVEAT_FDP
    assert "do not show" not in rules.CAVEAT_FDP
