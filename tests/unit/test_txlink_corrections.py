"""Links for the fields the engine corrections added: fundamental research, transit through the U.S., and
whether a shipment en route could go without a licence before the listing."""

from __future__ import annotations

import pytest

from listed.rules import ItemOrigin, ItemType, Movement, Transaction
from listed.txlink import KEYS, from_params, to_params


def test_new_keys_are_read() -> None:
    assert {"research", "viaus", "before"} <= KEYS


@pytest.mark.parametrize(
    ("tx", "expected"),
    [
        (Transaction(item_type=ItemType.TECHNOLOGY, fundamental_research=True), {"research": "1"}),
        (Transaction(origin=ItemOrigin.FOREIGN_DIRECT_PRODUCT, movement=Movement.REEXPORT, via_united_states=True),
         {"viaus": "1"}),
        (Transaction(en_route_before_listing=True, eligible_before_listing=True), {"enroute": "1", "before": "yes"}),
        (Transaction(en_route_before_listing=True, eligible_before_listing=False), {"enroute": "1", "before": "no"}),
    ],
)  # fmt: skip
def test_round_trip(tx: Transaction, expected: dict[str, str]) -> None:
    params = to_params(tx)
    assert {k: params[k] for k in expected} == expected
    back, notices = from_params(params)
    assert notices == [] and back == tx


def test_unset_fields_stay_out_of_the_link() -> None:
    params = to_params(Transaction(en_route_before_listing=True))
    assert "research" not in params and "viaus" not in params and "before" not in params
    back, _ = from_params(params)
    assert back.eligible_before_listing is None


@pytest.mark.parametrize(("key", "value", "allowed"), [("before", "maybe", "yes, no"), ("research", "2", "1, 0"),
                                                      ("viaus", "yes", "1, 0")])  # fmt: skip
def test_bad_values_are_ignored_with_a_notice(key: str, value: str, allowed: str) -> None:
    tx, notices = from_params({"item": "software", key: value})
    assert notices == [f"Ignored the value of '{key}' (allowed: {allowed})."]
    assert tx.eligible_before_listing is None and not tx.fundamental_research and not tx.via_united_states
