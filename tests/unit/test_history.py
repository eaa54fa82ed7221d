"""The listing over time (listed.history) and the engine on dates: every boundary day, exact answers."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from listed import history, rules
from listed.history import (
    AFFILIATES_START,
    INFECTIOUS_DISEASE_DATE,
    LISTING_DATE,
    SUSPENSION_END,
    SUSPENSION_START,
    AffiliatesStatus,
    affiliates_change,
    affiliates_status,
    citation,
    history_until,
    infectious_disease_case_by_case,
    parse_as_of,
    policy_in_force,
)
from listed.loader import DatasetError, load_dataset
from listed.rules import (
    CITE_AFFILIATES,
    CITE_PARTIES,
    CITE_REQUIREMENT,
    CITE_REVIEW,
    CITE_REVISION_2020,
    PRESETS,
    VERDICT_CASE_BY_CASE,
    VERDICT_DENIAL,
    VERDICT_NO_LISTED_PARTY,
    VERDICT_NOT_SHOWN,
    Party,
    ReviewPolicy,
    Role,
    Transaction,
    evaluate,
)
from listed.txlink import from_params, to_params
from tests.fixtures import tables, write_dataset

DAY = timedelta(days=1)
DATA_AS_OF = date(2026, 12, 2)


@pytest.fixture(scope="module")
def changes() -> pd.DataFrame:
    return load_dataset().listing_changes


# --- The Affiliates rule's status: each edge, the day before and the day itself ---------------------------


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (LISTING_DATE, AffiliatesStatus.NOT_YET),
        (date(2025, 9, 28), AffiliatesStatus.NOT_YET),
        (date(2025, 9, 29), AffiliatesStatus.IN_FORCE),
        (date(2025, 11, 9), AffiliatesStatus.IN_FORCE),
        (date(2025, 11, 10), AffiliatesStatus.SUSPENDED),
        (date(2026, 11, 9), AffiliatesStatus.SUSPENDED),
        (date(2026, 11, 10), AffiliatesStatus.NOT_SHOWN),
        (DATA_AS_OF, AffiliatesStatus.NOT_SHOWN),
    ],
)
def test_affiliates_status_on_every_edge(on: date, status: AffiliatesStatus) -> None:
    assert affiliates_status(on) is status


def test_the_constants_are_the_dates_the_sources_give() -> None:
    got = (LISTING_DATE, INFECTIOUS_DISEASE_DATE, AFFILIATES_START, SUSPENSION_START, SUSPENSION_END)
    want = (date(2019, 10, 9), date(2020, 7, 22), date(2025, 9, 29), date(2025, 11, 10), date(2026, 11, 9))
    assert got == want
    assert history.KIND_DATES["scheduled"] == SUSPENSION_END + DAY


@pytest.mark.parametrize(
    ("on", "widened"),
    [(LISTING_DATE, False), (date(2020, 7, 21), False), (date(2020, 7, 22), True), (DATA_AS_OF, True)],
)
def test_infectious_disease_case_by_case_from_22_july_2020(on: date, widened: bool) -> None:
    assert infectious_disease_case_by_case(on) is widened


# --- The table: the policy in force and the history up to a date -----------------------------------------


def test_policy_in_force_switches_on_22_july_2020(changes) -> None:
    before = policy_in_force(changes, date(2020, 7, 21), "kashgar-psb")
    on = policy_in_force(changes, date(2020, 7, 22), "kashgar-psb")
    assert before["change_id"] == "listing-2019" and citation(before) == "84 FR 54002, FR Doc. 2019-22210"
    assert "infectious" not in before["review_policy"]
    assert on["change_id"] == "revision-2020-infectious-disease" and citation(on) == "FR Doc. 2020-15827"
    assert "detect, identify and treat infectious disease" in on["review_policy"]
    # later rows set no policy, so the 2020 policy is still the one in force on the data's as-of date
    assert policy_in_force(changes, DATA_AS_OF, "hikvision")["change_id"] == "revision-2020-infectious-disease"


def test_no_policy_before_the_listing(changes) -> None:
    assert policy_in_force(changes, LISTING_DATE - DAY) is None
    assert policy_in_force(changes, LISTING_DATE)["change_id"] == "listing-2019"


def test_history_until_a_date_is_inclusive_and_per_entity(changes) -> None:
    def ids(on: date, eid: str | None = None) -> list[str]:
        return history_until(changes, on, eid)["change_id"].tolist()

    assert ids(LISTING_DATE) == ["listing-2019"]
    assert ids(date(2020, 7, 21)) == ["listing-2019"]
    assert ids(date(2020, 7, 22)) == ["listing-2019", "revision-2020-infectious-disease"]
    full = ["listing-2019", "revision-2020-infectious-disease", "xinjiang-units-2023", "affiliates-rule-2025",
            "affiliates-suspension-2025", "affiliates-suspension-end-2026"]  # fmt: skip
    assert ids(DATA_AS_OF, "hikvision") == full
    assert ids(DATA_AS_OF) == full
    assert ids(DATA_AS_OF, "kashgar-psb") == [c for c in full if c != "xinjiang-units-2023"]
    assert ids(date(2026, 11, 9), "kashgar-psb")[-1] == "affiliates-suspension-2025"


@pytest.mark.parametrize(
    ("on", "change_id"),
    [
        (date(2025, 9, 28), None),
        (date(2025, 9, 29), "affiliates-rule-2025"),
        (date(2025, 11, 9), "affiliates-rule-2025"),
        (date(2025, 11, 10), "affiliates-suspension-2025"),
        (date(2026, 11, 9), "affiliates-suspension-2025"),
        (date(2026, 11, 10), "affiliates-suspension-end-2026"),
    ],
)
def test_affiliates_row_for_a_date(changes, on: date, change_id: str | None) -> None:
    row = affiliates_change(changes, on)
    assert (row["change_id"] if row else None) == change_id


def test_after_the_suspension_the_data_say_the_sources_do_not_show_it(changes) -> None:
    row = affiliates_change(changes, DATA_AS_OF)
    assert row["kind"] == "scheduled" and row["fr_doc"] == "" and citation(row) == ""
    assert "do not show" in row["description"] and "10 November 2026" in row["description"]


def test_citation_joins_what_the_row_has() -> None:
    assert citation({"fr_citation": "88 FR 18983", "fr_doc": "2023-06663"}) == "88 FR 18983, FR Doc. 2023-06663"
    assert citation({"fr_citation": "", "fr_doc": "2025-19846"}) == "FR Doc. 2025-19846"
    assert citation({"fr_citation": "90 FR 47201", "fr_doc": ""}) == "90 FR 47201"


# --- The asof URL value ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("2019-10-09", LISTING_DATE), (" 2020-07-22 ", INFECTIOUS_DISEASE_DATE), ("2026-12-02", DATA_AS_OF)],
)
def test_parse_as_of_accepts_days_from_the_listing_to_the_data_date(raw: str, value: date) -> None:
    assert parse_as_of(raw, DATA_AS_OF) == (value, None)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("2019-10-08", "choose a day from 2019-10-09 (the listing) to 2026-12-02"),
        ("2026-12-03", "choose a day from 2019-10-09 (the listing) to 2026-12-02"),
        ("2020-02-30", "write a real day as YYYY-MM-DD"),
        ("20200722", "write a real day as YYYY-MM-DD"),
        ("2020-W30-1", "write a real day as YYYY-MM-DD"),
        ("yesterday", "write a real day as YYYY-MM-DD"),
    ],
)
def test_parse_as_of_refuses_with_a_notice(raw: str, says: str) -> None:
    value, notice = parse_as_of(raw, DATA_AS_OF)
    assert value is None and says in notice


def test_parse_as_of_without_a_value_says_nothing() -> None:
    assert parse_as_of(None, DATA_AS_OF) == (None, None)
    assert parse_as_of("", DATA_AS_OF) == (None, None)


# --- The engine on dates ----------------------------------------------------------------------------------

BUREAU = tuple(Party(r, True, "Kashgar Prefecture Public Security Bureau") for r in (Role.PURCHASER, Role.END_USER))


def owned(role: Role = Role.END_USER) -> Party:
    return Party(role, False, "a firm 60% owned by Hikvision", owned_by_listed=True)


@pytest.mark.parametrize(
    ("on", "infectious", "verdict", "policy"),
    [
        (LISTING_DATE, True, VERDICT_DENIAL, ReviewPolicy.PRESUMPTION_OF_DENIAL),
        (date(2020, 7, 21), True, VERDICT_DENIAL, ReviewPolicy.PRESUMPTION_OF_DENIAL),
        (date(2020, 7, 22), True, VERDICT_CASE_BY_CASE, ReviewPolicy.CASE_BY_CASE),
        (DATA_AS_OF, True, VERDICT_CASE_BY_CASE, ReviewPolicy.CASE_BY_CASE),
        (date(2020, 7, 22), False, VERDICT_DENIAL, ReviewPolicy.PRESUMPTION_OF_DENIAL),
    ],
)
def test_infectious_disease_item_on_each_side_of_the_revision(on, infectious, verdict, policy) -> None:
    out = evaluate(Transaction(parties=BUREAU, infectious_disease_item=infectious, as_of=on))
    assert (out.verdict, out.review_policy, out.licence_required, out.settled) == (verdict, policy, True, True)
    revised = [s for s in out.steps if s.citation == CITE_REVISION_2020]
    assert len(revised) == (1 if on >= INFECTIOUS_DISEASE_DATE else 0)
    review = out.steps[-1]
    assert review.citation == CITE_REVIEW
    if infectious and on < INFECTIOUS_DISEASE_DATE:
        assert review.answer == (
            f"Presumption of denial: on {on.day} {on:%B %Y} items for infectious disease were not yet among those "
            "named for case-by-case review; they were added on 22 July 2020."
        )
    if infectious and on >= INFECTIOUS_DISEASE_DATE:
        assert review.answer.startswith("Case-by-case: since 22 July 2020 items necessary to detect")
    assert ("Since 22 July 2020" in review.explanation) is (on >= INFECTIOUS_DISEASE_DATE)


def test_a_case_by_case_eccn_stays_case_by_case_without_the_infectious_wording() -> None:
    out = evaluate(Transaction(classification="1A004.c", infectious_disease_item=True, parties=BUREAU))
    assert out.review_policy is ReviewPolicy.CASE_BY_CASE
    assert out.steps[-1].answer == "Case-by-case: the item is ECCN 1A004.c, one of the eight ECCNs the rule named."


def test_the_default_date_is_the_rule_and_keeps_2019_answers() -> None:
    tx = Transaction(parties=BUREAU)
    assert tx.as_of == LISTING_DATE
    assert evaluate(tx) == evaluate(Transaction(parties=BUREAU, as_of="2019-10-09"))
    assert all(s.citation != CITE_REVISION_2020 for s in evaluate(tx).steps)


def test_a_date_before_the_listing_is_refused() -> None:
    with pytest.raises(ValueError, match="on or after 2019-10-09"):
        Transaction(as_of=date(2019, 10, 8))


@pytest.mark.parametrize(
    ("on", "verdict", "licence", "answer_start", "extra_caveat"),
    [
        (date(2025, 9, 28), VERDICT_NO_LISTED_PARTY, False, "No: on 28 September 2025 the Affiliates rule", None),
        (date(2025, 9, 29), VERDICT_DENIAL, True, "Yes: on 29 September 2025 the Affiliates rule was in force",
         rules.CAVEAT_AFFILIATES_TGL),
        (date(2025, 11, 9), VERDICT_DENIAL, True, "Yes: on 9 November 2025", rules.CAVEAT_AFFILIATES_TGL),
        (date(2025, 11, 10), VERDICT_NO_LISTED_PARTY, False, "No: on 10 November 2025 the Affiliates rule was "
         "suspended", rules.CAVEAT_AFFILIATES_RED_FLAG),
        (date(2026, 11, 9), VERDICT_NO_LISTED_PARTY, False, "No: on 9 November 2026", rules.CAVEAT_AFFILIATES_RED_FLAG),
        (date(2026, 11, 10), VERDICT_NOT_SHOWN, False, "Not shown: the sources do not say what applied on 10 "
         "November 2026", None),
    ],
)  # fmt: skip
def test_an_affiliate_on_each_edge_of_the_affiliates_rule(on, verdict, licence, answer_start, extra_caveat) -> None:
    out = evaluate(Transaction(parties=(owned(),), as_of=on))
    step = next(s for s in out.steps if s.citation == CITE_AFFILIATES)
    assert step.question == "Does the Affiliates rule cover the end user (a firm 60% owned by Hikvision), owned " \
        "50% or more by one of the 28?"  # fmt: skip
    assert step.answer.startswith(answer_start)
    assert (out.verdict, out.licence_required) == (verdict, licence)
    assert out.settled is (verdict != VERDICT_NOT_SHOWN)
    assert (extra_caveat in out.caveats) if extra_caveat else not (
        {rules.CAVEAT_AFFILIATES_TGL, rules.CAVEAT_AFFILIATES_RED_FLAG} & set(out.caveats))  # fmt: skip
    decider = {
        VERDICT_DENIAL: CITE_REQUIREMENT,
        VERDICT_NO_LISTED_PARTY: CITE_PARTIES,
        VERDICT_NOT_SHOWN: CITE_AFFILIATES,
    }
    assert out.deciding_step.citation == decider[verdict]


def test_an_affiliate_in_force_is_explained_as_owned_not_listed() -> None:
    out = evaluate(Transaction(parties=(owned(),), as_of=date(2025, 10, 1)))
    basis = next(s for s in out.steps if s.question == "Why is that party on the Entity List?")
    assert basis.answer.startswith("It is not listed itself: it is owned 50% or more by one of the 28")
    assert out.review_policy is ReviewPolicy.PRESUMPTION_OF_DENIAL and not out.licence_exceptions_available


def test_a_listed_party_beside_an_unsettled_affiliate_still_decides() -> None:
    tx = Transaction(parties=(owned(Role.PURCHASER), Party(Role.END_USER, True, "Hikvision")), as_of=DATA_AS_OF)
    out = evaluate(tx)
    assert out.settled and out.verdict == VERDICT_DENIAL
    step = next(s for s in out.steps if s.citation == CITE_AFFILIATES)
    assert step.answer.startswith("Not shown") and not step.decisive
    basis = next(s for s in out.steps if s.question == "Why is that party on the Entity List?")
    assert basis.answer == "It was added on 9 October 2019 (84 FR 54002) under 15 CFR 744.11."


def test_a_listed_party_is_not_also_an_affiliate() -> None:
    both = Party(Role.END_USER, True, "Hikvision", owned_by_listed=True)
    tx = Transaction(parties=(both,), as_of=DATA_AS_OF)
    assert tx.affiliate_parties == () and evaluate(tx).settled


def test_the_unsettled_preset_says_so_exactly() -> None:
    out = evaluate(PRESETS["affiliate-after-suspension"].transaction)
    assert out.verdict == VERDICT_NOT_SHOWN
    assert (out.settled, out.licence_required, out.review_policy, out.licence_exceptions_available) == (
        False, False, None, False)  # fmt: skip
    assert out.deciding_step.citation == CITE_AFFILIATES
    assert out.caveats == (rules.CAVEAT_NOT_ADVICE, rules.CAVEAT_SCOPE)


@pytest.mark.parametrize(
    ("slug", "on"),
    [
        ("infectious-disease-before-2020", date(2020, 7, 21)),
        ("infectious-disease-from-2020", date(2020, 7, 22)),
        ("affiliate-before-rule", date(2025, 9, 28)),
        ("affiliate-rule-in-force", date(2025, 9, 29)),
        ("affiliate-rule-suspended", date(2025, 11, 10)),
        ("affiliate-after-suspension", date(2026, 11, 10)),
    ],
)
def test_dated_presets_sit_on_the_edges_and_round_trip_through_a_link(slug: str, on: date) -> None:
    tx = PRESETS[slug].transaction
    assert tx.as_of == on
    params = to_params(tx)
    assert params["asof"] == on.isoformat()
    back, notices = from_params(params, DATA_AS_OF)
    assert notices == [] and back.as_of == on
    assert back.infectious_disease_item is tx.infectious_disease_item
    assert [p.owned_by_listed for p in back.parties] == [p.owned_by_listed for p in tx.parties]


def test_link_keys_for_the_new_fields() -> None:
    tx = Transaction(infectious_disease_item=True, parties=(owned(),), as_of=date(2021, 1, 5))
    assert to_params(tx) == {
        "item": "commodity", "origin": "us-origin", "class": "EAR99", "infectious": "1", "move": "export",
        "asof": "2021-01-05", "enduser": "affiliate",
    }  # fmt: skip
    assert "asof" not in to_params(Transaction())


def test_a_bad_asof_in_a_link_falls_back_with_a_notice() -> None:
    tx, notices = from_params({"enduser": "listed", "asof": "2030-01-01"}, DATA_AS_OF)
    assert tx.as_of == LISTING_DATE
    assert notices == ["Ignored the date 2030-01-01: choose a day from 2019-10-09 (the listing) to 2026-12-02 "
                       "(the data's as-of date)."]  # fmt: skip
    _, notices = from_params({"enduser": "owner"})
    assert notices == ["Ignored the value of 'enduser' (allowed: listed, unlisted, affiliate)."]


# --- The loader keeps the table and the engine's dates together ---------------------------------------------


def _problems(tmp_path, rows: list[dict]) -> list[str]:
    data = tables()
    data["listing_changes"] = rows
    with pytest.raises(DatasetError) as info:
        load_dataset(write_dataset(tmp_path / "ds", data))
    return [str(p) for p in info.value.problems]


def _row(**kw) -> dict:
    base = dict(tables()["listing_changes"][0])
    base.update(kw)
    return base


def test_the_minimal_history_loads(tmp_path) -> None:
    ds = load_dataset(write_dataset(tmp_path / "ds"))
    assert ds.listing_changes["change_id"].tolist() == ["listing"]


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([_row(date="2019-10-10")],
         "listing_changes.csv, row 1, column 'date': a listing row must be dated 2019-10-09"),
        ([_row(), _row(change_id="again")],
         "listing_changes.csv, column 'kind': needs exactly one listing row, found 2"),
        ([_row(kind="revision")], "listing_changes.csv, column 'kind': needs exactly one listing row, found 0"),
        ([_row(), _row(change_id="rev", kind="revision", date="2020-07-23")],
         "listing_changes.csv, row 2, column 'date': a revision's date must be one the rules engine knows"),
        ([_row(), _row(change_id="sus", kind="affiliates-suspension", date="2025-11-11", review_policy="")],
         "listing_changes.csv, row 2, column 'date': a affiliates-suspension row must be dated 2025-11-10"),
        ([_row(review_policy="")],
         "listing_changes.csv, row 1, column 'review_policy': a listing or revision states the review policy"),
        ([_row(), _row(change_id="aff", kind="affiliates-rule", date="2025-09-29")],
         "listing_changes.csv, row 2, column 'review_policy': only a listing or revision sets the review policy"),
        ([_row(applies_to="named")],
         "listing_changes.csv, row 1, column 'entity_ids': names entities exactly when applies_to is named"),
        ([_row(entity_ids="hikvision")],
         "listing_changes.csv, row 1, column 'entity_ids': names entities exactly when applies_to is named"),
        ([_row(fr_citation="84 FR")],
         "listing_changes.csv, row 1, column 'fr_citation': '84 FR' does not match the pattern"),
    ],
)  # fmt: skip
def test_the_loader_names_each_problem(tmp_path, rows: list[dict], problem: str) -> None:
    assert any(p.startswith(problem) for p in _problems(tmp_path, rows)), _problems(tmp_path, rows)


def test_history_keeps_the_table_columns(changes) -> None:
    rows = history_until(changes, DATA_AS_OF)
    assert list(rows.columns) == list(changes.columns) and list(rows.index) == list(range(len(rows)))


def test_the_revision_step_says_what_changed_and_when() -> None:
    out = evaluate(Transaction(parties=BUREAU, as_of=date(2021, 3, 4)))
    (step,) = [s for s in out.steps if s.citation == CITE_REVISION_2020]
    assert step.question == "Had the entries' review policy changed by 4 March 2021?"
    assert step.answer == "Yes: on 22 July 2020 BIS widened it for infectious-disease items."
    assert step.explanation == (
        "A rule effective on 22 July 2020 revised 37 existing entries under China, adding case-by-case review for "
        "items necessary to detect, identify and treat infectious disease, which BIS tied to the global pandemic."
    )
    assert out.steps.index(step) == len(out.steps) - 2  # just before the review itself
    assert not step.decisive


@pytest.mark.parametrize(("on", "widened"), [(date(2020, 7, 21), False), (date(2020, 7, 22), True)])
def test_the_review_step_mentions_the_widening_only_from_22_july_2020(on: date, widened: bool) -> None:
    out = evaluate(Transaction(parties=BUREAU, as_of=on))
    (review,) = [s for s in out.steps if s.citation == CITE_REVIEW]
    assert review.explanation.endswith(
        "reviewed case-by-case too." if widened else "a presumption of denial for all other items subject to the EAR."
    )


@pytest.mark.parametrize(
    ("on", "explanation"),
    [
        (date(2025, 1, 1), "Before 29 September 2025 a firm owned by a listed entity was covered only if it was "
         "named on the list itself."),
        (date(2025, 10, 1), "From 29 September 2025 any entity at least 50% owned, directly or indirectly, by one "
         "or more Entity List parties was subject to the same restrictions without being named on the list."),
        (date(2026, 1, 1), "BIS suspended the Affiliates rule from 10 November 2025 to 9 November 2026; in that "
         "period the list-based restrictions applied only to the entities named on the list."),
        (date(2026, 12, 1), "The suspension ran to 9 November 2026. A law firm read the suspension rule as bringing "
         "the Affiliates rule back on 10 November 2026 unless BIS acted again; the sources in this dataset do not "
         "show what BIS did, so the model does not guess."),
    ],
)  # fmt: skip
def test_the_affiliates_step_explains_each_status(on: date, explanation: str) -> None:
    out = evaluate(Transaction(parties=(owned(),), as_of=on))
    (step,) = [s for s in out.steps if s.citation == CITE_AFFILIATES]
    assert step.explanation == explanation
    assert CITE_AFFILIATES == "90 FR 47201 (Affiliates rule); FR Doc. 2025-19846 (its suspension)"


def test_the_unsettled_outcome_is_about_an_item_subject_to_the_ear() -> None:
    out = evaluate(Transaction(parties=(owned(),), as_of=DATA_AS_OF))
    assert out.subject_to_ear is True and out.steps[0].citation != CITE_AFFILIATES
    assert [s.citation for s in out.steps][-1] == CITE_AFFILIATES


def test_dated_preset_titles() -> None:
    titles = {slug: PRESETS[slug].title for slug in PRESETS if slug.startswith(("infectious", "affiliate"))}
    assert titles == {
        "infectious-disease-before-2020": "Test kits for a bureau, the day before 22 July 2020",
        "infectious-disease-from-2020": "Test kits for a bureau, on 22 July 2020",
        "affiliate-before-rule": "A firm owned 60% by Hikvision: before the Affiliates rule",
        "affiliate-rule-in-force": "A firm owned 60% by Hikvision: the Affiliates rule in force",
        "affiliate-rule-suspended": "A firm owned 60% by Hikvision: the Affiliates rule suspended",
        "affiliate-after-suspension": "A firm owned 60% by Hikvision: after the suspension",
    }
    assert PRESETS["infectious-disease-before-2020"].description.startswith(
        "On 21 July 2020 a U.S. supplier exports EAR99 diagnostic test kits"
    )
    assert PRESETS["affiliate-rule-suspended"].description.endswith(
        "depends on the Affiliates rule on that day (the Affiliates rule suspended).")  # fmt: skip


def test_the_affiliates_question_names_every_role_in_plain_words() -> None:
    parties = (owned(Role.PURCHASER), owned(Role.ULTIMATE_CONSIGNEE), owned(Role.END_USER))
    out = evaluate(Transaction(parties=tuple(Party(p.role, False, owned_by_listed=True) for p in parties)))
    (step,) = [s for s in out.steps if s.citation == CITE_AFFILIATES]
    assert step.question == (
        "Does the Affiliates rule cover the purchaser, the ultimate consignee and the end user, owned 50% or more by "
        "one of the 28?"
    )
    two = Transaction(parties=(Party(Role.PURCHASER, False, owned_by_listed=True), owned()))
    (step,) = [s for s in evaluate(two).steps if s.citation == CITE_AFFILIATES]
    assert step.question.startswith("Does the Affiliates rule cover the purchaser and the end user (a firm")


def test_a_change_naming_several_entities_concerns_each_of_them_only():
    """entity_ids is a semicolon list: each id named counts, a missing list names nobody, and the policy in force
    for an entity comes from the changes that concern it (a revision naming others does not move its policy)."""
    changes = pd.DataFrame(
        {
            "change_id": ["listing", "named-revision", "unnamed"],
            "date": pd.to_datetime(["2019-10-09", "2020-07-22", "2021-01-01"]),
            "kind": ["listing", "revision", "related-listing"],
            "applies_to": ["all-28", "named", "named"],
            "entity_ids": ["", "hikvision;dahua", None],
            "review_policy": ["2019 policy", "revised policy", None],
        }
    )
    on = date(2022, 1, 1)
    ids = lambda eid: history.history_until(changes, on, eid)["change_id"].tolist()  # noqa: E731
    assert ids("dahua") == ["listing", "named-revision"]
    assert ids("hikvision") == ["listing", "named-revision"]
    assert ids("kashgar-psb") == ["listing"]
    assert ids(None) == ["listing", "named-revision", "unnamed"]
    assert history.policy_in_force(changes, on, "dahua")["review_policy"] == "revised policy"
    assert history.policy_in_force(changes, on, "kashgar-psb")["review_policy"] == "2019 policy"
