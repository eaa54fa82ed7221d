"""Links to a transaction (listed/txlink.py): every flag read both ways, the bounds of each value, repeated keys."""

from __future__ import annotations

import pytest

from listed.rules import EAR99, ItemOrigin, Party, Role, Transaction
from listed.txlink import _one, from_params, party_value, to_params

FLAGS = {
    "controlled": "us_content_controlled",
    "note": "protective_note_1a995",
    "published": "published",
    "enroute": "en_route_before_listing",
    "research": "fundamental_research",
    "viaus": "via_united_states",
    "infectious": "infectious_disease_item",
}


@pytest.mark.parametrize(("key", "field"), FLAGS.items())
@pytest.mark.parametrize(("value", "on"), [("1", True), ("0", False)])
def test_each_flag_is_read_from_its_own_key(key, field, value, on):
    tx, notices = from_params({"item": "commodity", key: value})
    assert notices == [] and getattr(tx, field) is on
    default = Transaction()
    assert all(getattr(tx, f) == getattr(default, f) for k, f in FLAGS.items() if k != key)


@pytest.mark.parametrize("key", ["published", "research", "note", "infectious", "viaus", "enroute"])
def test_a_flag_set_is_written_as_1(key):
    field = FLAGS[key]
    item = "software" if key in ("published", "research") else "commodity"
    tx, _ = from_params({"item": item, key: "1", "move": "reexport" if key == "viaus" else "export"})
    assert getattr(tx, field) is True and to_params(tx)[key] == "1"


@pytest.mark.parametrize("controlled", [True, False])
def test_controlled_content_is_written_1_or_0(controlled):
    tx = Transaction(origin=ItemOrigin.FOREIGN_WITH_US_CONTENT, us_content_percent=30, us_content_controlled=controlled)
    assert to_params(tx)["controlled"] == ("1" if controlled else "0")
    assert from_params(to_params(tx))[0].us_content_controlled is controlled


@pytest.mark.parametrize(("raw", "pct"), [("0", 0.0), ("100", 100.0), ("0.5", 0.5), ("99.9", 99.9)])
def test_content_from_0_to_100_is_accepted(raw, pct):
    tx, notices = from_params({"origin": "foreign-us-content", "content": raw})
    assert notices == [] and tx.us_content_percent == pct


@pytest.mark.parametrize("raw", ["-0.1", "100.1", "101", "lots"])
def test_content_outside_0_to_100_is_ignored(raw):
    _, notices = from_params({"origin": "foreign-us-content", "content": raw})
    assert notices == ["Ignored the value of 'content' (a percentage from 0 to 100)."]


@pytest.mark.parametrize(
    ("raw", "tech", "product"),
    [("tech,product,none", True, True), ("tech,product", True, True), ("none", False, False), ("product", False, True)],
)
def test_fdp_value(raw, tech, product):
    tx, notices = from_params({"origin": "foreign-direct-product", "fdp": raw})
    assert notices == [] and (tx.fdp_us_tech_ns_controlled, tx.fdp_product_ns_controlled) == (tech, product)


def test_a_bad_class_keeps_everything_else():
    tx, notices = from_params({"item": "software", "published": "1", "class": "not-an-eccn", "purchaser": "listed"})
    assert notices == ["Ignored the value of 'class' (EAR99 or an ECCN such as 3A001)."]
    assert tx.classification == EAR99 and tx.published is True
    assert [(p.role, p.listed) for p in tx.parties] == [(Role.PURCHASER, True)]


@pytest.mark.parametrize(
    ("parties", "value"),
    [
        ([Party(Role.END_USER, False)], "unlisted"),
        ([Party(Role.END_USER, False, owned_by_listed=True)], "affiliate"),
        ([Party(Role.END_USER, False), Party(Role.END_USER, False, owned_by_listed=True)], "affiliate"),
        ([Party(Role.END_USER, True), Party(Role.END_USER, False, owned_by_listed=True)], "listed"),
    ],
)
def test_party_value(parties, value):
    assert party_value(parties) == value


@pytest.mark.parametrize(
    ("params", "value"),
    [
        ({"k": ["a", "b", "c"]}, "c"),  # a repeated key: the last one, as the browser's address bar shows it
        ({"k": ("x", "y")}, "y"),
        ({"k": []}, ""),
        ({}, ""),
        ({"k": "z" * 41}, "z" * 40),  # cut to 40 characters
        ({"k": ["z" * 45]}, "z" * 40),
        ({"k": 7}, "7"),
    ],
)
def test_one_value_per_key(params, value):
    assert _one(params, "k") == value
