"""Queries over the dataset: name search, filters, URL state, exports and citations. No streamlit here."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pandas as pd

from listed.loader import PAGE_TEXT_TOKEN, Dataset

KIND_LABELS = {"government-bureau": "Government bureau", "institute": "Institute", "company": "Company"}
ROLE_LABELS = {"develops": "develops", "supplies": "supplies", "operates": "operates", "procures": "procures"}
# Which bodies may hold a role: companies develop or supply, government bodies operate or procure.
SCOPE_LABELS = {
    "entity": "About this body",
    "jurisdiction": "About policing in its jurisdiction",
}
QUALIFIER_WORDS = {"exact": "", "about": "about", "at-least": "at least", "more-than": "more than",
                   "nearly": "nearly", "up-to": "up to"}  # fmt: skip
# Event categories that count as a later action against an entity (the explorer's "later actions" facet).
ACTION_LABELS = {
    "entity-list": "Further Entity List action",
    "sanctions": "Treasury sanctions",
    "investment-ban": "U.S. investment ban",
    "procurement-ban": "U.S. procurement ban",
    "law": "Named in U.S. law or regulation",
    "market": "Capital-markets effect (IPO, listing)",
    "company": "Company action",
    "chips": "Chip export rules",
}
STATUS_LABEL = "On the Entity List since 9 October 2019 (licence required for all items subject to the EAR)"
MAX_PARAM_LEN = 200


def page_source_ids(ds: Dataset, page: str, section: str) -> list[str]:
    """The source ids behind one section of an app page (data/page_citations.csv); KeyError if none."""
    cites = ds.page_citations
    row = cites[(cites["page"] == page) & (cites["section"] == section)]
    if row.empty:
        raise KeyError(f"no citations for {page}/{section}")
    return [s for s in row.iloc[0]["source_ids"].split(";") if s]


def reference_sections(ds: Dataset, page: str) -> pd.DataFrame:
    """A page's reference sections in display order (data/reference_sections.csv), each with its part, heading,
    Markdown body and whether it is folded."""
    refs = ds.reference_sections
    return refs[refs["page"] == page].reset_index(drop=True)


def page_text(ds: Dataset, page: str, text_id: str, **values: object) -> str:
    """One short text of a page (data/page_texts.csv), in Markdown, with its ``{name}`` placeholders filled in from
    ``values`` (``{{`` and ``}}`` are literal braces). KeyError if there is no such text or a placeholder has no
    value; ValueError if a value fills no placeholder or the text has a stray brace."""
    texts = ds.page_texts
    row = texts[(texts["page"] == page) & (texts["text_id"] == text_id)]
    if row.empty:
        raise KeyError(f"no text {page}/{text_id}")
    return fill_placeholders(row.iloc[0]["text"], values, f"{page}/{text_id}")


def fill_placeholders(text: str, values: Mapping[str, object], where: str = "text") -> str:
    """``text`` with each ``{name}`` replaced by ``str(values[name])`` and ``{{``/``}}`` by one brace; a value is
    inserted as is, never read for placeholders itself. ``where`` names the text in errors."""
    used = set()

    def fill(m: re.Match) -> str:
        token, name = m.group(0), m.group(1)
        if name:
            if name not in values:
                raise KeyError(f"page text {where}: no value for the placeholder {{{name}}}")
            used.add(name)
            return str(values[name])
        if token in ("{{", "}}"):
            return token[0]
        raise ValueError(f"page text {where}: a stray '{token}' at character {m.start()}")

    out = PAGE_TEXT_TOKEN.sub(fill, text)
    unused = sorted(set(values) - used)
    if unused:
        raise ValueError(f"page text {where}: no placeholder for {', '.join(unused)}")
    return out


def glossary_source_ids(ds: Dataset) -> list[str]:
    """Every source the glossary cites, once each, in first-cited order."""
    return list(dict.fromkeys(s for ids in ds.glossary["source_ids"] for s in ids.split(";") if s))


def source_date(source: Mapping) -> str:
    """A source's publication date at its known precision; 'n.d.' (no date) for an undated reference page."""
    fmt = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}.get(source["date_precision"])
    return "n.d." if fmt is None or pd.isna(source["date"]) else f"{source['date']:{fmt}}"


NO_ORIGINAL = "original not found online"


def copy_host(source: Mapping) -> str:
    """The host of the copy read (e.g. ``justia.com``), used as the text of a link to it."""
    host = urlparse(str(source["copy_url"])).hostname or ""
    return host.removeprefix("www.")


def link_target(source: Mapping) -> str:
    """Where a reader can read a source: its original URL, or, when the original was not found online, the copy
    that was read (the loader allows an empty ``url`` only when ``copy_url`` and ``copy_note`` are given)."""
    return str(source["url"] or source["copy_url"])


def display_title(source: Mapping) -> str:
    """A source's title as readers see it: a title we wrote (title_kind descriptive) goes in [square brackets]."""
    title = str(source["title"])
    return f"[{title}]" if source.get("title_kind") == "descriptive" else title


_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def normalize(text: str) -> str:
    """Fold case, accents, width and spacing so 'Sense Time', 'sensetime' and 'ＳｅｎｓｅＴｉｍｅ' compare equal."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\s\-_.,'’\"()·/&+]+", "", text)


def slugify(text: str) -> str:
    """A URL-safe slug of a place name."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def name_forms(ds: Dataset) -> dict[str, list[str]]:
    """Every name form of every entity: as listed, common, Chinese, pinyin and aliases."""
    forms: dict[str, list[str]] = {}
    for e in ds.entities.itertuples():
        forms[e.entity_id] = [v for v in (e.listed_name, e.common_name, e.name_zh, e.name_pinyin) if v]
    for a in ds.aliases.itertuples():
        forms.setdefault(a.entity_id, []).append(a.alias)
    return forms


def search(ds: Dataset, query: str) -> list[str]:
    """Ids of the entities any of whose names contains the query (normalised); all ids for an empty query."""
    needle = normalize(query)
    forms = name_forms(ds)
    if not needle:
        return list(forms)
    return [eid for eid, names in forms.items() if any(needle in normalize(n) for n in names)]


def later_actions(ds: Dataset) -> pd.DataFrame:
    """Events after the listing took effect that concern one of the 28, one row per (entity, event)."""
    effective = pd.Timestamp(ds.metadata["rule"]["effective"])
    ev = ds.events[(ds.events["date"] > effective) & (ds.events["entity_ids"] != "")]
    ev = ev.assign(entity_id=ev["entity_ids"].str.split(";")).explode("entity_id")
    return ev[ev["category"].isin(ACTION_LABELS)].reset_index(drop=True)


def places(ds: Dataset) -> dict[str, str]:
    """Place facet values: slug -> label, provinces first, then prefectures within them."""
    out: dict[str, str] = {}
    ents = ds.entities[ds.entities["province"] != ""].sort_values(["province", "prefecture"])
    for prov in ents["province"].unique():
        out[slugify(prov)] = prov
    for prov, pref in ents[["province", "prefecture"]].drop_duplicates().itertuples(index=False):
        if slugify(pref) not in out:
            out[slugify(pref)] = f"{prov} › {pref}"
    return out


def _seat(city: str, province: str) -> str:
    if not city:
        return "Not confirmed by the sources checked"
    return city if city == province else f"{city}, {province}"


def entity_table(ds: Dataset) -> pd.DataFrame:
    """One row per entity with the derived columns the explorer shows and filters on."""
    techs = ds.technologies.set_index("tech_id")["name"]
    links = ds.entity_technologies
    acts = later_actions(ds)
    n_figures = figure_counts(ds)
    rows = []
    order = {t: n for n, t in enumerate(ds.technologies["tech_id"])}
    role_order = {r: n for n, r in enumerate(ROLE_LABELS)}
    for e in ds.entities.itertuples():
        tech_ids = sorted(set(links.loc[links["entity_id"] == e.entity_id, "tech_id"]))
        mine = links.loc[links["entity_id"] == e.entity_id, ["tech_id", "role"]]
        pairs = sorted(zip(mine["tech_id"], mine["role"], strict=True), key=lambda p: (order[p[0]], role_order[p[1]]))
        act_ids = sorted(set(acts.loc[acts["entity_id"] == e.entity_id, "category"]))
        rows.append(
            {
                "entity_id": e.entity_id,
                "listed_name": e.listed_name,
                "common_name": e.common_name,
                "name_zh": e.name_zh,
                "kind": e.kind,
                "kind_label": KIND_LABELS[e.kind],
                "seat": _seat(e.city, e.province),
                "province": e.province,
                "prefecture": e.prefecture,
                "place_ids": [slugify(p) for p in (e.province, e.prefecture) if p],
                "tech_ids": tech_ids,
                "technologies": ", ".join(techs[t] for t in tech_ids),
                "links": pairs,
                "role_ids": sorted(set(r for _, r in pairs), key=role_order.get),
                "roles": "; ".join(f"{techs[t]}: {ROLE_LABELS[r]}" for t, r in pairs),
                "figures": n_figures[e.entity_id],
                "action_ids": act_ids,
                "later_actions": ", ".join(ACTION_LABELS[a] for a in act_ids),
            }
        )
    return pd.DataFrame(rows)


@dataclass
class Filters:
    """The explorer's state; each field is a URL query key."""

    q: str = ""
    kind: list[str] = field(default_factory=list)
    tech: list[str] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    action: list[str] = field(default_factory=list)

    def to_params(self) -> dict[str, str]:
        """Query parameters for this state; defaults stay out of the URL."""
        out = {"q": self.q.strip()} if self.q.strip() else {}
        for key in ("kind", "tech", "role", "place", "action"):
            if getattr(self, key):
                out[key] = ",".join(getattr(self, key))
        return out


def filter_options(ds: Dataset) -> dict[str, dict[str, str]]:
    """Allowed values (slug -> label) for each list-valued filter."""
    return {
        "kind": dict(KIND_LABELS),
        # Two columns of one table always have the same length, so no change to strict= can be seen.
        "tech": dict(zip(ds.technologies["tech_id"], ds.technologies["name"], strict=True)),  # pragma: no mutate
        "role": dict(ROLE_LABELS),
        "place": places(ds),
        "action": dict(ACTION_LABELS),
    }


def _first(value) -> str:
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value)


def parse_filters(ds: Dataset, params: Mapping) -> tuple[Filters, list[str]]:
    """Read the explorer state from query parameters; bad values are dropped and described in notices."""
    options = filter_options(ds)
    notices: list[str] = []
    out = Filters()
    q = _first(params.get("q", ""))
    if len(q) > MAX_PARAM_LEN:
        notices.append(f"The search text was longer than {MAX_PARAM_LEN} characters and was ignored.")
    else:
        out.q = "".join(c for c in q if c.isprintable())
    for key, allowed in options.items():
        raw = _first(params.get(key, ""))
        if not raw:
            continue
        good, bad = [], 0
        for value in raw.split(","):
            value = value.strip()
            if value in allowed:
                if value not in good:
                    good.append(value)
            elif value:
                bad += 1
        setattr(out, key, good)
        if bad:
            notices.append(f"Ignored {bad} unknown value(s) for '{key}'. Valid values: {', '.join(allowed)}.")
    known = {"q", *options}
    unknown = sorted(k for k in params if k not in known)
    if unknown:
        notices.append(f"Ignored {len(unknown)} unknown URL parameter(s).")
    return out, notices


def filter_entities(ds: Dataset, filters: Filters, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of ``entity_table`` matching every filter (within a filter, any of the chosen values)."""
    df = entity_table(ds) if table is None else table
    mask = df["entity_id"].isin(search(ds, filters.q))
    if filters.kind:
        mask &= df["kind"].isin(filters.kind)
    for key, col in (("tech", "tech_ids"), ("place", "place_ids"), ("action", "action_ids")):
        chosen = set(getattr(filters, key))
        if chosen:
            mask &= df[col].map(lambda vals, c=chosen: bool(c & set(vals)))
    if filters.role:
        # A role combines with the technology filter link by link: "operates facial recognition", not "operates
        # something and is linked to facial recognition in some role".
        roles, techs = set(filters.role), set(filters.tech)
        mask &= df["links"].map(lambda pairs: any(r in roles and (not techs or t in techs) for t, r in pairs))
    return df[mask].reset_index(drop=True)


def figure_text(value: float, qualifier: str, unit: str) -> str:
    """A figure as a reader says it: 'about 30,000 cameras', '40 percent', 'US$53,000,000'."""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    if unit == "US dollars":
        amount = f"US${number}"
    elif unit == "percent":
        amount = f"{number} percent"
    else:
        amount = f"{number} {unit}"
    return " ".join(w for w in (QUALIFIER_WORDS[qualifier], amount) if w)


def claim_date(ds: Dataset, date: pd.Timestamp, source_ids: str) -> str:
    """A claim's date at the precision its source gives it: a claim dated by a source known only to the month or
    year shows 'Jul 2019' or '2016', not a made-up day."""
    src = ds.sources_by_id
    for sid in filter(None, source_ids.split(";")):
        s = src.get(sid)
        if s is not None and not pd.isna(s["date"]) and s["date"] == date:
            return source_date(s)
    return f"{date:%d %b %Y}"


def evidence_by_scope(ds: Dataset, entity_id: str) -> dict[str, pd.DataFrame]:
    """The entity's evidence and context claims (not its responses), by scope, each sorted by date: the profile
    shows "About this body" apart from "About policing in its jurisdiction"."""
    c = ds.claims
    mine = c[(c["entity_id"] == entity_id) & (c["claim_type"] != "response")].sort_values("date", kind="stable")
    return {scope: mine[mine["scope"] == scope].reset_index(drop=True) for scope in SCOPE_LABELS}


def jurisdiction_figures(ds: Dataset, entity_id: str) -> pd.DataFrame:
    """The entity's figures by prefecture with a readable ``figure`` column, by year then figure id."""
    f = ds.jurisdiction_figures
    mine = f[f["entity_id"] == entity_id].sort_values(["year", "figure_id"]).reset_index(drop=True)
    return mine.assign(figure=[figure_text(r.value, r.qualifier, r.unit) for r in mine.itertuples()])


def figure_counts(ds: Dataset) -> dict[str, int]:
    """How many figures by prefecture each entity has (0 for none), for the explorer's column."""
    counts = ds.jurisdiction_figures["entity_id"].value_counts()
    return {e: int(counts.get(e, 0)) for e in ds.entities["entity_id"]}


def figures_table(ds: Dataset, entity_ids: list[str]) -> pd.DataFrame:
    """The figures by prefecture of the given entities, for the explorer: entity, measure, figure, year, note and
    the sources as 'publisher (date)'; in the order of ``entity_ids``, then year."""
    names, src = ds.names, ds.sources_by_id
    rows = []
    for eid in entity_ids:
        for r in jurisdiction_figures(ds, eid).itertuples():
            cited = "; ".join(f"{src[s]['publisher']} ({source_date(src[s])})" for s in r.source_ids.split(";"))
            rows.append(
                {"entity": names[eid], "measure": r.measure, "figure": r.figure, "year": int(r.year),
                 "note": r.note, "sources": cited}
            )  # fmt: skip
    return pd.DataFrame(rows, columns=["entity", "measure", "figure", "year", "note", "sources"])


def research_lines(ds: Dataset, entity_id: str) -> list[str]:
    """What was searched for a government body, one line per search (oldest first): when and where, what was looked
    for and what came of it; empty for a body with no log (a company)."""
    log = ds.research_log
    rows = log[log["entity_id"] == entity_id].sort_values("searched_on")
    return [
        f"Searched on {r.searched_on:%d %b %Y} in {r.where_searched[0].lower()}{r.where_searched[1:]}. "
        f"Looked for: {r.looked_for} Outcome: {r.outcome}"
        for r in rows.itertuples()
    ]


def entity_sources(ds: Dataset, entity_id: str) -> list[str]:
    """Ids of every source behind any row about the entity, in source order."""
    ids: set[str] = set()
    tables = ("entities", "aliases", "entity_technologies", "claims", "key_facts", "company_inputs")
    for name in (*tables, "jurisdiction_figures"):
        t = ds.tables[name]
        ids |= {s for v in t.loc[t["entity_id"] == entity_id, "source_ids"] for s in v.split(";")}
    ev = ds.events
    mine = ev["entity_ids"].str.split(";").map(lambda xs: entity_id in xs)
    ids |= {s for v in ev.loc[mine, "source_ids"] for s in v.split(";")}
    return [s for s in ds.sources["source_id"] if s in ids]


def source_citation(source: Mapping) -> str:
    """One source as readable text: publisher, title, date and URL (a title we wrote is in [brackets]).

    When the original was not found online, the copy read is given and named as a copy; a copy read beside an
    original is named after it."""
    when = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(source["date_precision"])
    date = "n.d." if when is None or pd.isna(source["date"]) else f"{source['date']:{when}}"
    head = f"{source['publisher']}: {display_title(source)} ({date})"
    if not source["url"]:
        return f"{head} ({NO_ORIGINAL}; read via a copy: {source['copy_url']})"
    copy = f" (read via a copy: {source['copy_url']})" if source.get("copy_url") else ""
    return f"{head} {source['url']}{copy}"


def link_sources(
    ds: Dataset, entity_id: str, tech_ids: list[str], roles: list[str] | None = None
) -> list[tuple[str, str, list[str]]]:
    """The entity's links to the given technologies (in the given roles, if any): (tech_id, role, source ids), in
    technology order."""
    t = ds.entity_technologies
    mine = t[(t["entity_id"] == entity_id) & t["tech_id"].isin(tech_ids)]
    if roles:
        mine = mine[mine["role"].isin(roles)]
    order = {tid: n for n, tid in enumerate(tech_ids)}
    mine = mine.assign(_o=mine["tech_id"].map(order)).sort_values("_o", kind="stable")
    return [(r.tech_id, r.role, [s for s in r.source_ids.split(";") if s]) for r in mine.itertuples()]


def export_frame(
    ds: Dataset, rows: pd.DataFrame, tech_ids: list[str] | None = None, roles: list[str] | None = None
) -> pd.DataFrame:
    """The explorer's rows as a flat table with readable sources, for CSV download.

    ``sources`` lists every source behind the entity, one per line, as publisher, title, date and URL. With
    ``tech_ids`` (the technology filter), ``technology_sources`` gives the sources for the entity's link to each
    of those technologies, so a reader can cite the link they filtered on; with ``roles`` (the role filter), only
    the links in those roles, for every technology unless ``tech_ids`` narrows them. ``technology_roles`` gives
    every link as ``tech_id:role``.
    """
    src = ds.sources_by_id
    techs = ds.technologies.set_index("tech_id")["name"]
    ents = ds.entities.set_index("entity_id")
    out = []
    for r in rows.itertuples():
        e = ents.loc[r.entity_id]
        ids = entity_sources(ds, r.entity_id)
        row = {
            "entity_id": r.entity_id,
            "listed_name": r.listed_name,
            "common_name": r.common_name,
            "name_zh": r.name_zh,
            "kind": r.kind,
            "city": e["city"],
            "prefecture": e["prefecture"],
            "province": e["province"],
            "lat": e["lat"],
            "lon": e["lon"],
            "technologies": ";".join(r.tech_ids),
            "technology_roles": ";".join(f"{t}:{role}" for t, role in r.links),
            "later_actions": ";".join(r.action_ids),
            "summary": e["summary"],
        }
        if tech_ids or roles:
            row["technology_sources"] = "\n".join(
                f"{techs[tid]} ({ROLE_LABELS[role]}): {source_citation(src[s])}"
                for tid, role, sids in link_sources(ds, r.entity_id, tech_ids or list(techs.index), roles)
                for s in sids
            )
        row["sources"] = "\n".join(source_citation(src[i]) for i in ids)
        row["source_ids"] = ";".join(ids)
        out.append(row)
    return pd.DataFrame(out, columns=list(out[0]) if out else ["entity_id"])


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM so spreadsheet programs read Chinese names correctly."""
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def export_json(ds: Dataset, rows: pd.DataFrame, filters: Filters) -> bytes:
    """The explorer's rows as JSON, each with its full source records, plus the view that produced them."""
    flat = export_frame(ds, rows, filters.tech, filters.role)
    flat = flat.astype(object).where(flat.notna(), None)  # JSON has no NaN: an unknown seat is null
    src = ds.sources.assign(date=ds.sources["date"].dt.strftime("%Y-%m-%d")).set_index("source_id")
    records = []
    for r in flat.to_dict("records"):
        ids = [i for i in r.pop("source_ids").split(";") if i]
        r.pop("sources")
        if filters.tech or filters.role:
            r.pop("technology_sources")
            r["technology_links"] = [
                {"tech_id": t, "role": role, "source_ids": sids}
                for t, role, sids in link_sources(
                    ds, r["entity_id"], filters.tech or ds.technologies["tech_id"].tolist(), filters.role
                )
            ]
        r["technologies"] = [t for t in r["technologies"].split(";") if t]
        r["technology_roles"] = [
            dict(zip(("tech_id", "role"), pair.split(":"), strict=True))
            for pair in r["technology_roles"].split(";")
            if pair
        ]
        r["later_actions"] = [a for a in r["later_actions"].split(";") if a]
        r["sources"] = [{"source_id": i, **src.loc[i].to_dict()} for i in ids]
        records.append(r)
    doc = {
        "dataset": ds.metadata["title"],
        "data_as_of": ds.metadata["data_as_of"],
        "license": ds.metadata["license"]["name"],
        "view": filters.to_params(),
        "count": len(records),
        "entities": records,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def valid_entity_id(ds: Dataset, value) -> str | None:
    """The entity id if ``value`` names one of the 28, else None."""
    value = _first(value).strip()
    # A cheap guard before the lookup; entity ids are short slugs, so the lookup alone gives the same answer.
    if len(value) > MAX_PARAM_LEN or not _SLUG.match(value):  # pragma: no mutate
        return None
    return value if value in set(ds.entities["entity_id"]) else None


def citations(title: str, url: str, data_as_of: str, accessed: str) -> dict[str, str]:
    """'Cite this page' in APA, Chicago and BibTeX styles."""
    year = data_as_of[:4]
    key = "listed" + re.sub(r"[^A-Za-z0-9]", "", title.split(":")[0])[:24] + year
    return {
        "APA": f"Listed. ({year}). {title} [Data set, data as of {data_as_of}]. Retrieved {accessed}, from {url}",
        "Chicago": f'Listed. "{title}." Data as of {data_as_of}. Accessed {accessed}. {url}.',
        "BibTeX": (
            f"@misc{{{key},\n  author = {{{{Listed}}}},\n  title = {{{title}}},\n  year = {{{year}}},\n"
            f"  note = {{Data as of {data_as_of}; accessed {accessed}}},\n  url = {{{url}}}\n}}"
        ),
    }


PUBLISHER_KIND_ORDER = [
    "government", "legislature", "court", "company", "stock-exchange", "ngo", "think-tank", "academic", "news",
    "trade-press", "law-firm", "aggregator", "encyclopedia", "forum",
]  # fmt: skip
SOURCE_TABLE_COLUMNS = {
    "source_id": "Source id",
    "publisher": "Publisher",
    "publisher_kind": "Publisher kind",
    "title": "Title",
    "date": "Date",
    "primary": "Primary",
    "url": "Original",
    "copy_url": "Copy read",
    "copy_note": "About the copy",
    "cited_by": "Cited by (rows)",
}


def source_citation_counts(ds: Dataset) -> dict[str, int]:
    """How many dataset rows cite each source (every table with source_ids, plus the metadata's key figures)."""
    counts: dict[str, int] = dict.fromkeys(ds.sources["source_id"], 0)
    for name, df in ds.tables.items():
        if name != "sources" and "source_ids" in df.columns:
            for ids in df["source_ids"]:
                for s in filter(None, str(ids).split(";")):
                    counts[s] = counts.get(s, 0) + 1
    for fig in ds.metadata.get("key_figures", []):
        for s in filter(None, fig.get("source_ids", "").split(";")):
            counts[s] = counts.get(s, 0) + 1
    return counts


def source_audit(ds: Dataset) -> dict[str, pd.DataFrame | int]:
    """How strong the footing is: sources by publisher kind, primary vs secondary, copies, descriptive titles."""
    src = ds.sources
    by_kind = (
        src.groupby("publisher_kind")
        .agg(sources=("source_id", "size"), primary=("primary", "sum"), copies=("copy_url", lambda c: (c != "").sum()))
        .reindex([k for k in PUBLISHER_KIND_ORDER if k in set(src["publisher_kind"])])
        .reset_index()
        .rename(columns={"publisher_kind": "publisher kind"})
    )
    by_kind[["primary", "copies"]] = by_kind[["primary", "copies"]].astype(int)
    copies = src[src["copy_url"] != ""][["source_id", "publisher", "title", "url", "copy_url", "copy_note"]]
    return {
        "total": len(src),
        "primary": int(src["primary"].sum()),
        "secondary": int((~src["primary"]).sum()),
        "copies": len(copies),
        "no_original": int((src["url"] == "").sum()),
        "descriptive": int((src["title_kind"] == "descriptive").sum()),
        "undated": int((src["date_precision"] == "undated").sum()),
        "by_kind": by_kind,
        "copy_table": copies.reset_index(drop=True),
    }


def filter_sources(
    ds: Dataset,
    text: str = "",
    kinds: list[str] | None = None,
    primary: bool | None = None,
    copies_only: bool = False,
    descriptive_only: bool = False,
) -> pd.DataFrame:
    """The source list as readers filter it: free text (publisher, title, id), publisher kinds, primary or
    secondary, only sources read via a copy, only titles we wrote. Descriptive titles come in [brackets]."""
    src = ds.sources.copy()
    mask = pd.Series(True, index=src.index)
    if text:
        hay = src["publisher"] + " " + src["title"] + " " + src["source_id"]
        mask &= hay.str.contains(text, case=False, regex=False)
    if kinds:
        mask &= src["publisher_kind"].isin(kinds)
    if primary is not None:
        mask &= src["primary"] == primary
    if copies_only:
        mask &= src["copy_url"] != ""
    if descriptive_only:
        mask &= src["title_kind"] == "descriptive"
    out = src[mask].copy()
    out["title"] = [display_title(r) for r in out.to_dict("records")]
    counts = source_citation_counts(ds)
    out["cited_by"] = out["source_id"].map(counts).astype(int)
    out = out.sort_values(["primary", "publisher", "date"], ascending=[False, True, True])
    return out[list(SOURCE_TABLE_COLUMNS)].reset_index(drop=True)


def sources_csv(df: pd.DataFrame) -> bytes:
    """A filtered source table as UTF-8 CSV (dates as ISO strings, blank for undated pages)."""
    out = df.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d").fillna("")
    return out.to_csv(index=False).encode("utf-8")
