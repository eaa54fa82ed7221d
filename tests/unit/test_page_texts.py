"""The pages' fact-bearing prose lives in data/page_texts.csv, not in the page files: every text a page asks for
exists, run-time values fill {name} placeholders (and nothing else does), the loader rejects a stray brace with its
file, row and column, and the page files no longer hold the facts."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from listed.loader import PAGE_TEXT_TOKEN, DatasetError, load_dataset
from listed.queries import fill_placeholders, page_text
from tests.fixtures import tables, write_dataset
from tests.unit.test_loader import has, problems_of

ROOT = Path(__file__).resolve().parents[2]
# The files that read page texts; a module's PAGE constant is its page (the st.navigation URL path).
FILES = ("views/home.py", "views/chokepoints.py", "views/global_reach.py", "views/how_it_works.py",
         "components/history.py", "views/entity.py", "views/data.py")  # fmt: skip
URL_PATHS = set(re.findall(r'url_path="([a-z-]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))) | {"home"}


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def placeholders(text: str) -> set[str]:
    return {m.group(1) for m in PAGE_TEXT_TOKEN.finditer(text) if m.group(1)}


def calls() -> list[tuple[str, str, str, set[str] | None]]:
    """Each page_text call in the page files: (file, page, text id, the keyword names, or None for a ** mapping)."""
    out = []
    for name in FILES:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        consts = {
            t.id: n.value.value
            for n in tree.body
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "page_text":
                page, text_id = node.args[1], node.args[2]
                page = consts[page.id] if isinstance(page, ast.Name) else page.value
                kws = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
                out.append((name, page, text_id.value, kws))
    return out


def test_every_text_a_page_asks_for_exists_with_the_placeholders_it_fills(ds):
    rows = ds.page_texts.set_index(["page", "text_id"])["text"]
    used = calls()
    assert len(used) == 42
    for name, page, text_id, kws in used:
        assert page in URL_PATHS, (name, page)
        assert (page, text_id) in rows.index, (name, page, text_id)
        if kws is not None:
            assert placeholders(rows[(page, text_id)]) == kws, (name, page, text_id)
    # and every row of the table is shown somewhere
    assert {(p, t) for _, p, t, _ in used} == set(rows.index)


def test_the_index_summary_names_the_keys_the_page_passes(ds):
    src = (ROOT / "views" / "global_reach.py").read_text(encoding="utf-8")
    keys = ast.literal_eval(re.search(r"^SUMMARY_KEYS = (\(.*\))$", src, re.M).group(1))
    assert placeholders(page_text(ds, "global", "index-summary", **dict.fromkeys(keys, 1))) == set()
    assert placeholders(ds.page_texts.set_index(["page", "text_id"])["text"][("global", "index-summary")]) == set(keys)


def test_the_home_introduction_with_the_rules_citation_and_link(ds):
    rule = ds.metadata["rule"]
    assert (rule["citation"], rule["url"]) == ("84 FR 54002", "https://www.federalregister.gov/d/2019-22210")
    assert page_text(ds, "home", "intro", citation=rule["citation"], url=rule["url"]) == (
        "On **7 October 2019** the U.S. Department of Commerce announced that it was adding 28 Chinese organisations "
        "to the **Entity List**; the rule ([84 FR 54002](https://www.federalregister.gov/d/2019-22210)) took effect "
        "when it was published in the Federal Register on **9 October 2019**. The government said the 28 had been "
        "implicated in human-rights violations and abuses in China's campaign of repression, mass arbitrary "
        "detention and high-technology surveillance against Uyghurs, Kazakhs and other Muslim minorities in the "
        "Xinjiang Uyghur Autonomous Region."
    )


def test_the_chokepoint_caveats_with_and_without_the_example(ds):
    example = page_text(ds, "chokepoints", "caveats-example", eda_ms="96%", eda_va="74%")
    assert example == (
        "(design software is 96% U.S. by market share, but design software and core IP together are 74% U.S. by "
        "value added)"
    )
    first = (
        "- **Value added is not market share.** The value-added figures estimate which region's firms capture the "
        "value created at each step; the market-share figures count sales of a specific input for advanced logic "
        "chips, by the producer's headquarters. The two give different numbers for the same thing{}, so they are "
        "never mixed in one chart.\n"
    )
    with_example = page_text(ds, "chokepoints", "caveats", example=" " + example)
    without = page_text(ds, "chokepoints", "caveats", example="")
    assert with_example.startswith(first.format(" " + example))
    assert without.startswith(first.format(""))
    assert with_example.count("\n- **") == without.count("\n- **") == 7
    assert without.endswith("the dataset does not show that any later rule named the eight companies specifically.")


def test_the_history_caption_and_the_affiliates_lead(ds):
    assert page_text(ds, "how-it-works", "history-caption", day="6 Dec 2026").startswith(
        "Changes on or before 6 Dec 2026, oldest first. A Federal Register page is given only"
    )
    assert page_text(ds, "entity", "affiliates-lead", affiliates="X.") == (
        "**Firms owned 50% or more by this entity (the Affiliates rule).** X."
    )


def test_the_sources_summary_and_the_limitations_with_the_pages_counts(ds):
    counts = dict(total=9, primary=4, secondary=5, copies=3, no_original=2, descriptive=1, undated=6)
    assert page_text(ds, "data", "sources-summary", **counts) == (
        "**9 sources**: 4 primary (issued by the government body, legislature, court or company itself) and 5 "
        "secondary. 3 were read via a copy (a mirror, archive or repost), which is linked beside the original with a "
        "note saying what it is; for 2 of them the original could not be found online, so they show the publisher, "
        "title and date with the copy linked as a copy, and no link stands for the original. 1 titles were written "
        "by us because the original title was not seen; they are shown in [square brackets]. 6 reference pages "
        "(regulation sections, FAQs, lists) carry no publication date and are shown as n.d."
    )
    limits = page_text(ds, "data", "limitations", name_basis="bis: 20, federal-register: 8")
    assert limits.startswith(
        "- **Names as listed.** The full text of the rule's entity entries was not available to us for every entity. "
        "Each entity records how its listed name was checked: bis: 20, federal-register: 8. Aliases and addresses "
        "appear only where a source showed them.\n- **Coordinates** are"
    )
    assert limits.count("\n- **") == 5


def test_texts_without_placeholders_are_returned_unchanged(ds):
    for r in ds.page_texts.itertuples():
        if "{" not in r.text and "}" not in r.text:
            assert page_text(ds, r.page, r.text_id) == r.text
    assert "\r" not in "".join(ds.page_texts["text"])  # CRLF ends records, never a line inside a text


def test_a_missing_value_is_an_error_naming_the_text_and_the_placeholder(ds):
    with pytest.raises(KeyError, match=r"home/intro: no value for the placeholder \{url\}"):
        page_text(ds, "home", "intro", citation="84 FR 54002")
    with pytest.raises(KeyError, match=r"chokepoints/caveats: no value for the placeholder \{example\}"):
        page_text(ds, "chokepoints", "caveats")


def test_a_value_no_placeholder_takes_is_an_error(ds):
    with pytest.raises(ValueError, match=r"chokepoints/intro: no placeholder for example"):
        page_text(ds, "chokepoints", "intro", example="x")
    with pytest.raises(KeyError, match="no text chokepoints/nope"):
        page_text(ds, "chokepoints", "nope")


def test_braces_doubled_are_literal_and_values_are_not_read_for_placeholders():
    assert fill_placeholders("{{name}} is {name}; }} and {{", {"name": "{x}"}) == "{name} is {x}; } and {"
    assert fill_placeholders("no braces", {}) == "no braces"
    assert fill_placeholders("{a}{a}", {"a": 1}) == "11"
    for bad in ("a { b", "a } b", "{Name}", "{0}", "{a.b}", "{a:>3}", "{a!r}", "{}"):
        with pytest.raises(ValueError, match="stray"):
            fill_placeholders(bad, {"a": 1, "Name": 1, "0": 1, "a.b": 1})


def test_a_text_with_a_placeholder_and_literal_braces_loads_and_fills(tmp_path):
    data = tables()
    data["page_texts"].append({"page": "home", "text_id": "demo", "text": "Set {{x}} to {value}."})
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    assert page_text(ds, "home", "demo", value=3) == "Set {x} to 3."


@pytest.mark.parametrize(
    "text, shown",
    [("Figures {for 2019", "{"), ("a } b", "}"), ("{Citation}", "{"), ("{0}", "{"), ("{rule.url}", "{"),
     ("{day:%d}", "{"), ("{}", "{")],
)  # fmt: skip
def test_the_loader_rejects_a_brace_that_is_not_a_placeholder(tmp_path, text, shown):
    def mutate(d):
        d["page_texts"].append({"page": "home", "text_id": "broken", "text": text})

    probs = problems_of(tmp_path, mutate)
    assert has(probs, "page_texts.csv", 2, "text", f"has a '{shown}' that is not part of a {{name}} placeholder")
    with pytest.raises(DatasetError, match=r"page_texts\.csv, row 2, column 'text'"):
        load_dataset(write_dataset(tmp_path / "again", _mutated(mutate)))


def _mutated(mutate) -> dict:
    data = tables()
    mutate(data)
    return data


# --- The page files no longer hold the facts ---------------------------------------------------------------------

MOVED = {
    "views/home.py": ("7 October 2019", "9 October 2019", "Muslim minorities", "rule['citation']",
                      "Xinjiang Police College", "18 bureaus", "does not freeze assets", "presumed to be denied",
                      "Center for Strategic", "foreign-policy interest", "Natural Earth", "dashed line marks"),
    "views/chokepoints.py": ("bites hardest", "crude oil", "Made in China 2025", "Netherlands in lithography",
                             "SIA/BCG", "Hikvision declined", "design software is", "need not add to 100%",
                             "2022 and 2023", "None of them disclosed"),
    "views/global_reach.py": ("did not stay in Xinjiang", "Natural Earth", "Huawei is named",
                              "October 2019 Entity List"),
    "views/how_it_works.py": ("is not in Country Group E:1", "22 July 2020", "84 FR 54002", "revised in July 2020",
                              "Already aboard a carrier", "savings clause saves", "in transit through it",
                              "packaged for retail sale", "ordinarily published", "one of the 28 entities listed"),
    "components/history.py": ("A Federal Register page is given only", "Firms owned 50% or more by this entity"),
    "views/entity.py": ("presumption of denial", "Export Administration Regulations", "sanctioned (blocked)"),
    "views/data.py": ("rule's 28 (20 government bodies", "One fact a row", "Names as listed.",
                      "gross customs values", "square brackets", "shown as n.d.", "never carry an evidence claim"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(MOVED))
def test_the_page_files_no_longer_hold_the_facts(name, ds):
    src = (ROOT / name).read_text(encoding="utf-8")
    texts = "\n".join(ds.page_texts["text"])
    for marker in MOVED[name]:
        assert marker not in src, (name, marker)
        if "[" not in marker:
            assert marker in texts, (name, marker)  # moved, not lost
    assert "unsafe_allow_html" not in src


def test_fill_placeholders_errors_name_the_text_and_every_unused_value():
    with pytest.raises(KeyError, match=r"page text text: no value for the placeholder \{x\}"):
        fill_placeholders("{x}", {})
    with pytest.raises(ValueError, match=r"^page text home/intro: no placeholder for a, b$"):
        fill_placeholders("plain", {"b": 1, "a": 2}, "home/intro")
