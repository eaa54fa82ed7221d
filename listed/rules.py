"""An educational model of the Entity List rule of 9 October 2019 (84 FR 54002, FR Doc. 2019-22210).

The rule added 28 Chinese entities to the Entity List (Supplement No. 4 to part 744 of the Export
Administration Regulations, 15 CFR parts 730-774). For each of them it required a licence for all items
subject to the EAR, allowed no licence exceptions, and set the review policy: case-by-case for eight named
ECCNs and for EAR99 protective and medical goods described in the Note to ECCN 1A995, a presumption of
denial for everything else.

``evaluate`` takes a described ``Transaction`` and returns an ``Outcome``: whether the item is subject to
the EAR, whether this rule requires a licence, how an application would be reviewed, whether licence
exceptions remain open, the chain of reasoning with an EAR citation per step, and caveats.

This is a teaching model, not legal advice. It is pure (no Streamlit) so that it can be unit-tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from listed.history import (
    INFECTIOUS_DISEASE_DATE,
    LISTING_DATE,
    SUSPENSION_END,
    AffiliatesStatus,
    affiliates_status,
    infectious_disease_case_by_case,
)

RULE_CITATION = "84 FR 54002"
RULE_DATE = "9 October 2019"

# Citations used by the steps; the page and the tests import these instead of retyping them.
CITE_SCOPE = "15 CFR 734.3"
CITE_PUBLISHED = "15 CFR 734.3(b)(3) and 734.7 (published)"
CITE_FUNDAMENTAL = "15 CFR 734.3(b)(3) and 734.8 (fundamental research)"
CITE_ENCRYPTION = "15 CFR 734.3(b)(3), note on encryption software (ECCN 5D002)"
CITE_DE_MINIMIS = "15 CFR 734.4 (de minimis)"
# Where the 2019 numbering differs from today's, a citation gives both (data/ear_numbering.csv has the sources).
CITE_FDP = "15 CFR 736.2(b)(3) in 2019; 15 CFR 734.9 today (foreign direct product)"
CITE_PARTIES = "84 FR 54002 and 15 CFR 744.11 in 2019; 15 CFR 744.16(a) and 748.5(c)-(f) today"
CITE_BASIS = "15 CFR 744.11"
CITE_REQUIREMENT = "Supplement No. 4 to part 744"
CITE_SAVINGS = "84 FR 54002 (savings clause)"
CITE_EXCEPTIONS = "84 FR 54002 and 15 CFR 744.11 in 2019; 15 CFR 744.16(b) today"
CITE_REVIEW = "Supplement No. 4 to part 744 (review policy); also 15 CFR 744.16(c) today"
CITE_ENTITY_LIST = "15 CFR 744.11 and Supplement No. 4 to part 744 in 2019; 15 CFR 744.16 today"
CITE_REVISION_2020 = "FR Doc. 2020-15827 (22 July 2020 revision)"
CITE_AFFILIATES = "90 FR 47201 (Affiliates rule); FR Doc. 2025-19846 (its suspension)"

# The items the rule named for case-by-case review; everything else gets a presumption of denial.
CASE_BY_CASE_ECCNS: tuple[str, ...] = (
    "1A004.c",
    "1A004.d",
    "1A995",
    "1A999.a",
    "1D003",
    "2A983",
    "2D983",
    "2E983",
)

EAR99 = "EAR99"
DE_MINIMIS_GENERAL_PERCENT = 25.0
DE_MINIMIS_E1_PERCENT = 10.0

_ECCN_RE = re.compile(r"^[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*$")

CAVEAT_NOT_ADVICE = (
    "An educational model, not legal advice. Real classification and licensing decisions need the "
    "full text of the EAR, the entity's entry as published, and often advice from BIS or counsel."
)
CAVEAT_SCOPE = (
    "It models only the licence requirement this rule created (84 FR 54002, effective 9 October 2019). "
    "Other parts of the EAR can require a licence for the same transaction, for example because of the "
    "item's classification and destination or an end-use control. On the date chosen it applies the "
    "entries' review policy then in force (widened on 22 July 2020 for infectious-disease items) and the "
    "2025 Affiliates rule's status; other later rules are out of scope."
)
CAVEAT_AFFILIATES_TGL = (
    "While the Affiliates rule was in force, a temporary general licence authorised some transactions with "
    "affiliates (for example to or within certain allied countries); the model does not apply it."
)
CAVEAT_AFFILIATES_RED_FLAG = (
    "With the Affiliates rule suspended, a firm owned by a listed entity is not itself restricted, but law-firm "
    "guidance on the suspension treats that ownership as a red flag to look into before shipping."
)
CAVEAT_NUMBERING = (
    "Citations follow the EAR's current numbering. In 2019 the foreign direct product rule sat in "
    "15 CFR 736.2(b)(3) (General Prohibition Three); BIS moved it to 15 CFR 734.9 in February 2022 "
    "without changing its substance."
)
CAVEAT_FDP = (
    "Simplified: the model applies only the general, national-security foreign direct product rule. The "
    "Entity List version of the rule, which reaches foreign-made items bound for entities marked with a "
    "footnote 1 designation, was created in May 2020 for Huawei and its listed affiliates (85 FR 29849). "
    "It did not exist when the 28 were listed in October 2019, so their entries could not have carried it "
    "at listing. The plant-based branch of the rule (products of a plant that is itself a direct product) "
    "is not modelled either."
)
CAVEAT_DE_MINIMIS = (
    "Simplified: a real de minimis calculation compares the fair-market value of the controlled "
    "U.S.-origin content with the value of the foreign-made item (Supplement No. 2 to part 734), and some "
    "items have no de minimis level at all. Whether content is 'controlled' depends on its classification "
    "and the destination, not on the end user: BIS says de minimis is destination-based, so a listed "
    "end user does not change the calculation."
)
CAVEAT_PUBLISHED = (
    "What counts as 'published' has conditions (15 CFR 734.7), and some published encryption software "
    "stays subject to the EAR. Publication cannot take a physical commodity outside the EAR."
)
CAVEAT_FUNDAMENTAL = (
    "Fundamental research has conditions (15 CFR 734.8): research in science, engineering or mathematics "
    "whose results are ordinarily published and shared broadly, where the researchers have accepted no "
    "restriction for proprietary or national-security reasons. Once results are kept restricted or "
    "proprietary they become subject to the EAR. The exclusion covers the results (technology and "
    "software), not the equipment or other items used to do the research."
)
CAVEAT_ENCRYPTION = (
    "Simplified: BIS's guidance excepts encryption source code and object code from the rule that "
    "published information and fundamental research are outside the EAR. Published encryption source code "
    "classified under ECCN 5D002 could leave the EAR only once the notification the EAR required had been "
    "made (its criteria sat in 15 CFR 740.13(e) and later in 742.15(b)), and its object code followed the "
    "source code. The model does not check those conditions: it treats ECCN 5D002 software "
    "as subject to the EAR."
)
CAVEAT_KNOW_YOUR_CUSTOMER = (
    "The answer assumes the roles are known. If red flags suggest that one of the 28 is the real "
    "purchaser, consignee or end user, the exporter must inquire before shipping (Supplement No. 3 to "
    "part 732); knowingly routing an item to a listed entity through others does not avoid the requirement."
)
CAVEAT_SAVINGS = (
    "The savings clause covers only shipments that were aboard a carrier on their way to a port of export "
    "or reexport on 9 October 2019, under actual orders for export or reexport, and that could go without "
    "a licence (no licence required, or a licence exception) before the rule. As BIS wrote such clauses in "
    "2019 they speak of export and reexport only, so an in-country transfer is not saved. The clause lets "
    "that shipment reach its destination; any later export, reexport or transfer to a listed entity needs "
    "a licence. Whether an item with an ECCN could go to China without a licence depended on its reasons "
    "for control and the Commerce Country Chart, which the model does not hold: it asks."
)
CAVEAT_IN_COUNTRY = (
    "An in-country transfer means a change of end user or end use inside one foreign country. The model "
    "assumes the item is already there and is subject to the EAR."
)


class ItemType(StrEnum):
    """What kind of item moves: the published-information exclusion covers only software and technology."""

    COMMODITY = "commodity"
    SOFTWARE = "software"
    TECHNOLOGY = "technology"


class ItemOrigin(StrEnum):
    """Where the item comes from, which decides which test brings it within the EAR."""

    US_ORIGIN = "us-origin"
    FOREIGN_WITH_US_CONTENT = "foreign-us-content"
    FOREIGN_DIRECT_PRODUCT = "foreign-direct-product"


class Movement(StrEnum):
    """The kind of movement, in the EAR's terms."""

    EXPORT = "export"  # shipment or transmission out of the United States
    REEXPORT = "reexport"  # from one foreign country to another, incl. export from abroad of foreign-made items
    TRANSFER = "in-country transfer"  # change of end user or end use within one foreign country


class Role(StrEnum):
    """The four party roles of 15 CFR 748.5(c)-(f) that trigger the Entity List licence requirement."""

    PURCHASER = "purchaser"
    INTERMEDIATE_CONSIGNEE = "intermediate consignee"
    ULTIMATE_CONSIGNEE = "ultimate consignee"
    END_USER = "end user"


class DeMinimisGroup(StrEnum):
    """The destination's group for the de minimis test: Country Group E:1 (10%) or any other (25%)."""

    GENERAL = "general"
    E1 = "e1"


class ReviewPolicy(StrEnum):
    """How BIS would review a licence application under this rule."""

    PRESUMPTION_OF_DENIAL = "presumption of denial"
    CASE_BY_CASE = "case-by-case"


@dataclass(frozen=True)
class Party:
    """A party to the transaction, in one role, and whether it is one of the 28 listed on 9 October 2019."""

    role: Role
    listed: bool
    name: str = ""
    owned_by_listed: bool = False  # owned 50% or more by one of the 28 without being listed itself

    def describe(self) -> str:
        """Return e.g. 'the end user (Hikvision)' or 'the end user'."""
        return f"the {self.role.value} ({self.name})" if self.name else f"the {self.role.value}"


@dataclass(frozen=True)
class Transaction:
    """A described transaction.

    classification is "EAR99" or an ECCN such as "1A004.c"; it is normalised on creation and a malformed
    value raises ValueError. us_content_percent, us_content_controlled and de_minimis_group matter only
    for foreign-made items with U.S. content; the fdp_* flags only for foreign-made direct products;
    published and fundamental_research only for software and technology; protective_note_1a995 only for
    EAR99 items. via_united_states: a foreign-made item passes through the United States (in transit or
    transshipped) on its way, which makes it subject to the EAR. eligible_before_listing matters only for a
    shipment en route on 9 October 2019: whether the item could then go to its destination without a
    licence or under a licence exception (None: not stated; an EAR99 item is then taken to have needed no
    licence to China, an item with an ECCN is not).
    """

    item_type: ItemType = ItemType.COMMODITY
    origin: ItemOrigin = ItemOrigin.US_ORIGIN
    classification: str = EAR99
    protective_note_1a995: bool = False
    us_content_percent: float = 0.0
    us_content_controlled: bool = True
    de_minimis_group: DeMinimisGroup = DeMinimisGroup.GENERAL
    fdp_us_tech_ns_controlled: bool = False
    fdp_product_ns_controlled: bool = False
    published: bool = False
    movement: Movement = Movement.EXPORT
    parties: tuple[Party, ...] = ()
    en_route_before_listing: bool = False
    fundamental_research: bool = False
    via_united_states: bool = False
    eligible_before_listing: bool | None = None
    infectious_disease_item: bool = False  # needed to detect, identify and treat infectious disease
    as_of: date = LISTING_DATE  # the day the transaction takes place; the rule's effective date by default

    def __post_init__(self) -> None:
        as_of = date.fromisoformat(self.as_of) if isinstance(self.as_of, str) else self.as_of
        if not isinstance(as_of, date) or as_of < LISTING_DATE:
            raise ValueError(f"as_of must be a date on or after {LISTING_DATE.isoformat()}, got {self.as_of!r}")
        object.__setattr__(self, "as_of", as_of)
        object.__setattr__(self, "item_type", ItemType(self.item_type))
        object.__setattr__(self, "origin", ItemOrigin(self.origin))
        object.__setattr__(self, "movement", Movement(self.movement))
        object.__setattr__(self, "de_minimis_group", DeMinimisGroup(self.de_minimis_group))
        object.__setattr__(self, "classification", normalise_classification(self.classification))
        object.__setattr__(self, "parties", tuple(self.parties))
        pct = float(self.us_content_percent)
        if not 0.0 <= pct <= 100.0:
            raise ValueError(f"us_content_percent must be between 0 and 100, got {pct}")
        object.__setattr__(self, "us_content_percent", pct)

    @property
    def listed_parties(self) -> tuple[Party, ...]:
        """The parties that are among the 28 listed entities."""
        return tuple(p for p in self.parties if p.listed)

    @property
    def affiliate_parties(self) -> tuple[Party, ...]:
        """The parties owned 50% or more by one of the 28 that are not listed themselves."""
        return tuple(p for p in self.parties if p.owned_by_listed and not p.listed)


@dataclass(frozen=True)
class Step:
    """One question in the chain of reasoning, its answer, why, and the EAR provision behind it."""

    question: str
    answer: str
    explanation: str
    citation: str
    decisive: bool = False


@dataclass(frozen=True)
class Outcome:
    """The answer for one transaction.

    licence_exceptions_available is False whenever this rule requires a licence (no licence exception may
    be used for these entities, 15 CFR 744.16(b)); True means only that this rule does not bar them.
    """

    verdict: str
    subject_to_ear: bool
    licence_required: bool
    review_policy: ReviewPolicy | None
    licence_exceptions_available: bool
    steps: tuple[Step, ...]
    caveats: tuple[str, ...]
    settled: bool = True  # False: the sources do not show the answer (licence_required then says nothing)

    @property
    def deciding_step(self) -> Step:
        """The step that settled whether this rule requires a licence."""
        return next(s for s in self.steps if s.decisive)

    @property
    def citations(self) -> tuple[str, ...]:
        """Every citation in the chain, in order."""
        return tuple(s.citation for s in self.steps)


@dataclass(frozen=True)
class Preset:
    """A named scenario for class discussion."""

    slug: str
    title: str
    description: str
    transaction: Transaction


VERDICT_NOT_SUBJECT = "Not subject to the EAR: this rule requires no licence"
VERDICT_NO_LISTED_PARTY = "No licence required under this rule: no listed party"
VERDICT_SAVINGS = "No licence needed for this shipment: the savings clause applies"
VERDICT_DENIAL = "Licence required: presumption of denial"
VERDICT_CASE_BY_CASE = "Licence required: case-by-case review"
VERDICT_NOT_SHOWN = "Not settled: the sources do not show whether the Affiliates rule applied on this date"


def normalise_classification(value: str) -> str:
    """Return "EAR99" or an ECCN in canonical case ("1a004.C" -> "1A004.c"); raise ValueError if malformed."""
    text = str(value).strip()
    text = re.sub(r"^(?i:eccn)\s*", "", text)
    if text.upper() == EAR99:
        return EAR99
    canonical = text[:5].upper() + text[5:].lower()
    if not _ECCN_RE.match(canonical):
        raise ValueError(
            "Classification must be EAR99 or an ECCN such as 1A004.c (digit, letter A-E, three digits, "
            "then optional .subparagraphs)"
        )
    return canonical


def _within(eccn: str, listed: str) -> bool:
    return eccn == listed or eccn.startswith(listed + ".")


def is_case_by_case_item(classification: str, protective_note_1a995: bool = False) -> bool:
    """Whether the rule named this item for case-by-case review.

    True for the eight ECCNs (and their subparagraphs) and for EAR99 items described in the Note to 1A995.
    """
    eccn = normalise_classification(classification)
    if eccn == EAR99:
        return protective_note_1a995
    return any(_within(eccn, listed) for listed in CASE_BY_CASE_ECCNS)


def _parent_of_case_by_case(eccn: str) -> bool:
    # "1A004" covers 1A004.a-.d but only .c and .d were named, so a bare parent ECCN is ambiguous.
    return eccn != EAR99 and any(listed.startswith(eccn + ".") for listed in CASE_BY_CASE_ECCNS)


def is_encryption_software(tx: Transaction) -> bool:
    """Whether the item is software classified under ECCN 5D002, which publication alone did not free."""
    return tx.item_type is ItemType.SOFTWARE and _within(tx.classification, "5D002")


def _outside_as_public(tx: Transaction, steps: list[Step], caveats: list[str]) -> bool:
    """Append the published / fundamental-research steps; return True when they take the item outside the EAR."""
    claims = [(flag, name) for flag, name in ((tx.published, "published"),
                                              (tx.fundamental_research, "fundamental research")) if flag]  # fmt: skip
    if not claims:
        return False
    if tx.item_type is ItemType.COMMODITY:
        for _flag, name in claims:
            fundamental = name == "fundamental research"
            steps.append(
                Step(
                    question=(
                        "Can a commodity be the result of fundamental research and so fall outside the EAR?"
                        if fundamental
                        else "Can a commodity be 'published' and so fall outside the EAR?"
                    ),
                    answer=(
                        "No: the fundamental-research exclusion covers only technology and software."
                        if fundamental
                        else "No: the published-information exclusion covers only technology and software."
                    ),
                    explanation=(
                        "The box was ticked for a physical commodity, so the model ignores it. Equipment "
                        "built or used in research stays subject to the EAR."
                        if fundamental
                        else "The box was ticked for a physical commodity, so the model ignores it."
                    ),
                    citation=CITE_FUNDAMENTAL if fundamental else CITE_PUBLISHED,
                )
            )
        return False
    if is_encryption_software(tx):
        caveats.append(CAVEAT_ENCRYPTION)
        how = " and ".join(name for _flag, name in claims)
        steps.append(
            Step(
                question=f"Does '{how}' take encryption software classified {tx.classification} outside the EAR?",
                answer="Not in this model: encryption software classified under ECCN 5D002 is treated as subject.",
                explanation=(
                    "BIS's guidance says published information and the results of fundamental research are "
                    "not subject to the EAR, except encryption source code and object code. In 2019 published "
                    "ECCN 5D002 source code left the EAR only once the notification the EAR required had been "
                    "made, and its object code followed the source code; the model does not check that."
                ),
                citation=CITE_ENCRYPTION,
            )
        )
        return False
    if tx.published:
        caveats.append(CAVEAT_PUBLISHED)
        steps.append(
            Step(
                question=f"Is the {tx.item_type.value} published, i.e. freely available to the public?",
                answer=f"Yes: published {tx.item_type.value} is not subject to the EAR.",
                explanation=(
                    "Information and software that have been made available to the public without "
                    "restriction on further dissemination are outside the EAR, so no EAR licence "
                    "requirement, the Entity List included, can attach to them."
                ),
                citation=CITE_PUBLISHED,
                decisive=True,
            )
        )
        return True
    caveats.append(CAVEAT_FUNDAMENTAL)
    steps.append(
        Step(
            question=(
                f"Does the {tx.item_type.value} arise from fundamental research and is it meant to be published?"
            ),
            answer=(
                f"Yes: {tx.item_type.value} from fundamental research is not subject to the EAR, even before "
                "publication."
            ),
            explanation=(
                "Technology or software that arises during, or results from, fundamental research and is "
                "intended to be published is outside the EAR. The researchers must be free to publish: the "
                "exclusion holds while the results are unpublished, so no EAR licence requirement, the Entity "
                "List included, attaches to sharing them."
            ),
            citation=CITE_FUNDAMENTAL,
            decisive=True,
        )
    )
    return True


def _subject_to_ear(tx: Transaction, steps: list[Step], caveats: list[str]) -> bool:
    """Append the scope steps and return whether the item is subject to the EAR."""
    if _outside_as_public(tx, steps, caveats):
        return False

    if tx.origin is ItemOrigin.US_ORIGIN:
        where = (
            "It is in the United States"
            if tx.movement is Movement.EXPORT
            else "It is a U.S.-origin item, which stays subject to the EAR wherever it is located"
        )
        steps.append(
            Step(
                question="Is the item subject to the EAR?",
                answer="Yes: it is a U.S.-origin item.",
                explanation=f"{where}. EAR99 items are subject to the EAR too; EAR99 only means no ECCN applies.",
                citation=CITE_SCOPE,
            )
        )
        return True

    through_us = tx.via_united_states and tx.movement is not Movement.TRANSFER
    if tx.movement is Movement.EXPORT or through_us:
        steps.append(
            Step(
                question="Is this foreign-made item subject to the EAR?",
                answer=(
                    "Yes: it is being shipped out of the United States."
                    if not through_us
                    else "Yes: it passes through the United States on its way, and leaving it is an export."
                ),
                explanation=(
                    "Every item in the United States is subject to the EAR whatever its origin, including "
                    "items in a U.S. foreign-trade zone and items moving in transit through the United States "
                    "from one foreign country to another, and shipping an item out of the United States, "
                    "transshipped or not, is an export. So neither the de minimis test nor the foreign "
                    "direct product rule needs to be applied."
                ),
                citation=CITE_SCOPE,
            )
        )
        return True

    if tx.origin is ItemOrigin.FOREIGN_WITH_US_CONTENT:
        caveats.append(CAVEAT_DE_MINIMIS)
        threshold = DE_MINIMIS_E1_PERCENT if tx.de_minimis_group is DeMinimisGroup.E1 else DE_MINIMIS_GENERAL_PERCENT
        group_text = (
            "Country Group E:1, where the level is 10%"
            if tx.de_minimis_group is DeMinimisGroup.E1
            else "a destination outside Country Group E:1, where the level is generally 25%"
        )
        controlled = tx.us_content_percent if tx.us_content_controlled else 0.0
        if not tx.us_content_controlled:
            counted = (
                f"The U.S. content ({tx.us_content_percent:g}%) is not controlled content (for example "
                "EAR99 parts that need no licence to the destination), so it does not count: controlled "
                "content is 0%."
            )
        else:
            counted = f"Controlled U.S.-origin content is {controlled:g}% of the item's value."
        subject = controlled > threshold
        steps.append(
            Step(
                question="Is the foreign-made item subject to the EAR under the de minimis rule?",
                answer=(
                    f"Yes: {controlled:g}% controlled U.S. content is above the {threshold:g}% level."
                    if subject
                    else f"No: {controlled:g}% controlled U.S. content is at or below the {threshold:g}% level."
                ),
                explanation=(
                    f"{counted} The item is bound for {group_text}. A foreign-made item is subject to the "
                    "EAR only if its controlled U.S. content exceeds the de minimis level."
                ),
                citation=CITE_DE_MINIMIS,
                decisive=not subject,
            )
        )
        return subject

    caveats.append(CAVEAT_FDP)
    caveats.append(CAVEAT_NUMBERING)
    subject = tx.fdp_us_tech_ns_controlled and tx.fdp_product_ns_controlled
    missing = []
    if not tx.fdp_us_tech_ns_controlled:
        missing.append("the U.S.-origin technology or software is not controlled for national-security reasons")
    if not tx.fdp_product_ns_controlled:
        missing.append("the foreign-made product is not itself controlled for national-security reasons")
    steps.append(
        Step(
            question="Is the foreign-made item subject to the EAR as a foreign direct product?",
            answer=(
                "Yes: it is the direct product of controlled U.S. technology or software and meets the rule's scope."
                if subject
                else "No: it falls outside the general foreign direct product rule, because "
                + " and ".join(missing)
                + "."
            ),
            explanation=(
                "Under the general (national-security) rule, a foreign-made item is subject to the EAR when "
                "it is the direct product of U.S.-origin technology or software controlled for national-"
                "security reasons, is itself national-security controlled, and goes to a destination the "
                "rule covers; China is among them (Country Group D:1). The model takes the destination "
                "condition as met."
            ),
            citation=CITE_FDP,
            decisive=not subject,
        )
    )
    return subject


def _savings_clause(tx: Transaction) -> tuple[bool, Step]:
    """Whether the 2019 savings clause saves a shipment en route on 9 October 2019, and the step that says so.

    The clause saved shipments en route to a port of export or reexport, under actual orders for export or
    reexport, that could have gone without a licence (NLR) or under a licence exception before the rule.
    """
    question = "Does the savings clause let the shipment en route on 9 October 2019 proceed?"
    explanation = (
        "The clause covered items removed by the rule from eligibility for a licence exception or for export "
        "or reexport without a licence (NLR) that were already aboard a carrier on their way to a port of "
        "export or reexport on the effective date, under actual orders for export or reexport; they could go "
        "on to that destination under their earlier eligibility."
    )
    item = tx.classification
    if tx.movement is Movement.TRANSFER:
        answer = (
            "No: the clause saves shipments for export or reexport, and an in-country transfer is neither, so "
            "the transfer needs a licence."
        )
        saved = False
    elif tx.eligible_before_listing is False:
        answer = (
            "No: the item already needed a licence for this destination before the listing, so the rule took "
            "no licence-free eligibility away and the clause has nothing to save."
        )
        saved = False
    elif tx.eligible_before_listing is None and item != EAR99:
        answer = (
            f"No, not as entered: whether ECCN {item} could go to China without a licence before the listing "
            "depends on its reasons for control and the Commerce Country Chart, which the model does not hold, "
            "and the clause saves only shipments that could. Say whether it could to see the clause apply."
        )
        saved = False
    else:
        basis = (
            "The item could go to its destination without a licence or under a licence exception before the "
            "rule, as entered."
            if tx.eligible_before_listing
            else "An EAR99 item needed no licence to China by its classification before the rule (end-use "
            "controls aside), as BIS's Entity List guidance notes."
        )
        answer = f"Yes: it may proceed to its destination without a licence under this rule. {basis}"
        saved = True
    return saved, Step(question=question, answer=answer, explanation=explanation, citation=CITE_SAVINGS,
                       decisive=saved)  # fmt: skip


def evaluate(tx: Transaction) -> Outcome:
    """Walk the transaction through the rule and return the outcome with its reasoning and caveats."""
    steps: list[Step] = []
    caveats: list[str] = [CAVEAT_NOT_ADVICE, CAVEAT_SCOPE]
    if tx.movement is Movement.TRANSFER:
        caveats.append(CAVEAT_IN_COUNTRY)

    if not _subject_to_ear(tx, steps, caveats):
        if tx.listed_parties:
            steps.append(
                Step(
                    question="Does it matter that a listed entity is a party?",
                    answer="Not under this rule: the Entity List covers only items subject to the EAR.",
                    explanation=(
                        "The licence requirement in each entry applies to items subject to the EAR. An item "
                        "outside the EAR can be supplied to a listed entity without a licence from BIS."
                    ),
                    citation=CITE_ENTITY_LIST,
                )
            )
        return Outcome(
            verdict=VERDICT_NOT_SUBJECT,
            subject_to_ear=False,
            licence_required=False,
            review_policy=None,
            licence_exceptions_available=True,
            steps=tuple(steps),
            caveats=tuple(caveats),
        )

    listed = tx.listed_parties
    affiliates = tx.affiliate_parties
    if affiliates:
        status = _affiliates_step(tx, affiliates, steps, caveats)
        if status is AffiliatesStatus.IN_FORCE:
            listed = (*listed, *affiliates)
        elif status is AffiliatesStatus.NOT_SHOWN and not listed:
            return Outcome(
                verdict=VERDICT_NOT_SHOWN,
                subject_to_ear=True,
                licence_required=False,
                review_policy=None,
                licence_exceptions_available=False,
                steps=tuple(steps),
                caveats=tuple(caveats),
                settled=False,
            )
    if not listed:
        caveats.append(CAVEAT_KNOW_YOUR_CUSTOMER)
        who = "None of the parties entered is" if tx.parties else "No parties were entered, so none is"
        steps.append(
            Step(
                question=(
                    "Is one of the 28 a party to the transaction as purchaser, intermediate consignee, "
                    "ultimate consignee or end user?"
                ),
                answer="No.",
                explanation=(
                    f"{who} one of the 28 entities. The Entity List licence requirement attaches only when a "
                    "listed entity takes part in one of these four roles."
                ),
                citation=CITE_PARTIES,
                decisive=True,
            )
        )
        return Outcome(
            verdict=VERDICT_NO_LISTED_PARTY,
            subject_to_ear=True,
            licence_required=False,
            review_policy=None,
            licence_exceptions_available=True,
            steps=tuple(steps),
            caveats=tuple(caveats),
        )

    roles = ", ".join(p.describe() for p in listed)
    steps.append(
        Step(
            question=(
                "Is one of the 28 a party to the transaction as purchaser, intermediate consignee, "
                "ultimate consignee or end user?"
            ),
            answer=f"Yes: {roles}.",
            explanation=(
                "Any one of these four roles is enough. It does not matter whether the listed entity buys "
                "directly or the item reaches it through a distributor or other intermediary."
            ),
            citation=CITE_PARTIES,
        )
    )
    steps.append(
        Step(
            question="Why is that party on the Entity List?",
            answer=(
                f"It was added on {RULE_DATE} ({RULE_CITATION}) under 15 CFR 744.11."
                if tx.listed_parties
                else f"It is not listed itself: it is owned 50% or more by one of the 28, added on {RULE_DATE} "
                f"({RULE_CITATION}) under 15 CFR 744.11."
            ),
            explanation=(
                "Section 744.11 lets BIS list entities acting, or at significant risk of acting, contrary to "
                "U.S. national security or foreign policy interests. The 28 were found to be acting contrary "
                "to U.S. foreign policy interests: BIS said they were implicated in human-rights violations "
                "in the campaign of repression, mass arbitrary detention and high-technology surveillance "
                "against Uyghurs, Kazakhs and other Muslim minority groups in Xinjiang."
            ),
            citation=CITE_BASIS,
        )
    )

    saved, savings_step = _savings_clause(tx) if tx.en_route_before_listing else (False, None)
    steps.append(
        Step(
            question=f"Does the entry require a licence for this {tx.movement.value}?",
            answer=(
                "Yes: a licence is required for all items subject to the EAR, EAR99 included."
                if not saved
                else "It would, but see the savings clause below."
            ),
            explanation=(
                "The entries added on 9 October 2019 require a licence for all items subject to the EAR, "
                "for exports, reexports and in-country transfers alike. A sale of equipment before the "
                "listing does not cover later shipments, updates or transfers."
            ),
            citation=CITE_REQUIREMENT,
            decisive=not saved,
        )
    )

    if savings_step is not None:
        caveats.append(CAVEAT_SAVINGS)
        steps.append(savings_step)
    if saved:
        return Outcome(
            verdict=VERDICT_SAVINGS,
            subject_to_ear=True,
            licence_required=False,
            review_policy=None,
            licence_exceptions_available=True,
            steps=tuple(steps),
            caveats=tuple(caveats),
        )

    caveats.append(CAVEAT_KNOW_YOUR_CUSTOMER)
    steps.append(
        Step(
            question="Can a licence exception be used instead?",
            answer="No: no licence exceptions are available for these entities.",
            explanation=(
                "The rule said no licence exceptions were available for these entries; today 15 CFR "
                "744.16(b) states the same bar for all listed entities, apart from narrow carve-outs that "
                "do not apply here."
            ),
            citation=CITE_EXCEPTIONS,
        )
    )

    item = tx.classification
    if tx.protective_note_1a995 and item != EAR99:
        steps.append(
            Step(
                question="Does the protective-goods carve-out apply?",
                answer=f"Not as entered: it covers EAR99 items, and this item is classified {item}.",
                explanation="Only EAR99 items described in the Note to ECCN 1A995 get case-by-case review.",
                citation=CITE_REVIEW,
            )
        )
    case_by_case = is_case_by_case_item(item, tx.protective_note_1a995)
    revised = infectious_disease_case_by_case(tx.as_of)
    infectious = tx.infectious_disease_item and not case_by_case
    if infectious and revised:
        case_by_case = True
        answer = (
            "Case-by-case: since 22 July 2020 items necessary to detect, identify and treat infectious disease "
            "are reviewed case-by-case."
        )
    elif infectious:
        answer = (
            f"Presumption of denial: on {_day(tx.as_of)} items for infectious disease were not yet among those "
            f"named for case-by-case review; they were added on {_day(INFECTIOUS_DISEASE_DATE)}."
        )
    elif case_by_case:
        what = (
            "EAR99 protective or medical goods described in the Note to ECCN 1A995"
            if item == EAR99
            else f"ECCN {item}, one of the eight ECCNs the rule named"
        )
        answer = f"Case-by-case: the item is {what}."
    else:
        what = "an EAR99 item" if item == EAR99 else f"ECCN {item}"
        answer = f"Presumption of denial: {what} is not among the items named for case-by-case review."
    if _parent_of_case_by_case(item):
        caveats.append(
            f"Only some subparagraphs of {item} were named for case-by-case review "
            f"({', '.join(e for e in CASE_BY_CASE_ECCNS if e.startswith(item + '.'))}); enter the full "
            "ECCN to see the policy for those."
        )
    if revised:
        steps.append(
            Step(
                question=f"Had the entries' review policy changed by {_day(tx.as_of)}?",
                answer="Yes: on 22 July 2020 BIS widened it for infectious-disease items.",
                explanation=(
                    "A rule effective on 22 July 2020 revised 37 existing entries under China, adding case-by-case "
                    "review for items necessary to detect, identify and treat infectious disease, which BIS tied to "
                    "the global pandemic."
                ),
                citation=CITE_REVISION_2020,
            )
        )
    steps.append(
        Step(
            question="How would BIS review a licence application?",
            answer=answer,
            explanation=(
                "The same policy applies to all 28: case-by-case for ECCNs 1A004.c, 1A004.d, 1A995, "
                "1A999.a, 1D003, 2A983, 2D983 and 2E983 and for EAR99 items described in the Note to ECCN "
                "1A995 (protective consumer goods packaged for retail sale or personal use, and medical "
                "products); a presumption of denial for all other items subject to the EAR."
                + (
                    " Since 22 July 2020 items necessary to detect, identify and treat infectious disease are "
                    "reviewed case-by-case too."
                    if revised
                    else ""
                )
            ),
            citation=CITE_REVIEW,
        )
    )
    policy = ReviewPolicy.CASE_BY_CASE if case_by_case else ReviewPolicy.PRESUMPTION_OF_DENIAL
    return Outcome(
        verdict=VERDICT_CASE_BY_CASE if case_by_case else VERDICT_DENIAL,
        subject_to_ear=True,
        licence_required=True,
        review_policy=policy,
        licence_exceptions_available=False,
        steps=tuple(steps),
        caveats=tuple(caveats),
    )


def _day(d: date) -> str:
    """'9 October 2019': a date as the page writes it."""
    return f"{d.day} {d:%B %Y}"


def _affiliates_step(tx: Transaction, affiliates: tuple[Party, ...], steps: list[Step], caveats: list[str]):
    """Append the step that says whether the Affiliates rule covered these parties on tx.as_of; return its status."""
    status = affiliates_status(tx.as_of)
    names = [p.describe() for p in affiliates]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    day = _day(tx.as_of)
    answer, explanation = {
        AffiliatesStatus.NOT_YET: (
            f"No: on {day} the Affiliates rule did not exist yet.",
            "Before 29 September 2025 a firm owned by a listed entity was covered only if it was named on the "
            "list itself.",
        ),
        AffiliatesStatus.IN_FORCE: (
            f"Yes: on {day} the Affiliates rule was in force, so the party is restricted as its owner is.",
            "From 29 September 2025 any entity at least 50% owned, directly or indirectly, by one or more Entity "
            "List parties was subject to the same restrictions without being named on the list.",
        ),
        AffiliatesStatus.SUSPENDED: (
            f"No: on {day} the Affiliates rule was suspended.",
            "BIS suspended the Affiliates rule from 10 November 2025 to 9 November 2026; in that period the "
            "list-based restrictions applied only to the entities named on the list.",
        ),
        AffiliatesStatus.NOT_SHOWN: (
            f"Not shown: the sources do not say what applied on {day}.",
            f"The suspension ran to {_day(SUSPENSION_END)}. A law firm read the suspension rule as bringing the "
            "Affiliates rule back on 10 November 2026 unless BIS acted again; the sources in this dataset do not "
            "show what BIS did, so the model does not guess.",
        ),
    }[status]
    steps.append(
        Step(
            question=f"Does the Affiliates rule cover {who}, owned 50% or more by one of the 28?",
            answer=answer,
            explanation=explanation,
            citation=CITE_AFFILIATES,
            decisive=status is AffiliatesStatus.NOT_SHOWN and not tx.listed_parties,
        )
    )
    if status is AffiliatesStatus.IN_FORCE:
        caveats.append(CAVEAT_AFFILIATES_TGL)
    elif status is AffiliatesStatus.SUSPENDED:
        caveats.append(CAVEAT_AFFILIATES_RED_FLAG)
    return status


def _party(role: Role, listed: bool, name: str = "") -> Party:
    return Party(role=role, listed=listed, name=name)


def _one_party(listed: bool, name: str, *roles: Role) -> tuple[Party, ...]:
    return tuple(_party(r, listed, name) for r in roles)


_ALL_ROLES = (Role.PURCHASER, Role.ULTIMATE_CONSIGNEE, Role.END_USER)

PRESETS: dict[str, Preset] = {
    p.slug: p
    for p in (
        Preset(
            slug="us-gpus-to-company",
            title="A U.S. chipmaker ships GPUs to a listed company",
            description=(
                "After 9 October 2019 a U.S. chipmaker exports graphics processors from the United States "
                "to Megvii, which buys, receives and uses them. The preset classifies the chips EAR99 for "
                "simplicity: under this rule any classification outside the eight case-by-case ECCNs gives "
                "the same answer."
            ),
            transaction=Transaction(parties=_one_party(True, "Megvii", *_ALL_ROLES)),
        ),
        Preset(
            slug="reseller-reexports-servers",
            title="A foreign reseller re-exports U.S.-origin servers",
            description=(
                "A reseller outside China bought U.S.-made servers and now re-exports them to Sense Time. "
                "U.S.-origin items stay subject to the EAR abroad, so the reseller needs the licence."
            ),
            transaction=Transaction(
                movement=Movement.REEXPORT,
                parties=_one_party(True, "Sense Time", *_ALL_ROLES),
            ),
        ),
        Preset(
            slug="foreign-low-us-content",
            title="A foreign product with little U.S. content",
            description=(
                "A camera made outside the United States, with 10% controlled U.S.-origin content by value, "
                "is exported from its country of manufacture to Hikvision."
            ),
            transaction=Transaction(
                origin=ItemOrigin.FOREIGN_WITH_US_CONTENT,
                us_content_percent=10,
                movement=Movement.REEXPORT,
                parties=_one_party(True, "Hikvision", *_ALL_ROLES),
            ),
        ),
        Preset(
            slug="foreign-high-us-content",
            title="A foreign product with a lot of U.S. content",
            description=(
                "The same kind of foreign-made product, but 40% of its value is controlled U.S.-origin "
                "content. It goes to Dahua."
            ),
            transaction=Transaction(
                origin=ItemOrigin.FOREIGN_WITH_US_CONTENT,
                us_content_percent=40,
                movement=Movement.REEXPORT,
                parties=_one_party(True, "Dahua", *_ALL_ROLES),
            ),
        ),
        Preset(
            slug="software-update",
            title="A software update for equipment sold before the listing",
            description=(
                "A U.S. vendor sold equipment to IFLYTEK in 2018 and now wants to send a proprietary "
                "software update from the United States. The update is a new export of software; the "
                "earlier sale does not cover it. (A freely published update would be a different case: "
                "tick 'published' to see it.)"
            ),
            transaction=Transaction(
                item_type=ItemType.SOFTWARE,
                parties=_one_party(True, "IFLYTEK", Role.ULTIMATE_CONSIGNEE, Role.END_USER),
            ),
        ),
        Preset(
            slug="protective-goods",
            title="Protective or medical goods for a public security bureau",
            description=(
                "A U.S. supplier exports consumer masks that protect against chemical or biological agents, "
                "packaged for retail sale: EAR99 goods of the kind described in the Note to ECCN 1A995. The "
                "buyer and user is the XUAR People's Government Public Security Bureau."
            ),
            transaction=Transaction(
                protective_note_1a995=True,
                parties=_one_party(True, "XUAR People's Government Public Security Bureau", *_ALL_ROLES),
            ),
        ),
        Preset(
            slug="distributor-to-bureau",
            title="A shipment to a bureau through a distributor",
            description=(
                "A U.S. firm sells EAR99 goods to an unlisted distributor in China, knowing that they "
                "are for one of the listed municipal public security bureaus. The distributor is the "
                "purchaser and consignee; the bureau is the end user."
            ),
            transaction=Transaction(
                parties=(
                    _party(Role.PURCHASER, False, "a distributor"),
                    _party(Role.ULTIMATE_CONSIGNEE, False, "a distributor"),
                    _party(Role.END_USER, True, "a listed municipal public security bureau"),
                )
            ),
        ),
        Preset(
            slug="unlisted-customer",
            title="A customer that is not listed",
            description=(
                "A U.S. firm exports EAR99 goods to a Chinese company that is not on the Entity List and "
                "shows no sign of passing them to one of the 28."
            ),
            transaction=Transaction(parties=_one_party(False, "an unlisted company", *_ALL_ROLES)),
        ),
        Preset(
            slug="in-country-transfer",
            title="An in-country transfer inside China",
            description=(
                "A Chinese company that lawfully received U.S.-origin equipment before the listing wants to "
                "hand it on to Yitu, inside China."
            ),
            transaction=Transaction(
                movement=Movement.TRANSFER,
                parties=_one_party(True, "Yitu", Role.ULTIMATE_CONSIGNEE, Role.END_USER),
            ),
        ),
        Preset(
            slug="en-route-savings-clause",
            title="A shipment already en route on 9 October 2019",
            description=(
                "EAR99 goods for Xiamen Meiya Pico left the United States on 8 October 2019, under a firm "
                "order and with no licence needed at the time; they were aboard the ship when the rule took "
                "effect."
            ),
            transaction=Transaction(
                en_route_before_listing=True,
                parties=_one_party(True, "Xiamen Meiya Pico", *_ALL_ROLES),
            ),
        ),
        Preset(
            slug="foreign-direct-product",
            title="A foreign-made direct product of U.S. technology",
            description=(
                "A chip made abroad with no U.S. content, but produced with U.S.-origin technology that is "
                "controlled for national-security reasons, and itself classified 3A001 (national-security "
                "controlled), is exported from abroad to Yixin."
            ),
            transaction=Transaction(
                origin=ItemOrigin.FOREIGN_DIRECT_PRODUCT,
                classification="3A001",
                fdp_us_tech_ns_controlled=True,
                fdp_product_ns_controlled=True,
                movement=Movement.REEXPORT,
                parties=_one_party(True, "Yixin", *_ALL_ROLES),
            ),
        ),
        Preset(
            slug="case-by-case-eccn",
            title="An item from the case-by-case list",
            description=(
                "A U.S. firm exports an item classified 1A004.c, one of the eight ECCNs the rule named for "
                "case-by-case review, to the Xinjiang Police College."
            ),
            transaction=Transaction(
                classification="1A004.c",
                parties=_one_party(True, "Xinjiang Police College", *_ALL_ROLES),
            ),
        ),
        *(
            Preset(
                slug=f"infectious-disease-{when}",
                title=f"Test kits for a bureau, {label} 22 July 2020",
                description=(
                    f"On {_day(on)} a U.S. supplier exports EAR99 diagnostic test kits, needed to detect and identify "
                    "an infectious disease, to the Kashgar Prefecture Public Security Bureau. The review policy "
                    "for such items changed on 22 July 2020 (FR Doc. 2020-15827)."
                ),
                transaction=Transaction(
                    infectious_disease_item=True,
                    as_of=on,
                    parties=_one_party(True, "Kashgar Prefecture Public Security Bureau", *_ALL_ROLES),
                ),
            )
            for when, label, on in (
                ("before-2020", "the day before", date(2020, 7, 21)),
                ("from-2020", "on", INFECTIOUS_DISEASE_DATE),
            )
        ),
        *(
            Preset(
                slug=f"affiliate-{when}",
                title=f"A firm owned 60% by Hikvision: {label}",
                description=(
                    f"On {_day(on)} a U.S. firm exports EAR99 goods to a company that is not on the Entity List "
                    "but is 60% owned by Hikvision, which buys, receives and uses them. Whether that ownership "
                    f"matters depends on the Affiliates rule on that day ({label})."
                ),
                transaction=Transaction(
                    as_of=on,
                    parties=tuple(
                        Party(r, False, "a firm 60% owned by Hikvision", owned_by_listed=True) for r in _ALL_ROLES
                    ),
                ),
            )
            for when, label, on in (
                ("before-rule", "before the Affiliates rule", date(2025, 9, 28)),
                ("rule-in-force", "the Affiliates rule in force", date(2025, 9, 29)),
                ("rule-suspended", "the Affiliates rule suspended", date(2025, 11, 10)),
                ("after-suspension", "after the suspension", date(2026, 11, 10)),
            )
        ),
    )
}


__all__ = [
    "CASE_BY_CASE_ECCNS",
    "PRESETS",
    "DeMinimisGroup",
    "ItemOrigin",
    "ItemType",
    "Movement",
    "Outcome",
    "Party",
    "Preset",
    "ReviewPolicy",
    "Role",
    "Step",
    "Transaction",
    "evaluate",
    "is_case_by_case_item",
    "is_encryption_software",
    "normalise_classification",
]
