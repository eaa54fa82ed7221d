"""Links to views of the app: readable query strings and absolute URLs. No streamlit here."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

# Characters a query value can carry as they are: ASCII letters, digits and marks with no meaning in a query.
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~,:;@!$'()*/")


def _readable(value: str) -> str:
    """Percent-encode only what a query value needs (``&``, ``=``, ``#``, ``%``, ``+``, spaces, controls);
    letters of any script stay readable, as browsers show and accept them in the address bar."""
    out = []
    for ch in str(value):
        if ch in _PLAIN or (ord(ch) > 127 and ch.isprintable() and not ch.isspace()):
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
    return "".join(out)


def query_string(params: Mapping[str, str]) -> str:
    """``k=v&k2=v2`` with readable values, in the mapping's order; empty for no parameters."""
    return "&".join(f"{_readable(k)}={_readable(v)}" for k, v in params.items())


def app_root(page_url: str | None, url_path: str) -> str:
    """The app's root URL (scheme, host, port and any base path) from the URL of one of its pages.

    ``page_url`` is what the browser reports (query and fragment are dropped); ``url_path`` is that page's
    ``url_path`` ("" for the home page). Returns "" when the URL is missing or not an absolute http(s) URL.
    """
    if not page_url:
        return ""
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    path = parts.path.rstrip("/")
    if url_path and (path == f"/{url_path}" or path.endswith(f"/{url_path}")):
        path = path[: -len(url_path) - 1]
    return f"{parts.scheme}://{parts.netloc}{path}"


def view_url(root: str, url_path: str, params: Mapping[str, str]) -> str:
    """The link to a view: ``root/url_path?query``; relative (``/url_path?query``) when ``root`` is empty."""
    qs = query_string(params)
    return f"{root}/{url_path}" + (f"?{qs}" if qs else "")
