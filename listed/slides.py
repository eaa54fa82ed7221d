"""The classroom deck: the story of the listing as slides, a quiz and a one-page handout, built from the dataset.

Pure (no Streamlit) so the deck can be unit-tested. Slide text is plain text, not Markdown: the page escapes it.
Counts, names, dates and figures come from the dataset; the connecting prose keeps the sources' hedges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from listed.loader import Dataset
from listed.queries import NO_ORIGINAL, copy_host, display_title, link_target

FR = "fr-2019-22210"
CSIS = "csis-2019-xinjiang-28"
US_REGIONS = ("United States", "USA", "US", "U.S.")
# Later actions worth a slide, in the order a class would care about them.
AFTER_CATEGORIES = ("sanctions", "entity-list", "investment-ban", "market", "chips", "procurement-ban")
AFTER_PHRASES = {
    "sanctions": "Treasury sanctions",
    "entity-list": "further Entity List additions",
    "investment-ban": "a U.S. investment ban",
    "market": "effects on stock listings",
    "chips": "wider chip export rules",
    "procurement-ban": "procurement bans",
}
MAX_AFTER = 5
MAX_TECH_POINTS = 7
MAX_PARAM_LEN = 12
SENTENCE_END = re.compile(r"(?<=[a-z0-9)'’\"”][.!?])\s+(?=[A-Z\"“‘])")


@dataclass(frozen=True)
class QuizItem:
    """One multiple-choice question; ``answer`` is one of ``options``."""

    question: str
    options: list[str]
    answer: str
    explanation: str
    source_ids: list[str]
    giveaways: tuple[str, ...] = ()  # words besides the answer that would give it away on the handout

    @property
    def revealing(self) -> tuple[str, ...]:
        """The answer and every give-away word, longest first (so a longer phrase is blanked whole)."""
        return tuple(sorted({self.answer, *self.giveaways}, key=len, reverse=True))


@dataclass(frozen=True)
class Chart:
    """A chart of figures from the dataset: one value per category for each series (exports draw it natively)."""

    kind: str  # bar | line
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]  # (name, one value per category)
    unit: str
    source_ids: list[str]


@dataclass(frozen=True)
class Slide:
    """One slide: a title, a few short points, speaker notes, the sources behind it, an optional question."""

    title: str
    points: list[str]
    notes: str
    source_ids: list[str]
    question: str | None = None
    kind: str = "content"  # title | content | discussion | quiz | sources
    quiz: QuizItem | None = None
    summary: str = ""  # one sentence for the handout
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url), for the sources slide
    key: str = ""  # a stable name (``who``, ``quiz-2``), for lesson plans that pick slides
    chart: Chart | None = None


@dataclass(frozen=True)
class LessonStep:
    """One step of a lesson: how long, which slides (1-based numbers), what the class does, what to ask."""

    minutes: int
    slides: list[int]
    activity: str
    prompt: str


@dataclass(frozen=True)
class LessonPlan:
    minutes: int
    title: str
    aim: str
    steps: list[LessonStep]


def _day(value) -> str:
    d = pd.Timestamp(value)
    return f"{d.day} {d:%B %Y}"


def _when(value, precision: str = "day") -> str:
    d = pd.Timestamp(value)
    return {"day": _day(d), "month": f"{d:%B %Y}", "year": f"{d:%Y}"}[precision]


def _source_date(row: pd.Series) -> str:
    if row["date_precision"] == "undated":
        return "n.d."
    return _when(row["date"], row["date_precision"])


def _ids(ds: Dataset, *values: str | list[str]) -> list[str]:
    """Source ids from ';'-lists, deduplicated in order, keeping only those the dataset knows."""
    known = set(ds.sources["source_id"])
    out: list[str] = []
    for v in values:
        for s in v.split(";") if isinstance(v, str) else v:
            if s and s in known and s not in out:
                out.append(s)
    return out


def _first_clause(text: str) -> str:
    """The first sentence, up to its first semicolon: short enough for a slide, still the source's words."""
    return SENTENCE_END.split(str(text).strip(), maxsplit=1)[0].split("; ", 1)[0].rstrip(".") + "."


def _lower_first(name: str) -> str:
    """'Facial recognition' -> 'facial recognition', but 'AI chips' stays as it is."""
    return name[0].lower() + name[1:] if name[:2].istitle() else name


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def kind_counts(ds: Dataset) -> dict[str, int]:
    """How many entities of each kind the dataset lists."""
    counts = ds.entities["kind"].value_counts()
    return {k: int(counts.get(k, 0)) for k in ("government-bureau", "institute", "company")}


def _companies(ds: Dataset) -> pd.DataFrame:
    return ds.entities[ds.entities["kind"] == "company"]


def _slide_title(ds: Dataset) -> Slide:
    rule, n = ds.metadata["rule"], len(ds.entities)
    return Slide(
        title=f"{n} Chinese entities and the U.S. Entity List",
        points=[
            f"In October 2019 the United States added {n} Chinese organisations to its Entity List",
            "The reason given: repression and high-technology surveillance of Uyghurs and other Muslim minorities "
            "in Xinjiang",
            f"Rule {rule['citation']} (Federal Register document {rule['fr_doc']})",
        ],
        notes=(
            "Open with the question the class will answer: who was listed, for what, and what a listing does. "
            "Everything in this deck comes from the Listed dataset; each slide names its sources at the bottom."
        ),
        source_ids=_ids(ds, FR, CSIS),
        kind="title",
        summary="In October 2019 the United States added Xinjiang government bodies and Chinese makers of "
        "surveillance technology to its Entity List, over repression in Xinjiang.",
    )


def _slide_when(ds: Dataset) -> Slide:
    rule = ds.metadata["rule"]
    announced, effective = _day(rule["announced"]), _day(rule["effective"])
    return Slide(
        title="What happened, and when",
        points=[
            f"{announced}: the U.S. Commerce Department announced the listing",
            f"{effective}: the rule was published in the Federal Register and took effect the same day",
            f"The rule: “{rule['title']}”, {rule['citation']}",
            "Issued by the Bureau of Industry and Security (BIS), which keeps the Entity List",
        ],
        notes=(
            "Two dates matter: the announcement and the publication. The rule took effect on publication, with "
            "no waiting period. The stated reason was that the entities had been implicated in human-rights "
            "violations and abuses in China's campaign of repression, mass arbitrary detention and high-technology "
            "surveillance against Uyghurs, Kazakhs and other Muslim minorities in Xinjiang."
        ),
        source_ids=_ids(ds, FR),
        summary=f"The Commerce Department announced the listing in {pd.Timestamp(rule['announced']):%B %Y}; the rule "
        f"took effect when the Federal Register published it ({rule['citation']}).",
    )


def _slide_who(ds: Dataset) -> Slide:
    c, n = kind_counts(ds), len(ds.entities)
    gov = c["government-bureau"] + c["institute"]
    institutes = ", ".join(ds.entities.loc[ds.entities["kind"] == "institute", "common_name"])
    points = [
        f"{n} entities in all: {gov} government bodies and {_plural(c['company'], 'company', 'companies')}",
        f"{_plural(c['government-bureau'], 'public security (police) bureau', 'public security (police) bureaus')}"
        " in Xinjiang: the regional bureau and the bureaus below it",
    ]
    if c["institute"]:
        points.append(f"{_plural(c['institute'], 'institute', 'institutes')}: {institutes}")
    points.append(
        f"{_plural(c['company'], 'company', 'companies')} elsewhere in China, makers of surveillance technology"
    )
    return Slide(
        title="Who was listed",
        points=points,
        notes=(
            "The government bodies are the police of Xinjiang: the regional public security bureau, the bureaus of "
            "its prefectures and cities, the bureau of the Xinjiang Production and Construction Corps, and a police "
            "college. Some sources count the college among 19 or 20 subordinate bodies; the totals are the same."
        ),
        source_ids=_ids(ds, FR, CSIS),
        question="Why list police bureaus that would rarely buy from U.S. firms directly?",
        summary="Who: Xinjiang's public security (police) bureaus"
        + (f" and {institutes}" if institutes else "")
        + ", and Chinese companies that make surveillance technology.",
    )


def _slide_companies(ds: Dataset) -> Slide:
    comp = _companies(ds).sort_values("common_name", key=lambda s: s.str.lower())
    # The Chinese name beside the English one: how the companies appear in Chinese sources and the news.
    points = [
        " ".join(v for v in (r.common_name, r.name_zh, f"({r.city})" if r.city else "") if v) for r in comp.itertuples()
    ]
    notes = " ".join(f"{r.common_name}: {r.summary}" for r in comp.itertuples())
    return Slide(
        title=f"The {_plural(len(comp), 'company', 'companies')}",
        points=points,
        notes=notes,
        source_ids=_ids(ds, *comp["source_ids"]),
        summary="The companies: "
        + ", ".join(f"{r.common_name} ({r.name_zh})" if r.name_zh else r.common_name for r in comp.itertuples())
        + ".",
    )


def _links_by_tech(ds: Dataset, companies: bool) -> dict[str, list[str]]:
    """tech_id -> entity names, for companies that develop or supply it, or government bodies that operate it."""
    et = ds.entity_technologies.merge(ds.entities[["entity_id", "common_name", "kind"]], on="entity_id")
    if companies:
        et = et[(et["kind"] == "company") & et["role"].isin(["develops", "supplies"])]
    else:
        et = et[(et["kind"] != "company") & (et["role"] == "operates")]
    out: dict[str, list[str]] = {}
    for r in et.itertuples():
        names = out.setdefault(r.tech_id, [])
        if r.common_name not in names:
            names.append(r.common_name)
    return dict(sorted(out.items(), key=lambda kv: -len(kv[1])))


def _link_sources(ds: Dataset, companies: bool) -> list[str]:
    et = ds.entity_technologies.merge(ds.entities[["entity_id", "kind"]], on="entity_id")
    mask = et["kind"] == "company" if companies else et["kind"] != "company"
    return _ids(ds, *et.loc[mask, "source_ids"])


def _slide_technologies(ds: Dataset) -> Slide | None:
    links = _links_by_tech(ds, companies=True)
    if not links:
        return None
    # The most-linked technologies first, then only those that bring a company not yet on the slide.
    chosen: dict[str, list[str]] = {}
    for t, who in links.items():
        if len(chosen) < 4 or set(who) - {c for w in chosen.values() for c in w}:
            chosen[t] = who
    links = dict(list(chosen.items())[:MAX_TECH_POINTS])
    names = dict(zip(ds.technologies["tech_id"], ds.technologies["name"], strict=True))
    points = [f"{names[t]}: {', '.join(who)}" for t, who in links.items()]
    techs = ds.technologies.set_index("tech_id")
    descr = techs["description"]
    return Slide(
        title="What the companies are alleged to supply",
        points=points,
        notes=(
            "These are links the sources report or allege between each company and a technology, not findings "
            "of a court. What each technology does: " + " ".join(f"{names[t]}: {descr[t]}" for t in list(links)[:6])
        ),
        source_ids=_ids(ds, *_link_sources(ds, True), *techs.loc[list(links), "source_ids"]),
        question="Which of these technologies could have ordinary, harmless uses? Does that change the case?",
        summary="What the companies are alleged or reported to supply: "
        + "; ".join(_lower_first(names[t]) for t in list(links)[:4])
        + ".",
    )


def _slide_bureaus(ds: Dataset) -> Slide | None:
    links = _links_by_tech(ds, companies=False)
    if not links:
        return None
    c = kind_counts(ds)
    gov = c["government-bureau"] + c["institute"]
    names = dict(zip(ds.technologies["tech_id"], ds.technologies["name"], strict=True))
    points = [
        # A link may rest on reporting about the police of the body's area, not the listed body itself.
        f"{names[t]}: reportedly run by {_plural(len(who), 'listed body', 'listed bodies')}"
        + (f" ({who[0]})" if len(who) == 1 else "")
        + (" or the police of its area" if len(who) == 1 else " or the police of their areas")
        for t, who in list(links.items())[:5]
    ]
    use = ds.technologies.set_index("tech_id")["xinjiang_use"]
    return Slide(
        title="The bureaus, and what they reportedly run",
        points=[f"The {gov} government bodies are Xinjiang's police and a police college", *points],
        notes="How the sources describe the use in Xinjiang: " + " ".join(f"{names[t]}: {use[t]}" for t in links),
        source_ids=_ids(ds, *_link_sources(ds, False)),
        summary="What the Xinjiang police bureaus reportedly run: "
        + "; ".join(_lower_first(names[t]) for t in list(links)[:3])
        + ".",
    )


def _slide_why_new(ds: Dataset) -> Slide:
    return Slide(
        title="Why it was new",
        points=[
            "The Entity List covers parties acting against U.S. national-security or foreign-policy interests",
            "Here the foreign-policy interest named was human rights",
            "CSIS: the first time human rights were explicitly declared such an interest leading to a listing",
        ],
        notes=(
            "The Entity List rule lets the government list parties whose activities run against U.S. foreign-policy "
            "interests, not only its security. CSIS judged this the first listing in which protecting human rights "
            "was expressly the foreign-policy interest at stake. The listing did not depend on showing misuse of "
            "U.S. items."
        ),
        source_ids=_ids(ds, CSIS, FR),
        question="Should export controls be used to defend human rights, or only national security?",
        summary="Why it was new: in CSIS's assessment, no earlier listing had rested explicitly on the interest this "
        "one named.",
    )


def _slide_what_it_does(ds: Dataset) -> Slide:
    return Slide(
        title="What a listing does, and does not do",
        points=[
            "Does: a U.S. licence is needed to send the entity any item subject to U.S. export rules (the EAR)",
            "Does: licence applications face a presumption of denial",
            "Does: a short list of items (some protective and medical goods) is reviewed case by case",
            "Does not: freeze assets; it is not a Treasury sanction",
            "Does not, by itself, stop U.S. imports of the entities' products",
        ],
        notes=(
            "Items subject to the Export Administration Regulations include U.S.-made goods, software and "
            "technology wherever they are, and some foreign-made items with U.S. content. The rule allowed no "
            "licence exceptions. A Treasury (OFAC) sanction blocks property and bars dealings; the Entity List is "
            "an export control only. Later, separate U.S. measures did reach imports and purchases (see 'What came "
            "after'). The 'How the Entity List works' page has a walk-through."
        ),
        source_ids=_ids(ds, FR, CSIS),
        question="If U.S. buyers could still import their cameras, what pressure does the listing create?",
        summary="What a listing does, and does not do: how it limits what can be sent to the entity, and how it "
        "differs from a Treasury sanction.",
    )


def _us_shares(ds: Dataset) -> pd.DataFrame:
    cs = ds.chip_shares
    us = cs[(cs["measure"] == "value-added") & cs["region"].isin(US_REGIONS)].copy()
    us["eda"] = us["segment"].str.contains("EDA", case=False)
    return us.sort_values(["eda", "year", "share_pct"], ascending=[False, False, False])


def _china_chip(ds: Dataset, indicator: str) -> pd.Series | None:
    cc = ds.china_chips[ds.china_chips["indicator"] == indicator]
    if cc.empty:
        return None
    at_listing = cc[cc["year"] == 2019]
    return (at_listing if not at_listing.empty else cc.sort_values("year")).iloc[-1]


def _chip_chart(ds: Dataset) -> Chart | None:
    """Value-added shares by segment, one bar per region, for the latest year the table has."""
    va = ds.chip_shares[ds.chip_shares["measure"] == "value-added"]
    if va.empty:
        return None
    va = va[va["year"] == va["year"].max()]
    segments = list(dict.fromkeys(va["segment"]))
    regions = list(dict.fromkeys(va["region"]))
    table = va.pivot_table(index="segment", columns="region", values="share_pct", aggfunc="first")
    series = [(r, [float(table.loc[s, r]) for s in segments]) for r in regions if table[r].notna().all()]
    if not series:
        return None
    return Chart(
        kind="bar",
        title=f"Share of the value added, by segment ({int(va['year'].iloc[0])}, %)",
        categories=segments,
        series=series,
        unit="%",
        source_ids=_ids(ds, *va["source_ids"]),
    )


def _slide_chips(ds: Dataset) -> Slide | None:
    us = _us_shares(ds)
    imports = _china_chip(ds, "ic-imports-usd-bn")
    self_suff = _china_chip(ds, "self-sufficiency-pct")
    if us.empty and imports is None:
        return None
    chart = _chip_chart(ds)
    points, ids = [], [chart.source_ids if chart else []]
    for r in us.drop_duplicates("segment").head(3).itertuples():
        points.append(f"U.S. firms: {r.share_pct:g}% of the value added in {_lower_first(r.segment)} ({r.year})")
        ids.append(r.source_ids)
    if imports is not None:
        points.append(f"China imported chips worth about US${imports['value']:g} billion ({imports['year']})")
        ids.append(imports["source_ids"])
    if self_suff is not None:
        points.append(
            f"Chips made in China, by Chinese and foreign firms, met about {self_suff['value']:g}% of its chip market "
            f"({self_suff['year']})"
        )
        ids.append(self_suff["source_ids"])
    imported = "" if imports is None else f"; China imported chips worth about US${imports['value']:g} billion"
    imported += "" if imports is None else f" ({imports['year']})"
    return Slide(
        title="The chip chokepoint",
        points=points,
        notes=(
            "Why an export control bites: the listed companies build their products on chips and chip-design "
            "software, much of it American. Value-added shares are estimates for a year and a definition; imports "
            "are gross figures and many chips leave China again inside finished electronics. See the Chokepoints "
            "page for the caveats and for the U.S. inputs each company was reported to rely on."
        ),
        source_ids=_ids(ds, *ids),
        question="Does dependence on U.S. chips make export controls stronger, or push China to make its own?",
        summary="The chip chokepoint: the listed companies build their products on chips and chip-design software, "
        "much of it American" + imported + ".",
        chart=chart,
    )


def _after_events(ds: Dataset) -> pd.DataFrame:
    effective = pd.Timestamp(ds.metadata["rule"]["effective"])
    ev = ds.events[(ds.events["date"] > effective) & ds.events["category"].isin(AFTER_CATEGORIES)].copy()
    if ev.empty:
        return ev
    listed = set(ds.entities["entity_id"])
    ev["ours"] = ev["entity_ids"].map(lambda v: bool(listed & set(v.split(";"))))
    ev = ev.sort_values(["ours", "date"], ascending=[False, True])
    picked = ev.drop_duplicates("category")
    picked = picked.set_index("category").loc[[c for c in AFTER_CATEGORIES if c in set(picked["category"])]]
    return picked.head(MAX_AFTER).reset_index().sort_values("date")


def _slide_after(ds: Dataset) -> Slide | None:
    ev = _after_events(ds)
    if ev.empty:
        return None
    return Slide(
        title="What came after",
        points=[f"{_when(r.date, r.date_precision)}: {r.title}" for r in ev.itertuples()],
        notes=" ".join(f"{_when(r.date, r.date_precision)}: {r.description}" for r in ev.itertuples()),
        source_ids=_ids(ds, *ev["source_ids"]),
        question="Which later step would hurt a listed company most, and why?",
        summary="What came after: "
        + ", ".join(AFTER_PHRASES[c] for c in AFTER_CATEGORIES if c in set(ev["category"]))
        + " (see the key dates).",
    )


def _responses(ds: Dataset) -> pd.DataFrame:
    cl = ds.claims[ds.claims["claim_type"] == "response"].merge(
        ds.entities[["entity_id", "common_name", "kind"]], on="entity_id"
    )
    cl = cl.sort_values("date")
    gov = cl[cl["kind"] != "company"].drop_duplicates("statement").head(2)
    comp = cl[cl["kind"] == "company"].drop_duplicates("entity_id").head(3)
    on_slide = [i < 1 for i in range(len(gov))] + [i < 2 for i in range(len(comp))]
    return pd.concat([gov, comp]).assign(on_slide=on_slide)


def _slide_responses(ds: Dataset) -> Slide | None:
    resp = _responses(ds)
    if resp.empty:
        return None
    return Slide(
        title="How China and the companies responded",
        points=[_first_clause(r.statement) for r in resp[resp["on_slide"]].itertuples()],
        notes=" ".join(f"{_day(r.date)}, about {r.common_name}: {r.statement}" for r in resp.itertuples()),
        source_ids=_ids(ds, *resp["source_ids"]),
        question="How should a reader weigh a denial against the reporting it answers?",
        summary="China's government and the companies rejected or disputed the accusations.",
    )


def _slide_discussion(ds: Dataset) -> Slide:
    return Slide(
        title="Discuss",
        points=[
            "Is an export control the right tool against human-rights abuses?",
            "Who bears the cost: the listed firms, U.S. suppliers, or people in Xinjiang?",
            "Should it matter that the listed technologies also have ordinary uses?",
            "What evidence would you want before listing a company?",
        ],
        notes="Give groups five minutes per question; ask each to name the source they would check first.",
        source_ids=_ids(ds, CSIS, FR),
        kind="discussion",
    )


def _options(answer: str, distractors: list[str], key=None) -> list[str]:
    """The answer and distinct distractors, in a stable order that does not give the answer away."""
    opts = [answer] + [d for d in dict.fromkeys(distractors) if d != answer]
    return sorted(opts[:4], key=key) if key else opts[:4]


def quiz_items(ds: Dataset) -> list[QuizItem]:
    """The quiz: answers come from the dataset where they can."""
    c, n, rule = kind_counts(ds), len(ds.entities), ds.metadata["rule"]
    gov = c["government-bureau"] + c["institute"]
    effective, announced = _day(rule["effective"]), _day(rule["announced"])
    items = [
        QuizItem(
            question="How many Chinese entities did the October 2019 rule add to the Entity List?",
            options=_options(str(n), [str(c["company"]), str(gov), str(n + 20), str(n + 10)], key=int),
            answer=str(n),
            explanation=f"{n}: {gov} government bodies in Xinjiang and "
            f"{_plural(c['company'], 'company', 'companies')}.",
            source_ids=_ids(ds, FR, CSIS),
        ),
        QuizItem(
            question="On what date did the listing take effect?",
            options=_options(
                effective,
                [announced, "1 October 2019", "1 January 2020", "15 November 2019"],
                key=lambda s: pd.Timestamp(s),
            ),
            answer=effective,
            explanation=f"It was announced on {announced} and took effect when published in the Federal Register "
            f"on {effective}.",
            source_ids=_ids(ds, FR),
        ),
        QuizItem(
            question="Which U.S. interest did the listing name?",
            options=[
                "National security: weapons proliferation",
                "Foreign policy: human rights",
                "Trade: unfair subsidies",
                "Counter-terrorism financing",
            ],
            answer="Foreign policy: human rights",
            explanation="In CSIS's assessment, the first time human rights explicitly led to a listing.",
            giveaways=("human rights", "human-rights"),
            source_ids=_ids(ds, CSIS, FR),
        ),
        QuizItem(
            question="What does being on the Entity List require?",
            options=[
                "A freeze of the entity's assets in the United States",
                "A ban on Americans buying the entity's products",
                "A U.S. licence to send it items subject to U.S. export rules",
                "Criminal charges against its managers",
            ],
            answer="A U.S. licence to send it items subject to U.S. export rules",
            giveaways=("licence", "license"),
            explanation="A licence requirement with a presumption of denial; it is not an asset freeze or an "
            "import ban.",
            source_ids=_ids(ds, FR),
        ),
    ]
    us = _us_shares(ds)
    if not us.empty:
        r = us.iloc[0]
        share, segment = f"{r['share_pct']:g}%", _lower_first(r["segment"])
        others = ds.chip_shares[(ds.chip_shares["segment"] == r["segment"]) & (ds.chip_shares["year"] == r["year"])]
        distractors = [f"{v:g}%" for v in others["share_pct"]] + ["12%", "35%", "50%", "95%"]
        items.append(
            QuizItem(
                question=f"About what share of the value added in {segment} came from U.S. firms in {r['year']}?",
                options=_options(share, distractors, key=lambda s: float(s.rstrip("%"))),
                answer=share,
                explanation=f"U.S. firms added about {share} of the value in {segment} ({r['year']}): a "
                "chokepoint for Chinese chip designers.",
                source_ids=_ids(ds, r["source_ids"]),
            )
        )
    else:
        items.append(
            QuizItem(
                question="How many of the listed entities were companies?",
                options=_options(str(c["company"]), [str(gov), str(n), "3", "12"], key=int),
                answer=str(c["company"]),
                explanation=f"{_plural(c['company'], 'company', 'companies')}; the rest were government bodies.",
                source_ids=_ids(ds, FR, CSIS),
            )
        )
    return items


def _source_label(s: pd.Series) -> str:
    """Publisher: title (date); a source whose original was not found online says its link is a copy."""
    label = f"{s['publisher']}: {display_title(s)} ({_source_date(s)})"
    return label if s["url"] else f"{label} ({NO_ORIGINAL} — read via a copy on {copy_host(s)})"


def _slide_sources(ds: Dataset, ids: list[str]) -> Slide:
    src = ds.sources.set_index("source_id")
    links = [(_source_label(src.loc[i]), link_target(src.loc[i])) for i in ids]
    return Slide(
        title="Sources",
        points=[label for label, _ in links],
        notes="Every slide names its sources at the bottom. The Sources & data page has the full dataset, "
        "its methods and how to cite it.",
        source_ids=ids,
        kind="sources",
        links=links,
        key="sources",
    )


def build_deck(ds: Dataset) -> list[Slide]:
    """The story as slides, one idea a slide: context, who, what, why, consequences, discussion, quiz, sources."""
    builders = {
        "title": _slide_title,
        "when": _slide_when,
        "who": _slide_who,
        "companies": _slide_companies,
        "technologies": _slide_technologies,
        "bureaus": _slide_bureaus,
        "why-new": _slide_why_new,
        "what-it-does": _slide_what_it_does,
        "chips": _slide_chips,
        "after": _slide_after,
        "responses": _slide_responses,
        "discussion": _slide_discussion,
    }
    deck = [replace(s, key=k) for k, s in ((k, b(ds)) for k, b in builders.items()) if s is not None]
    items = quiz_items(ds)
    for n, item in enumerate(items, start=1):
        deck.append(
            Slide(
                title=f"Quiz {n} of {len(items)}",
                points=[item.question],
                notes="Let the class vote before you reveal the answer. " + item.explanation,
                source_ids=item.source_ids,
                kind="quiz",
                quiz=item,
                key=f"quiz-{n}",
            )
        )
    cited = _ids(ds, *(s.source_ids for s in deck))
    deck.append(_slide_sources(ds, cited))
    return deck


# Lesson plans: (minutes, slide keys, what the class does, what to ask). A prompt of None asks the question of the
# first slide in the step that has one. Steps whose slides the dataset could not build give their time to the
# discussion. "quiz" stands for every quiz slide.
LESSON_PLANS: dict[int, tuple[str, str, list[tuple[int, list[str], str, str | None]]]] = {
    20: (
        "A 20-minute lesson",
        "Students can say who was listed, what a listing does, and why this one was new.",
        [
            (
                2,
                ["title"],
                "Open: the question the class will answer",
                "Who was listed, for what, and what does a listing do? Ask for guesses before the first slide.",
            ),
            (5, ["when", "who", "companies"], "Who was listed, and when: walk through the three slides", None),
            (5, ["why-new", "what-it-does"], "Why this one was new, and what a listing does", None),
            (4, ["discussion"], "Pairs: each pair picks one question and reports one sentence back", None),
            (
                4,
                ["quiz"],
                "Quiz: the class votes on each question, then reveal the answer",
                "Which answer surprised you, and which source would you check?",
            ),
        ],
    ),
    45: (
        "A 45-minute lesson",
        "Students can explain the listing, weigh the evidence behind it, and argue whether export controls fit "
        "human-rights aims.",
        [
            (
                3,
                ["title"],
                "Open: the question the class will answer",
                "Who was listed, for what, and what does a listing do? Ask for guesses before the first slide.",
            ),
            (5, ["when", "who"], "What happened, and who was listed", None),
            (
                7,
                ["companies", "technologies", "bureaus"],
                "The companies, what they are alleged to supply, and "
                "what the bureaus reportedly run; stress the hedges (alleged, reportedly)",
                None,
            ),
            (6, ["why-new", "what-it-does"], "Why it was new, and what a listing does and does not do", None),
            (5, ["chips"], "The chip chokepoint: why U.S. chips and software matter", None),
            (5, ["after", "responses"], "What came after, and how China and the companies responded", None),
            (8, ["discussion"], "Groups: one question per group, then each group reports back", None),
            (4, ["quiz"], "Quiz: vote, then reveal the answers and explanations", "Which answer surprised you?"),
            (2, ["sources"], "Close: where the facts come from", "Name one source you would read next, and why."),
        ],
    ),
}


def lesson_plans(deck: list[Slide]) -> list[LessonPlan]:
    """The 20- and 45-minute lesson plans, with slide numbers for this deck; timings add up to the lesson."""
    numbers = {s.key: n for n, s in enumerate(deck, start=1)}
    quiz = [n for n, s in enumerate(deck, start=1) if s.kind == "quiz"]
    discussion = next((s for s in deck if s.kind == "discussion"), None)
    plans = []
    for minutes, (title, aim, template) in LESSON_PLANS.items():
        steps: list[LessonStep] = []
        spare = 0
        for mins, keys, activity, prompt in template:
            slides = [n for k in keys for n in (quiz if k == "quiz" else [numbers[k]] if k in numbers else [])]
            if not slides:
                spare += mins
                continue
            if prompt is None:
                asked = [deck[n - 1] for n in slides if deck[n - 1].question or deck[n - 1].kind == "discussion"]
                first = asked[0] if asked else discussion
                if first is None:
                    prompt = "What did you learn from these slides?"
                else:  # a discussion slide's questions are its points
                    prompt = first.question or " ".join(first.points)
            steps.append(LessonStep(mins, slides, activity, prompt))
        at = next((i for i, st in enumerate(steps) if deck[st.slides[0] - 1].kind == "discussion"), len(steps) - 1)
        steps[at] = replace(steps[at], minutes=steps[at].minutes + spare)
        plans.append(LessonPlan(minutes, title, aim, steps))
    return plans


def parse_slide(raw: str | None, total: int) -> tuple[int, str | None]:
    """The 1-based slide number from a URL value, and a notice when the value was out of range or malformed."""
    if raw is None:
        return 1, None
    value = str(raw).strip()
    if re.fullmatch(r"-?[0-9]+", value):  # ASCII digits only: int() would accept "３" too
        number = int(value[:MAX_PARAM_LEN])  # the sign and a magnitude beyond any deck survive the cut
        if number < 1:
            return 1, "Slide numbers start at 1, so the deck opened at the first slide."
        if number > total:
            return total, f"The deck has {total} slides, so it opened at the last one."
        return number, None
    return 1, "The slide number in the link was not a whole number, so the deck opened at the first slide."


def parse_notes(raw: str | None) -> tuple[bool, str | None]:
    """Whether speaker notes are on (``notes=1``), and a notice for a value that is neither 0 nor 1."""
    if raw is None or str(raw).strip() in ("0", "1"):
        return raw is not None and str(raw).strip() == "1", None
    return False, "The notes setting in the link was not 0 or 1, so speaker notes are hidden."


def parse_present(raw: str | None) -> tuple[bool, str | None]:
    """Whether presentation mode is on (``present=1``), and a notice for a value that is neither 0 nor 1."""
    if raw is None or str(raw).strip() in ("0", "1"):
        return raw is not None and str(raw).strip() == "1", None
    return False, "The presentation setting in the link was not 0 or 1, so the deck opened in the page."


def handout_sources(deck: list[Slide]) -> list[str]:
    """The lead source of each story slide and of each quiz question: few enough for one printed page."""
    return list(dict.fromkeys(s.source_ids[0] for s in deck if (s.summary or s.quiz) and s.source_ids))


BLANK = "_____"


def hide_answers(text: str, items: list[QuizItem]) -> str:
    """``text`` with every quiz answer and give-away word blanked out (whole words, any case), so a handout can
    tell the story without answering its own quiz."""
    for item in items:
        for word in item.revealing:
            text = re.sub(rf"(?<![\w.]){re.escape(word)}(?!\w|\.\d)", BLANK, text, flags=re.IGNORECASE)
    return text


def handout_markdown(ds: Dataset) -> str:
    """A printable one-page handout: the story, key dates, discussion and quiz questions, sources, data as of."""
    deck = build_deck(ds)
    rule, meta = ds.metadata["rule"], ds.metadata
    quiz = quiz_items(ds)
    lines = [
        "# Chinese entities on the U.S. Entity List (October 2019)",
        "",
        f"Classroom handout from Listed. Data as of {meta['data_as_of']}. Rule {rule['citation']}, "
        f"FR Doc. {rule['fr_doc']}: {rule['url']}",
        "",
        "## The story",
        "",
        f"Fill in the blanks ({BLANK}) as you follow the slides: the quiz below asks about them.",
        "",
    ]
    # The story and the dates must not answer the quiz printed on the same page.
    story = [f"- {s.summary}" for s in deck if s.summary]
    story += ["", "## Key dates", ""]
    story += [
        f"- {_day(rule['announced'])}: the listing is announced",
        f"- {_day(rule['effective'])}: the rule is published in the Federal Register and takes effect",
    ]
    story += [f"- {_when(r.date, r.date_precision)}: {r.title}" for r in _after_events(ds).itertuples()]
    lines += hide_answers("\n".join(story), quiz).split("\n")
    discussion = next((s for s in deck if s.kind == "discussion"), None)
    if discussion:
        lines += ["", "## Discuss", ""] + [f"- {q}" for q in discussion.points]
    lines += ["", "## Quiz", ""]
    for n, item in enumerate(quiz, start=1):
        options = "  ".join(f"({letter}) {opt}" for letter, opt in zip("abcd", item.options, strict=False))
        lines.append(f"{n}. {item.question}  {options}")
    lines += ["", "## Sources", ""]
    src = ds.sources.set_index("source_id")
    for i in handout_sources(deck):
        s = src.loc[i]
        copy = f" Read via a copy: {s['copy_url']}" if s["copy_url"] else ""
        where = f"{s['url']}{copy}" if s["url"] else f"Original not found online; read via a copy: {s['copy_url']}"
        lines.append(f"- {s['publisher']}, {display_title(s)} ({_source_date(s)}). {where}")
    lines += [
        "",
        f"The slides cite {len(deck[-1].source_ids)} sources in all: see their Sources slide, or the Sources & data "
        f"page of Listed. Data as of {meta['data_as_of']}. Curation licensed {meta['license']['name']}. "
        "An educational explainer, not legal advice.",
        "",
    ]
    return "\n".join(lines)


def handout_text(ds: Dataset) -> str:
    """The handout as plain text: the Markdown without its heading marks."""
    return re.sub(r"^#+ ", "", handout_markdown(ds), flags=re.MULTILINE)


__all__ = [
    "LESSON_PLANS",
    "Chart",
    "LessonPlan",
    "LessonStep",
    "QuizItem",
    "Slide",
    "build_deck",
    "handout_markdown",
    "handout_sources",
    "handout_text",
    "hide_answers",
    "kind_counts",
    "lesson_plans",
    "parse_notes",
    "parse_present",
    "parse_slide",
    "quiz_items",
]
