"""Read, validate and type the curated dataset in ``data/``.

The Frictionless descriptor ``data/datapackage.json`` is the single written schema: this module interprets it
(types, required, unique, enum, pattern, ranges, primary and foreign keys, composite ones too, semicolon-separated
id lists) and adds the project's own rules (counts, sources, coordinates, a page's reference sections and its
citations agreeing) and the provenance rules (a source's URL on its publisher's domains, copies disclosed, an empty
URL only when the copy read and its note are given, primary only for issuing bodies, no evidence resting only on
aggregators, encyclopedias or forums, no working notes in any text). Validation
is lazy: every problem is collected and reported together, each naming the file, the 1-based data row (the CSV
line is that number plus one) and the column.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from listed.geo import GEO_DIR, load_geojson, point_in_geometry
from listed.history import KIND_DATES, REVISION_DATES

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
METADATA_KEYS = ("title", "description", "data_as_of", "license", "rule", "expected_counts", "changelog")
# Publisher kinds that can issue a primary source, and kinds that cannot alone carry an evidence claim.
ISSUING_KINDS = frozenset({"government", "legislature", "court", "company"})
WEAK_KINDS = frozenset({"aggregator", "encyclopedia", "forum"})
# The 19 bureaus and the police college: the bodies with a jurisdiction, a research log and operate/procure links.
GOVERNMENT_KINDS = frozenset({"government-bureau", "institute"})
GOVERNMENT_ROLES = frozenset({"operates", "procures"})
# Research shorthand that must not reach readers: file names, notes to self, copy markers.
WORKING_NOTE = re.compile(
    r"\b[\w-]+\.(?:md|csv|json|txt|py|ipynb|xlsx?|docx?|pdf)\b"
    r"|\bfact[ -]?sheet\b|\bTODO\b|\bFIXME\b|\bXXX\b|\bTBD\b"
    r"|\bmirror of\b|\bcited via\b|\bsyndicated copy\b|\bheadline not (?:seen|shown)\b|\bdescriptive title\b",
    re.IGNORECASE,
)
# A page text's braces (data/page_texts.csv): "{name}" is a value the page fills in at run time (a lower-case
# identifier), "{{" and "}}" are a literal brace; group 1 is a placeholder's name. Any other brace matches the last
# alternative and is an error.
PAGE_TEXT_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z_][a-z0-9_]*)\}|[{}]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the dataset, located as precisely as possible."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DatasetError(Exception):
    """Raised when the dataset is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems[:200])
        more = f"\n(and {len(problems) - 200} more)" if len(problems) > 200 else ""
        super().__init__(f"The dataset has {len(problems)} problem(s):\n{lines}{more}")


@dataclass(frozen=True)
class Dataset:
    """The validated dataset: one typed DataFrame per resource, plus metadata and the descriptor."""

    tables: dict[str, pd.DataFrame]
    metadata: dict
    descriptor: dict
    path: Path = field(default=DATA_DIR)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @cached_property
    def names(self) -> dict[str, str]:
        """Each entity's common name, by entity id."""
        ents = self.tables["entities"]
        return dict(zip(ents["entity_id"], ents["common_name"], strict=True))

    @cached_property
    def sources_by_id(self) -> dict[str, dict]:
        """Each source as a dict, by source id: built once per loaded dataset (row lookups in pandas are slow)."""
        return self.tables["sources"].set_index("source_id").to_dict("index")

    def resource(self, name: str) -> dict:
        """The descriptor entry of one resource."""
        return next(r for r in self.descriptor["resources"] if r["name"] == name)


def _read_json(path: Path, problems: list[Problem]) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(path.name, "file is missing"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        problems.append(Problem(path.name, f"is not valid UTF-8 JSON ({exc})"))
    return None


def _read_csv(path: Path, problems: list[Problem]) -> tuple[list[str], list[dict[str, str]]] | None:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                problems.append(Problem(path.name, "file is empty (no header row)"))
                return None
            rows = []
            for n, values in enumerate(reader, start=1):
                if len(values) != len(header):
                    problems.append(
                        Problem(path.name, f"has {len(values)} values but the header has {len(header)}", row=n)
                    )
                    values = (values + [""] * len(header))[: len(header)]
                rows.append(dict(zip(header, values, strict=True)))
            return header, rows
    except FileNotFoundError:
        problems.append(Problem(path.name, "file is missing"))
    except UnicodeDecodeError as exc:
        problems.append(Problem(path.name, f"is not valid UTF-8 ({exc.reason} at byte {exc.start})"))
    except csv.Error as exc:
        problems.append(Problem(path.name, f"is not valid CSV ({exc})"))
    return None


def _check_value(value: str, spec: dict) -> str | None:
    """Return a message if ``value`` breaks the field spec (type and constraints), else None."""
    cons = spec.get("constraints", {})
    if value == "":
        return "is required but empty" if cons.get("required") else None
    kind = spec.get("type", "string")
    number: float | None = None
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            return f"'{value}' is not a whole number"
        number = int(value)
    elif kind == "number":
        try:
            number = float(value)
        except ValueError:
            return f"'{value}' is not a number"
    elif kind == "date":
        if not ISO_DATE.match(value):
            return f"'{value}' is not an ISO date (YYYY-MM-DD)"
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"'{value}' is not a real calendar date"
    elif kind == "boolean" and value not in ("true", "false"):
        return f"'{value}' is not true or false"
    if "enum" in cons and value not in cons["enum"]:
        return f"'{value}' is not one of: {', '.join(cons['enum'])}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        return f"'{value}' does not match the pattern {cons['pattern']}"
    if number is not None:
        if "minimum" in cons and number < cons["minimum"]:
            return f"{value} is below the minimum {cons['minimum']}"
        if "maximum" in cons and number > cons["maximum"]:
            return f"{value} is above the maximum {cons['maximum']}"
    return None


def _validate_table(res: dict, header: list[str], rows: list[dict], problems: list[Problem]) -> None:
    fname = res["path"]
    fields = res["schema"]["fields"]
    declared = [f["name"] for f in fields]
    for col in header:
        if col not in declared:
            problems.append(Problem(fname, "unknown column (not in the schema)", column=col))
    for col in declared:
        if col not in header:
            problems.append(Problem(fname, "column is missing", column=col))
    present = [f for f in fields if f["name"] in header]
    seen: dict[str, dict[str, int]] = {f["name"]: {} for f in present if f.get("constraints", {}).get("unique")}
    for n, row in enumerate(rows, start=1):
        for spec in present:
            name = spec["name"]
            msg = _check_value(row[name], spec)
            if msg:
                problems.append(Problem(fname, msg, row=n, column=name))
            if name in seen and row[name]:
                if row[name] in seen[name]:
                    problems.append(
                        Problem(fname, f"'{row[name]}' repeats row {seen[name][row[name]]}", row=n, column=name)
                    )
                else:
                    seen[name][row[name]] = n
    pk = res["schema"].get("primaryKey")
    if isinstance(pk, list) and all(k in header for k in pk):
        keys: dict[tuple, int] = {}
        for n, row in enumerate(rows, start=1):
            key = tuple(row[k] for k in pk)
            if key in keys:
                problems.append(
                    Problem(fname, f"the key ({', '.join(key)}) repeats row {keys[key]}", row=n, column=pk[0])
                )
            else:
                keys[key] = n


def _check_references(descriptor: dict, raw: dict, problems: list[Problem]) -> None:
    def values(resource: str, col: str) -> set[str]:
        return {r[col] for r in raw.get(resource, ([], []))[1] if col in r}

    def keys(resource: str, cols: list[str]) -> set[tuple[str, ...]]:
        return {tuple(r[c] for c in cols) for r in raw.get(resource, ([], []))[1] if all(c in r for c in cols)}

    for res in descriptor["resources"]:
        if res["name"] not in raw:
            continue
        header, rows = raw[res["name"]]
        for fk in res["schema"].get("foreignKeys", []):
            col, ref = fk["fields"], fk["reference"]
            if isinstance(col, list):  # a composite key, e.g. (page, section): reported at its first column
                if not all(c in header for c in col):
                    continue
                known = keys(ref["resource"], ref["fields"])
                for n, row in enumerate(rows, start=1):
                    key = tuple(row[c] for c in col)
                    if all(key) and key not in known:
                        msg = f"({', '.join(key)}) has no row in {ref['resource']} (same {', '.join(ref['fields'])})"
                        problems.append(Problem(res["path"], msg, row=n, column=col[0]))
                continue
            if col not in header:
                continue
            targets = values(ref["resource"], ref["fields"])
            for n, row in enumerate(rows, start=1):
                if row[col] and row[col] not in targets:
                    problems.append(
                        Problem(res["path"], f"'{row[col]}' is not a known {ref['resource']} id", row=n, column=col)
                    )
        for spec in res["schema"]["fields"]:
            ref = spec.get("x-list-reference")
            if not ref or spec["name"] not in header:
                continue
            targets = values(ref["resource"], ref["field"])
            for n, row in enumerate(rows, start=1):
                for item in filter(None, row[spec["name"]].split(ref["separator"])):
                    if item not in targets:
                        problems.append(
                            Problem(
                                res["path"],
                                f"'{item}' is not a known {ref['resource']} id",
                                row=n,
                                column=spec["name"],
                            )
                        )


def _near(lon: float, lat: float, geometry: dict, tolerance: float = 0.1) -> bool:
    """Inside the outline, or within ``tolerance`` degrees of it (generalised 1:50m coasts drop small islands)."""
    steps = (-tolerance, 0.0, tolerance)
    return any(point_in_geometry(lon + dx, lat + dy, geometry) for dx in steps for dy in steps)


def _check_rules(metadata: dict, raw: dict, problems: list[Problem]) -> None:
    """The project's own rules, beyond what the descriptor says."""
    if "entities" in raw:
        header, rows = raw["entities"]
        expected = metadata.get("expected_counts", {})
        if "entities" in expected and len(rows) != expected["entities"]:
            problems.append(
                Problem("entities.csv", f"has {len(rows)} entities; the rule listed {expected['entities']}")
            )
        if "kind" in header:
            for kind in ("government-bureau", "institute", "company"):
                got = sum(r["kind"] == kind for r in rows)
                if kind in expected and got != expected[kind]:
                    problems.append(
                        Problem("entities.csv", f"has {got} of kind '{kind}'; expected {expected[kind]}", column="kind")
                    )
        if "entity_id" in header:
            missing = set(metadata.get("expected_entity_ids", [])) - {r["entity_id"] for r in rows}
            for slug in sorted(missing):
                problems.append(Problem("entities.csv", f"the entity '{slug}' is missing", column="entity_id"))
        if {"lat", "lon", "kind"} <= set(header):
            china = load_geojson("china")["features"][0]["geometry"]
            xinjiang = load_geojson("xinjiang")["features"][0]["geometry"]
            for n, r in enumerate(rows, start=1):
                seat = [r.get(c, "") for c in ("city", "prefecture", "province", "lat", "lon")]
                if not any(seat) and r["kind"] == "company":
                    continue  # an unconfirmed company seat stays blank rather than guessed
                for col, value in zip(("city", "prefecture", "province", "lat", "lon"), seat, strict=True):
                    if not value:
                        problems.append(Problem("entities.csv", "the seat must be given in full", row=n, column=col))
                try:
                    lon, lat = float(r["lon"]), float(r["lat"])
                except ValueError:
                    continue  # already reported as a type or completeness problem
                if not _near(lon, lat, china):
                    problems.append(Problem("entities.csv", f"({lat}, {lon}) is not in China", row=n, column="lat"))
                elif r["kind"] != "company" and not _near(lon, lat, xinjiang):
                    problems.append(Problem("entities.csv", f"({lat}, {lon}) is not in Xinjiang", row=n, column="lat"))
    _check_countries(metadata, raw, problems)
    if "sources" in raw:
        known = {r["source_id"] for r in raw["sources"][1]}
        cited: set[str] = set()
        for n, fig in enumerate(metadata.get("key_figures", []), start=1):
            for s in fig.get("source_ids", "").split(";"):
                if s not in known:
                    problems.append(Problem("metadata.json", f"key figure {n} cites unknown source '{s}'"))
                cited.add(s)
        for header, rows in raw.values():
            if "source_ids" in header:
                cited |= {s for r in rows for s in r["source_ids"].split(";") if s}
        for n, r in enumerate(raw["sources"][1], start=1):
            if r.get("source_id") and r["source_id"] not in cited:
                problems.append(Problem("sources.csv", "source is never cited", row=n, column="source_id"))


def host_matches(url: str, domains: str) -> bool:
    """True when the URL's host is one of the semicolon-separated domains or a subdomain of one."""
    host = (urlparse(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in filter(None, domains.lower().split(";")))


def _check_sources(raw: dict, problems: list[Problem]) -> None:
    """Provenance rules: original URL on the publisher's domains, copies disclosed, primary only for issuers."""
    if "sources" not in raw or "publishers" not in raw:
        return
    pubs = {r["publisher_id"]: r for r in raw["publishers"][1]}
    kinds: dict[str, str] = {}
    for n, r in enumerate(raw["sources"][1], start=1):
        pub = pubs.get(r.get("publisher_id", ""))
        if pub is None:
            continue  # reported as an unresolved foreign key
        kinds[r["source_id"]] = pub["kind"]
        undated = r.get("date_precision") == "undated"
        if undated and r.get("date"):
            problems.append(Problem("sources.csv", "an undated source has no date", row=n, column="date"))
        if not undated and not r.get("date"):
            problems.append(
                Problem("sources.csv", "is required unless date_precision is undated", row=n, column="date")
            )
        url, copy, note = r.get("url", ""), r.get("copy_url", ""), r.get("copy_note", "")
        if not url and not (copy and note):
            msg = "is empty: give the original's URL, or the copy read (copy_url and copy_note) when it was not found"
            problems.append(Problem("sources.csv", msg, row=n, column="url"))
        if url and not host_matches(url, pub["domains"]):
            host = urlparse(url).hostname
            msg = f"the host {host} is not one of {pub['name']}'s domains ({pub['domains']})"
            problems.append(Problem("sources.csv", msg, row=n, column="url"))
        if copy and url and urlparse(copy).hostname == urlparse(url).hostname:
            problems.append(
                Problem("sources.csv", "a copy must be on another host than the original", row=n, column="copy_url")
            )
        if copy and not note:
            problems.append(Problem("sources.csv", "is required when copy_url is given", row=n, column="copy_note"))
        if note and not copy:
            problems.append(Problem("sources.csv", "describes a copy but copy_url is empty", row=n, column="copy_note"))
        if r.get("primary") == "true" and pub["kind"] not in ISSUING_KINDS:
            issuers = ", ".join(sorted(ISSUING_KINDS))
            msg = f"a source published by a {pub['kind']} publisher cannot be primary (only {issuers})"
            problems.append(Problem("sources.csv", msg, row=n, column="primary"))
    if "claims" in raw:
        for n, r in enumerate(raw["claims"][1], start=1):
            ids = [s for s in r.get("source_ids", "").split(";") if s in kinds]
            if r.get("claim_type") == "evidence" and ids and all(kinds[s] in WEAK_KINDS for s in ids):
                msg = "an evidence claim cannot rest only on aggregator, encyclopedia or forum sources"
                problems.append(Problem("claims.csv", msg, row=n, column="source_ids"))


def _check_summary_clauses(raw: dict, problems: list[Problem]) -> None:
    """Every entity has a summary of clauses numbered 1..n; a fact cites sources, an editorial note cites none."""
    if "summary_clauses" not in raw or "entities" not in raw:
        return
    rows = raw["summary_clauses"][1]
    numbers: dict[str, list[int]] = {}
    for n, r in enumerate(rows, start=1):
        if r.get("clause", "").isdigit():
            numbers.setdefault(r.get("entity_id", ""), []).append(int(r["clause"]))
        if r.get("kind") == "fact" and not r.get("source_ids"):
            problems.append(
                Problem("summary_clauses.csv", "a fact clause needs at least one source", row=n, column="source_ids")
            )
        if r.get("kind") == "editorial" and r.get("source_ids"):
            problems.append(
                Problem(
                    "summary_clauses.csv",
                    "an editorial note cites no sources; make it a fact",
                    row=n,
                    column="source_ids",
                )
            )
    for e in raw["entities"][1]:
        got = sorted(numbers.get(e.get("entity_id", ""), []))
        if not got:
            problems.append(
                Problem("summary_clauses.csv", f"the entity '{e.get('entity_id')}' has no summary", column="entity_id")
            )
        elif got != list(range(1, len(got) + 1)):
            msg = f"the clauses of '{e['entity_id']}' are numbered {got}, not 1..{len(got)}"
            problems.append(Problem("summary_clauses.csv", msg, column="clause"))


def _check_listing_changes(raw: dict, problems: list[Problem]) -> None:
    """The history's dates agree with listed.history (the engine's dates); who a change concerns is explicit."""
    header, rows = raw.get("listing_changes", ([], []))
    if not {"kind", "date", "applies_to", "entity_ids", "review_policy"} <= set(header):
        return
    name = "listing_changes.csv"
    kinds = [r["kind"] for r in rows]
    if kinds.count("listing") != 1:
        problems.append(Problem(name, f"needs exactly one listing row, found {kinds.count('listing')}", column="kind"))
    for n, r in enumerate(rows, start=1):
        want = KIND_DATES.get(r["kind"])
        if want is not None and r["date"] != want.isoformat():
            msg = f"a {r['kind']} row must be dated {want.isoformat()} (the date the rules engine applies)"
            problems.append(Problem(name, msg, row=n, column="date"))
        if r["kind"] == "revision" and r["date"] not in {d.isoformat() for d in REVISION_DATES}:
            msg = "a revision's date must be one the rules engine knows (listed.history.REVISION_DATES)"
            problems.append(Problem(name, msg, row=n, column="date"))
        if r["kind"] in ("listing", "revision") and not r["review_policy"]:
            problems.append(
                Problem(name, "a listing or revision states the review policy", row=n, column="review_policy")
            )
        if r["kind"] not in ("listing", "revision") and r["review_policy"]:
            msg = "only a listing or revision sets the review policy"
            problems.append(Problem(name, msg, row=n, column="review_policy"))
        if (r["applies_to"] == "named") != bool(r["entity_ids"]):
            msg = "names entities exactly when applies_to is named"
            problems.append(Problem(name, msg, row=n, column="entity_ids"))


def _check_reference_sections(raw: dict, problems: list[Problem]) -> None:
    """A page's reference text and its sources agree: on a page with reference sections, every page_citations row
    is one of them (each section's own citations row is checked as a foreign key); a part's sections are
    consecutive, so its heading is shown once."""
    header, rows = raw.get("reference_sections", ([], []))
    if not {"page", "section", "part"} <= set(header):
        return
    shown = {(r["page"], r["section"]) for r in rows}
    pages = {page for page, _ in shown}
    cite_header, cites = raw.get("page_citations", ([], []))
    if {"page", "section"} <= set(cite_header):
        for n, r in enumerate(cites, start=1):
            if r["page"] in pages and (r["page"], r["section"]) not in shown:
                msg = f"cites sources for ({r['page']}, {r['section']}), which has no row in reference_sections"
                problems.append(Problem("page_citations.csv", msg, row=n, column="section"))
    current: dict[str, str] = {}  # each page's part so far; blank before its first part
    ended: dict[str, set[str]] = {}
    for n, r in enumerate(rows, start=1):
        page, part = r["page"], r["part"]
        before = current.get(page, "")
        if part == before:
            continue
        ended.setdefault(page, {""}).add(before)
        if not part:
            msg = "a section with no part comes before the page's first part"
            problems.append(Problem("reference_sections.csv", msg, row=n, column="part"))
        elif part in ended[page]:
            msg = f"the part '{part}' resumes after another part; its sections must be consecutive rows"
            problems.append(Problem("reference_sections.csv", msg, row=n, column="part"))
        current[page] = part


def _check_page_texts(raw: dict, problems: list[Problem]) -> None:
    """Page texts: every brace is part of a simple {name} placeholder or a doubled, literal brace, so a page fills
    in only the values it names and a stray brace never reaches a reader."""
    header, rows = raw.get("page_texts", ([], []))
    if "text" not in header:
        return
    for n, r in enumerate(rows, start=1):
        for m in PAGE_TEXT_TOKEN.finditer(r["text"]):
            if m.group(0) in ("{{", "}}") or m.group(1):
                continue
            near = r["text"][max(0, m.start() - 15) : m.end() + 15]
            msg = (
                f"has a '{m.group(0)}' that is not part of a {{name}} placeholder (a lower-case identifier) near "
                f"'{near}'; write {{{{ or }}}} for a literal brace"
            )
            problems.append(Problem("page_texts.csv", msg, row=n, column="text"))


def _check_evidence(metadata: dict, raw: dict, problems: list[Problem]) -> None:
    """Bureau-level evidence: jurisdiction claims, figures, research logs and operate/procure links belong to
    government bodies; every government body has a research log; nothing is dated after the data's as-of date."""
    if "entities" not in raw or "kind" not in raw["entities"][0]:
        return
    kinds = {r["entity_id"]: r["kind"] for r in raw["entities"][1]}
    as_of = str(metadata.get("data_as_of", ""))

    def government(eid: str) -> bool:
        return kinds.get(eid) in GOVERNMENT_KINDS

    header, rows = raw.get("claims", ([], []))
    if "scope" in header:
        for n, r in enumerate(rows, start=1):
            if r["scope"] == "jurisdiction" and r["entity_id"] in kinds and not government(r["entity_id"]):
                msg = "only a government body has a jurisdiction; a claim about a company has scope entity"
                problems.append(Problem("claims.csv", msg, row=n, column="scope"))
    header, rows = raw.get("entity_technologies", ([], []))
    if {"entity_id", "role"} <= set(header):
        for n, r in enumerate(rows, start=1):
            if r["entity_id"] not in kinds:
                continue  # reported as an unresolved foreign key
            if government(r["entity_id"]) and r["role"] not in GOVERNMENT_ROLES:
                msg = f"a government body operates or procures a technology; '{r['role']}' is for companies"
                problems.append(Problem("entity_technologies.csv", msg, row=n, column="role"))
            elif not government(r["entity_id"]) and r["role"] == "procures":
                msg = "procures is recorded only for government bodies"
                problems.append(Problem("entity_technologies.csv", msg, row=n, column="role"))
    header, rows = raw.get("jurisdiction_figures", ([], []))
    if {"entity_id", "year"} <= set(header):
        for n, r in enumerate(rows, start=1):
            if r["entity_id"] in kinds and not government(r["entity_id"]):
                msg = f"'{r['entity_id']}' is not a government body, so it has no jurisdiction"
                problems.append(Problem("jurisdiction_figures.csv", msg, row=n, column="entity_id"))
            if ISO_DATE.match(as_of) and r["year"].isdigit() and r["year"] > as_of[:4]:
                msg = f"{r['year']} is after the data's as-of date ({as_of})"
                problems.append(Problem("jurisdiction_figures.csv", msg, row=n, column="year"))
    header, rows = raw.get("research_log", ([], []))
    if {"entity_id", "searched_on"} <= set(header):
        logged = set()
        for n, r in enumerate(rows, start=1):
            logged.add(r["entity_id"])
            if r["entity_id"] in kinds and not government(r["entity_id"]):
                msg = f"'{r['entity_id']}' is not a government body; the log covers the bureaus and the college"
                problems.append(Problem("research_log.csv", msg, row=n, column="entity_id"))
            if ISO_DATE.match(as_of) and ISO_DATE.match(r["searched_on"]) and r["searched_on"] > as_of:
                msg = f"{r['searched_on']} is after the data's as-of date ({as_of})"
                problems.append(Problem("research_log.csv", msg, row=n, column="searched_on"))
        for eid in sorted(e for e in kinds if government(e) and e not in logged):
            problems.append(Problem("research_log.csv", f"the government body '{eid}' has no row", column="entity_id"))


def _with_summary(entities: pd.DataFrame, clauses: pd.DataFrame) -> pd.DataFrame:
    """Entities with ``summary``: their clauses joined in order (each clause keeps its sources in its own table)."""
    joined = clauses.sort_values(["entity_id", "clause"]).groupby("entity_id")["text"].agg(" ".join)
    out = entities.copy()
    out["summary"] = out["entity_id"].map(joined).fillna("")
    return out


def _check_working_notes(descriptor: dict, raw: dict, problems: list[Problem]) -> None:
    """No research shorthand (file names, TODO, 'fact sheet', 'mirror of' ...) in any text column of any table."""
    for res in descriptor["resources"]:
        if res["name"] not in raw:
            continue
        header, rows = raw[res["name"]]
        text_cols = [
            f["name"]
            for f in res["schema"]["fields"]
            if f.get("type", "string") == "string"
            and f["name"] in header
            and "pattern" not in f.get("constraints", {})
            and "enum" not in f.get("constraints", {})
        ]
        for n, row in enumerate(rows, start=1):
            for col in text_cols:
                m = WORKING_NOTE.search(row[col])
                if m:
                    msg = f"contains a working note ('{m.group(0)}'); data text is for readers"
                    problems.append(Problem(res["path"], msg, row=n, column=col))


@lru_cache(maxsize=1)
def _world_codes() -> frozenset[str]:
    """The ISO3 codes of the shipped world outlines, read without parsing the geometry (a 0.6 MB file)."""
    text = (GEO_DIR / "world.geojson").read_text(encoding="utf-8")
    return frozenset(re.findall(r'"iso3"\s*:\s*"([A-Z]{3})"', text))


def _check_countries(metadata: dict, raw: dict, problems: list[Problem]) -> None:
    """Global reach and the AIGS index: codes the map can draw, suppliers that agree, ticks that match names."""
    world = _world_codes()
    for name in ("global_reach", "aigs_countries", "aigs_companies"):
        header, rows = raw.get(name, ([], []))
        if "country_iso3" not in header:
            continue
        for n, r in enumerate(rows, start=1):
            code = r["country_iso3"]
            if code and re.fullmatch(r"[A-Z]{3}", code) and code not in world:
                problems.append(
                    Problem(
                        f"{name}.csv", f"'{code}' is not a country in the world outlines", row=n, column="country_iso3"
                    )
                )
    suppliers = {r["supplier_id"]: r for r in raw.get("suppliers", ([], []))[1] if "supplier_id" in r}
    header, rows = raw.get("global_reach", ([], []))
    if {"supplier_id", "supplier_entity_id"} <= set(header):
        for n, r in enumerate(rows, start=1):
            sup = suppliers.get(r["supplier_id"])
            if sup is not None and sup.get("entity_id", "") != r["supplier_entity_id"]:
                problems.append(
                    Problem(
                        "global_reach.csv",
                        f"supplier_entity_id '{r['supplier_entity_id']}' differs from the supplier's entity_id "
                        f"'{sup.get('entity_id', '')}'",
                        row=n,
                        column="supplier_entity_id",
                    )
                )
    header, rows = raw.get("aigs_countries", ([], []))
    expected = metadata.get("expected_counts", {}).get("aigs_countries")
    if expected is not None and header and len(rows) != expected:
        problems.append(Problem("aigs_countries.csv", f"has {len(rows)} countries; the index lists {expected}"))
    if {"country_iso3", "china_tech"} <= set(header) and "aigs_companies" in raw:
        chinese = {
            c["country_iso3"]
            for c in raw["aigs_companies"][1]
            if suppliers.get(c.get("supplier_id", ""), {}).get("origin") == "china"
        }
        for n, r in enumerate(rows, start=1):
            if r["country_iso3"] == "CHN":
                continue  # the index ticks China for its own market and names its companies only as "Mult"
            ticked, named = r["china_tech"] == "true", r["country_iso3"] in chinese
            if ticked and not named:
                problems.append(
                    Problem(
                        "aigs_countries.csv",
                        "ticked for Chinese technology but names no Chinese supplier",
                        row=n,
                        column="china_tech",
                    )
                )
            elif named and not ticked:
                problems.append(
                    Problem(
                        "aigs_countries.csv",
                        "names a Chinese supplier but is not ticked for Chinese technology",
                        row=n,
                        column="china_tech",
                    )
                )


def _typed(res: dict, rows: list[dict]) -> pd.DataFrame:
    fields = res["schema"]["fields"]
    df = pd.DataFrame(rows, columns=[f["name"] for f in fields], dtype=object).fillna("")
    for f in fields:
        col, kind = f["name"], f.get("type", "string")
        if kind == "integer":
            df[col] = pd.to_numeric(df[col]).astype("Int64")
        elif kind == "number":
            df[col] = pd.to_numeric(df[col].replace("", None)).astype("float64")
        elif kind == "date":
            df[col] = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d")
        elif kind == "boolean":
            df[col] = (df[col] == "true").astype(bool)
    return df


def _with_publisher(sources: pd.DataFrame, publishers: pd.DataFrame) -> pd.DataFrame:
    """Sources with the publisher's name and kind joined in (columns publisher, publisher_kind)."""
    pubs = publishers.set_index("publisher_id")
    out = sources.copy()
    out["publisher"] = out["publisher_id"].map(pubs["name"])
    out["publisher_kind"] = out["publisher_id"].map(pubs["kind"])
    return out


def load_dataset(path: Path | str = DATA_DIR) -> Dataset:
    """Read and validate every table under ``path``; raise DatasetError listing every problem found."""
    path = Path(path)
    problems: list[Problem] = []
    descriptor = _read_json(path / "datapackage.json", problems)
    metadata = _read_json(path / "metadata.json", problems)
    if descriptor is None or metadata is None:
        raise DatasetError(problems)
    for key in METADATA_KEYS:
        if key not in metadata:
            problems.append(Problem("metadata.json", f"the key '{key}' is missing"))
    if "data_as_of" in metadata and not ISO_DATE.match(str(metadata["data_as_of"])):
        problems.append(Problem("metadata.json", "data_as_of is not an ISO date", column="data_as_of"))
    raw: dict[str, tuple[list[str], list[dict]]] = {}
    for res in descriptor["resources"]:
        got = _read_csv(path / res["path"], problems)
        if got is None:
            continue
        raw[res["name"]] = got
        _validate_table(res, *got, problems)
    _check_references(descriptor, raw, problems)
    _check_rules(metadata, raw, problems)
    _check_sources(raw, problems)
    _check_summary_clauses(raw, problems)
    _check_listing_changes(raw, problems)
    _check_reference_sections(raw, problems)
    _check_page_texts(raw, problems)
    _check_evidence(metadata, raw, problems)
    _check_working_notes(descriptor, raw, problems)
    if problems:
        raise DatasetError(problems)
    tables = {res["name"]: _typed(res, raw[res["name"]][1]) for res in descriptor["resources"]}
    tables["sources"] = _with_publisher(tables["sources"], tables["publishers"])
    tables["entities"] = _with_summary(tables["entities"], tables["summary_clauses"])
    return Dataset(tables=tables, metadata=metadata, descriptor=descriptor, path=path)
