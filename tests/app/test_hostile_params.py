"""Property-based: hostile and malformed query parameters on every page give a clean page, never a traceback and
never markup built from the URL.

One AppTest session is reused for every page and example (each example is the reader opening a new URL in the same
tab), which keeps the whole file to about a minute on two cores; test_pages.py covers fresh sessions.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import AlertBase, HeadingBase, Html, Markdown, Toast
from streamlit.testing.v1.element_tree import Exception as ExceptionElement

from components.ui import CLOSE_SIDEBAR_JS
from tests.conftest import APP, TIMEOUT

# The app's own static HTML (no URL or dataset text in it): the only markup allowed to contain a script tag.
STATIC_HTML = {CLOSE_SIDEBAR_JS}

# The query keys each page reads (README: "URL parameters"), by page file name; the other pages' keys and junk keys
# are sent too.
KEYS_BY_FILE = {
    "home.py": [],
    "entities.py": ["q", "kind", "tech", "place", "action"],
    "entity.py": ["id"],
    "technologies.py": ["tech"],
    "how_it_works.py": ["preset"],
    "chokepoints.py": ["company"],
    "global_reach.py": ["supplier", "country", "listed"],
    "classroom.py": ["slide", "notes", "present"],
    "data.py": [],
}
REGISTERED = re.findall(r'st\.Page\("([^"]+)"', APP.read_text(encoding="utf-8"))
PAGE_KEYS = {page: KEYS_BY_FILE.get(page.rsplit("/", 1)[-1], []) for page in REGISTERED}
ALL_KEYS = sorted({k for keys in PAGE_KEYS.values() for k in keys})
JUNK_KEYS = ["zzz", "../../etc/passwd", "<script>alert(1)</script>", "id[]", "__proto__", "slide%00"]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "<iframe src=//example.com>",
    "../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "%E0%A4%A",
    "%",
    "\x00",
    "\r\n\t\x1b[31m",
    "'; DROP TABLE entities;--",
    "{{7*7}}",
    "${7*7}",
    "**bold** _it_ `code` # heading",
    "\u202egnp.exe",
    "海康威视",
    "💥",
    "",
    " ",
    "-1",
    "0",
    "999999999999999999999999",
    "1e309",
    "NaN",
    "-inf",
    "3.5",
    "0x10",
    "hikvision",
    "company",
    "facial-recognition",
]
# Values the reader must never see echoed as markup: raw HTML tags and javascript: links.
RAW_HTML = re.compile(r"(?<!\\)<\s*/?\s*(script|img|svg|iframe|object|embed)\b", re.IGNORECASE)
JS_LINK = re.compile(r"(?<!\\)\]\(\s*javascript:", re.IGNORECASE)
SLUG = re.compile(r"[a-z0-9-]+")

value = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),  # lone surrogates cannot be in a URL
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(str),
    st.tuples(st.sampled_from(PAYLOADS), st.integers(100, 5000)).map(lambda t: (t[0] or "x") * t[1]).map(
        lambda s: s[:6000]),
    st.tuples(st.sampled_from(PAYLOADS), st.text(max_size=10), st.sampled_from(PAYLOADS)).map("".join),
)  # fmt: skip
param_value = st.one_of(value, st.lists(value, min_size=2, max_size=3))  # a list is a repeated key: ?k=a&k=b


def params_for(page: str):
    keys = PAGE_KEYS[page]
    key = (
        st.one_of(st.sampled_from(keys), st.sampled_from(ALL_KEYS + JUNK_KEYS))
        if keys
        else st.sampled_from(ALL_KEYS + JUNK_KEYS)
    )
    return st.dictionaries(key, param_value, min_size=1, max_size=4)


def markup(at) -> list[tuple[str, str, bool]]:
    """(type, text, may contain HTML) for everything the frontend renders as markdown or HTML."""
    out = []
    for node in [*at.main, *at.sidebar]:
        if isinstance(node, Html):
            if node.value in STATIC_HTML:
                continue
            out.append(("html", node.value, True))
        elif isinstance(node, Markdown):
            out.append((node.type, node.value, bool(node.proto.allow_html)))
        elif isinstance(node, HeadingBase | AlertBase | Toast):
            out.append((node.type, node.value, False))
        label = getattr(getattr(node, "proto", None), "label", None)
        if isinstance(label, str) and label:
            out.append((f"{getattr(node, 'type', '?')} label", label, False))
    return out


def flat(params: dict) -> list[str]:
    return [v for vs in params.values() for v in (vs if isinstance(vs, list) else [vs])]


def check_clean(at, params: dict) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not any(isinstance(n, ExceptionElement) for n in at.main), "a traceback element was rendered"
    assert not at.error, [e.value for e in at.error]
    assert at.title, "no page title: the page did not render"
    # Notices may list valid slugs (facial-recognition, ...); anything else from the URL must not come back.
    echoed = [v for v in flat(params) + list(params) if len(v.strip()) >= 12 and not SLUG.fullmatch(v)]
    for kind, text, allows_html in markup(at):
        assert not RAW_HTML.search(text), f"raw HTML tag in a {kind}: {text[:200]!r}"
        assert not JS_LINK.search(text), f"javascript: link in a {kind}: {text[:200]!r}"
        if allows_html:
            assert not [v for v in flat(params) if len(v) >= 4 and v in text], f"URL text inside HTML ({kind})"
        if kind in ("info", "warning"):
            assert len(text) < 600, f"notice is not short: {text[:200]!r}"  # the longest lists valid values
            assert not [v for v in echoed if v in text], f"notice echoes the URL: {text[:200]!r}"


@pytest.fixture(scope="module")
def session():
    """One AppTest session for the whole module: started once, then switched from page to page."""
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()


def test_every_registered_page_is_covered():
    assert sorted(page.rsplit("/", 1)[-1] for page in REGISTERED) == sorted(KEYS_BY_FILE)


def test_check_catches_markup_from_the_url():
    # The checker itself must fail on what it guards against, or the properties below prove nothing.
    at = AppTest.from_string(
        "import streamlit as st\nst.title('t')\nst.markdown(st.query_params.get('q', ''))\n"
        "st.html('<p>' + st.query_params.get('q', '') + '</p>')",
        default_timeout=TIMEOUT,
    )
    at.query_params["q"] = "<script>alert(1)</script>"
    at.run()
    with pytest.raises(AssertionError, match="raw HTML"):
        check_clean(at, {"q": "<script>alert(1)</script>"})
    at.query_params["q"] = "[click](javascript:alert(1))"
    at.run()
    with pytest.raises(AssertionError, match="javascript"):
        check_clean(at, {"q": "[click](javascript:alert(1))"})


@pytest.mark.parametrize("page", list(PAGE_KEYS))
def test_hostile_params_give_a_clean_page(session, page):
    session.switch_page(page)
    # Pages without keys of their own only see other pages' keys and junk: fewer examples suffice.
    examples = 25 if PAGE_KEYS[page] else 8

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(params=params_for(page))
    def check(params):
        session.query_params = dict(params)
        session.run()
        check_clean(session, params)

    check()
