"""How-it-works transactions as links: round trip, bad values, the movement following the origin."""

import pytest

from listed.rules import (
    PRESETS,
    VERDICT_DENIAL,
    DeMinimisGroup,
    ItemOrigin,
    Movement,
    Party,
    Role,
    Transaction,
    evaluate,
)
from listed.txlink import KEYS, from_params, movement_for_origin, to_params


@pytest.mark.parametrize("slug", sorted(PRESETS))
def test_every_preset_round_trips_through_a_link(slug):
    tx = PRESETS[slug].transaction
    back, notices = from_params(to_params(tx))
    assert notices == []
    a, b = evaluate(back), evaluate(tx)  # party names are not in a link, so steps naming them may differ
    assert (a.verdict, a.subject_to_ear, a.licence_required, a.review_policy) == (
        b.verdict, b.subject_to_ear, b.licence_required, b.review_policy)  # fmt: skip
    assert to_params(back) == to_params(tx)


def test_link_keys_are_documented_and_readable():
    tx = Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=20, movement=Movement.REEXPORT,
                     parties=(Party(Role.END_USER, True),))  # fmt: skip
    params = to_params(tx)
    assert set(params) <= KEYS
    assert params["content"] == "20" and params["enduser"] == "listed" and params["move"] == "reexport"


def test_no_transaction_keys_means_no_transaction():
    assert from_params({}) == (None, [])
    assert from_params({"preset": "x"}) == (None, [])


@pytest.mark.parametrize(
    ("params", "word"),
    [({"item": "rocket"}, "item"), ({"content": "250"}, "content"), ({"content": "lots"}, "content"),
     ({"class": "<script>"}, "class"), ({"enduser": "maybe"}, "enduser"), ({"fdp": "x"}, "fdp"),
     ({"move": "teleport"}, "move"), ({"group": "e9"}, "group")],
)  # fmt: skip
def test_bad_values_are_ignored_with_a_notice(params, word):
    tx, notices = from_params(params)
    assert tx is not None and len(notices) == 1 and f"'{word}'" in notices[0]


def test_movement_follows_origin():
    assert movement_for_origin(ItemOrigin.FOREIGN_WITH_US_CONTENT, Movement.EXPORT) is Movement.REEXPORT
    assert movement_for_origin(ItemOrigin.FOREIGN_DIRECT_PRODUCT, Movement.EXPORT) is Movement.REEXPORT
    assert movement_for_origin(ItemOrigin.FOREIGN_WITH_US_CONTENT, Movement.TRANSFER) is Movement.TRANSFER
    assert movement_for_origin(ItemOrigin.US_ORIGIN, Movement.REEXPORT) is Movement.REEXPORT
    assert movement_for_origin(ItemOrigin.US_ORIGIN, Movement.EXPORT) is Movement.EXPORT


def test_twenty_percent_us_content_abroad_is_below_de_minimis():
    """The lesson a reader testing de minimis should get: 20% < 25%, so the foreign item is outside the EAR."""
    origin = ItemOrigin.FOREIGN_WITH_US_CONTENT
    move = movement_for_origin(origin, Movement.EXPORT)
    tx = Transaction(origin=origin, us_content_percent=20, de_minimis_group=DeMinimisGroup.GENERAL, movement=move,
                     parties=(Party(Role.END_USER, True),))  # fmt: skip
    out = evaluate(tx)
    assert not out.subject_to_ear and not out.licence_required and out.verdict != VERDICT_DENIAL
