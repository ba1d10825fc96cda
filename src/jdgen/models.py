"""The schemas: what a role, a checklist and a company file may hold.

Unknown keys are errors everywhere (``extra="forbid"``), so a misspelt key is never silently
ignored.  Field descriptions become the JSON Schema a user's editor uses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from jdgen.names import drop_control_characters, output_slug

Text = Annotated[str, AfterValidator(drop_control_characters),
                 StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Money = Annotated[int, Field(ge=0)]


class Strict(BaseModel):
    # defer_build: a model's validator is built when first used, so a build pays only for the
    # models it validates (a job description needs no kit or checklist models): ~45 ms less
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


def range_error(low_name: str, low: int, high_name: str, high: int) -> PydanticCustomError:
    """An error about an inverted range that points at the ``low_name`` key."""
    return PydanticCustomError(
        "range_inverted",
        "{low_name} ({low}) is greater than {high_name} ({high})",
        {"low_name": low_name, "low": f"{low:,}", "high_name": high_name, "high": f"{high:,}",
         "field": low_name, "hint": f"swap the two values or correct {low_name}"},
    )


# --- roles -----------------------------------------------------------------------------------

WHEN_DESCRIPTION = ("Condition on company facts, as in a checklist, e.g. `multi_channel` or "
                    "`not first_sales_leader and team_size >= 10`.")


class Conditional(Strict):
    """A line of role text shown only where its ``when:`` holds for the company."""

    text: Text
    when: Text | None = Field(default=None, description=WHEN_DESCRIPTION)


#: Tags of the two kinds of :data:`Line`; they appear in validation error locations only.
LINE_TAGS = ("plain-line", "conditional-line")


def _line_kind(value: object) -> str:
    return LINE_TAGS[isinstance(value, dict | Conditional)]


#: A line of role text: plain, or ``{text: ..., when: CONDITION}``.
Line = Annotated[Annotated[Text, Tag(LINE_TAGS[0])] | Annotated[Conditional, Tag(LINE_TAGS[1])],
                 Discriminator(_line_kind)]


class ResponsibilityGroup(Strict):
    area: Text
    items: list[Line] = Field(min_length=1)
    when: Text | None = Field(default=None, description=WHEN_DESCRIPTION)


class Skills(Strict):
    hard: list[Line] = Field(min_length=1)
    soft: list[Line] = Field(min_length=1)


class Experience(Strict):
    years_min: int = Field(ge=0, le=40, description="Typical minimum years of relevant experience.")
    items: list[Line] = Field(min_length=1)


class Kpi(Strict):
    name: Text
    description: Text
    when: Text | None = Field(default=None, description=WHEN_DESCRIPTION)


class CareerPath(Strict):
    from_: list[Text] = Field(alias="from", min_length=1)
    to: list[Text] = Field(min_length=1)


class SourceRef(Strict):
    title: Text
    author: Text | None = None
    year: int = Field(ge=1990, le=2100)
    year_kind: Literal["published", "accessed"] = "published"


class PayBenchmark(Strict):
    currency: Currency = "USD"
    period: Literal["year", "hour"] = "year"
    base_min: Money
    base_max: Money
    total_comp_min: Money | None = None
    total_comp_max: Money | None = None
    source: SourceRef
    note: Text | None = None

    @model_validator(mode="after")
    def _ranges(self) -> PayBenchmark:
        if self.base_min > self.base_max:
            raise range_error("base_min", self.base_min, "base_max", self.base_max)
        if self.total_comp_min and self.total_comp_max and self.total_comp_min > self.total_comp_max:
            raise range_error("total_comp_min", self.total_comp_min,
                              "total_comp_max", self.total_comp_max)
        return self


class Comparison(Strict):
    """How the role differs from its neighbours, one short line per aspect (`jdgen compare`)."""

    scope: Text = Field(description="What part of the business the role covers.")
    focus: Text = Field(description="Strategic or operational, and on what.")
    horizon: Text = Field(description="How far ahead the role plans and is judged.")
    owns: Text = Field(description="The teams and work the role is answerable for.")
    best_for: Text = Field(description="The kind of company or moment the role fits best.")
    wrong_profile_risk: Text | None = Field(
        default=None, description="What goes wrong when someone with the wrong profile holds the "
        "role (a strong operator where strategy is needed, or the reverse), in one or two "
        "sentences; shown in the comparison's last row.")


class Signals(Strict):
    needs_role: list[Text] = Field(min_length=1)
    internal_readiness: list[Text] = Field(min_length=1)


# --- the hiring kit: scorecard, interview guide, reference check (a role's `kit:`) -------------

class Question(Strict):
    """A behavioural question, with what a strong and a weak answer sound like."""

    ask: Text = Field(description="The question, asked about something the candidate did.")
    strong: Text = Field(description="What a strong answer sounds like: concrete, owned, measured.")
    weak: Text = Field(description="What a weak answer sounds like: vague, borrowed, or a warning sign.")


class Competency(Strict):
    """One scorecard competency: what good looks like, the posting's must-haves it assesses,
    and the questions that test it."""

    id: Slug
    name: Text = Field(examples=["Multi-year sales strategy"])
    description: Text = Field(description="What good looks like in this role, in one or two sentences.")
    assesses: list[Text] = Field(
        min_length=1, description="The posting's must-haves this competency assesses: each a word "
        "or phrase of one line of `skills`, `experience` or `qualifications` (case does not "
        "matter). `jdgen lint` reports a must-have that nothing assesses, and a competency none "
        "of whose phrases is in the posting.", examples=[["forecast", "MEDDICC"]])
    questions: list[Question] = Field(min_length=2, max_length=3)


class Outcome(Strict):
    """A result the hire is expected to deliver, measurable, from one of the role's KPIs."""

    id: Slug
    outcome: Text = Field(examples=["A sales plan per channel that the board approves"])
    target: Text = Field(description="How it is measured: a number, a date, a threshold.",
                         examples=["Approved by the board, with a bookings target per channel"])
    by: Text = Field(description="When, counted from the start date.", examples=["Month 6"])
    kpi: Text | None = Field(None, description="The role's KPI (`kpis[].name`) it comes from.")
    when: Text | None = Field(default=None, description=WHEN_DESCRIPTION)


class Exercise(Strict):
    """The exercise of the interview loop: a case presentation for leaders, a role play for
    individual contributors."""

    kind: Literal["case", "role-play"]
    title: Text
    brief: Text = Field(description="The brief the candidate receives, in full.")
    tasks: list[Text] = Field(min_length=1, description="What the candidate prepares and presents.")
    timing: Text = Field(description="Preparation and session time.",
                         examples=["A week to prepare; 30 minutes to present, 30 for questions"])
    competencies: list[Slug] = Field(min_length=1, description="Ids of the competencies it assesses.")
    look_for: list[Text] = Field(min_length=2, description="What the panel listens for.")


Referee = Literal["manager", "peer", "direct report", "customer"]


class ReferenceQuestion(Strict):
    ask: Text
    outcome: Slug = Field(description="The id of the scorecard outcome the answer speaks to.")
    whom: list[Referee] = Field(min_length=1, description="Whom to ask it.")


class Kit(Strict):
    """A role's hiring kit: the scorecard, the interview questions and exercise, the reference
    questions.  The hiring brief, scorecard, interview guide and reference-check guide are made
    from it, with the stages, rating scale and consent wording of ``jdgen/kit/guide.yaml``."""

    mission: Text = Field(description="Why the role exists, in one or two sentences.")
    outcomes: list[Outcome] = Field(min_length=5, max_length=8)
    competencies: list[Competency] = Field(min_length=4, max_length=8)
    exercise: Exercise
    references: list[ReferenceQuestion] = Field(min_length=4)

    @model_validator(mode="after")
    def _ids(self) -> Kit:
        competencies = {c.id for c in self.competencies}
        outcomes = {o.id for o in self.outcomes}
        for i, cid in enumerate(self.exercise.competencies):
            if cid not in competencies:
                raise PydanticCustomError(
                    "unknown_competency", 'exercise assesses unknown competency "{id}"',
                    {"id": cid, "loc": ("exercise", "competencies", i),
                     "hint": f"use one of: {', '.join(sorted(competencies))}"})
        for i, question in enumerate(self.references):
            if question.outcome not in outcomes:
                raise PydanticCustomError(
                    "unknown_outcome", 'reference question ties to unknown outcome "{id}"',
                    {"id": question.outcome, "loc": ("references", i, "outcome"),
                     "hint": f"use one of: {', '.join(sorted(outcomes))}"})
        return self


Tier = Literal["executive", "senior-management", "management", "individual-contributor", "entry"]


class InterviewStage(Strict):
    """One stage of an interview loop."""

    name: Text = Field(examples=["Case presentation"])
    who: Text = Field(description="Who runs it, by function.", examples=["The CEO and two board members"])
    minutes: int = Field(ge=10, le=240)
    purpose: Text
    exercise: bool = Field(False, description="The stage where the role's exercise is presented.")


class ScalePoint(Strict):
    score: int = Field(ge=1, le=4)
    label: Text = Field(examples=["Strong"])
    meaning: Text


class KitGuide(Strict):
    """What every role's kit shares (``jdgen/kit/guide.yaml``): the rating scale, the interview
    stages and the referees by tier, and the reference-check wording."""

    scale: list[ScalePoint] = Field(min_length=4, max_length=4)
    stages: dict[Tier, list[InterviewStage]]
    referees: dict[Tier, list[Referee]]
    consent: Text = Field(description="What the candidate agrees to before any reference is called.")
    reference_intro: Text = Field(description="How the caller opens each reference call.")


class Role(Strict):
    """One role of the library, e.g. ``roles/cso.yaml``."""

    id: Slug
    title: Text
    short_title: Text | None = None
    level: int = Field(ge=1, le=12, description="Position in the sales hierarchy, 1 = top.")
    tier: Tier
    employment_type: Literal["full-time", "part-time", "contract"] = "full-time"
    reports_to: Text
    direct_reports: list[Line] = []
    summary: Text
    pitch: list[Line] = Field(
        default=[], description="Sentences of the posting's opening paragraph, in the second "
        "person, each optionally with `when:`; the summary is used when none applies.")
    responsibilities: list[ResponsibilityGroup] = Field(min_length=1)
    skills: Skills
    experience: Experience
    qualifications: list[Line] = []
    nice_to_have: list[Line] = Field(default=[], description="Welcome but not required.")
    kpis: list[Kpi] = Field(min_length=1)
    career_path: CareerPath
    pay_benchmark: PayBenchmark | None = None
    comparison: Comparison | None = None
    signals: Signals | None = None
    kit: Kit | None = Field(None, description="The hiring kit: scorecard outcomes and "
                            "competencies, interview questions, the exercise, reference questions.")

    @property
    def responsibility_count(self) -> int:
        return sum(len(group.items) for group in self.responsibilities)

    def conditions(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Every ``when:`` of the role, with where it is (``("kpis", 2, "when")``)."""
        def lines(values: list, *loc: str | int) -> Iterator[tuple[tuple[str | int, ...], str]]:
            for i, value in enumerate(values):
                if isinstance(value, Conditional) and value.when is not None:
                    yield (*loc, i, "when"), value.when

        for g, group in enumerate(self.responsibilities):
            if group.when is not None:
                yield ("responsibilities", g, "when"), group.when
            yield from lines(group.items, "responsibilities", g, "items")
        for k, kpi in enumerate(self.kpis):
            if kpi.when is not None:
                yield ("kpis", k, "when"), kpi.when
        yield from lines(self.skills.hard, "skills", "hard")
        yield from lines(self.skills.soft, "skills", "soft")
        yield from lines(self.experience.items, "experience", "items")
        for name in ("direct_reports", "pitch", "qualifications", "nice_to_have"):
            yield from lines(getattr(self, name), name)
        for i, outcome in enumerate(self.kit.outcomes if self.kit else []):
            if outcome.when is not None:
                yield ("kit", "outcomes", i, "when"), outcome.when


# --- checklists ------------------------------------------------------------------------------

Owner = Literal["CEO", "Board", "HR", "Search partner", "Hiring team"]


class Task(Strict):
    id: Slug
    task: Text
    detail: Text | None = None
    owner: Owner
    owner_if_firm: Owner | None = Field(
        default=None, description="Who owns the task instead when a search firm is retained "
        "(`search.use_search_firm`), e.g. `Search partner` for the long list.")
    due_week: int | None = Field(default=None, ge=0, le=104,
                                 description="Weeks after the search kick-off.")
    when: Text | None = Field(default=None, description="Condition on company facts, e.g. "
                              "`internal_candidate` or `multi_channel and headcount >= 200`.")


class Phase(Strict):
    id: Slug
    title: Text
    summary: Text | None = None
    tasks: list[Task] = Field(min_length=1)


class Checklist(Strict):
    """A search checklist, e.g. ``checklists/cso-search.yaml``."""

    id: Slug
    role: Slug
    title: Text
    summary: Text
    phases: list[Phase] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Checklist:
        seen: set[str] = set()
        for p, phase in enumerate(self.phases):
            for t, task in enumerate(phase.tasks):
                if task.id in seen:
                    raise PydanticCustomError(
                        "duplicate_id", 'task id "{id}" is used twice',
                        {"id": task.id, "loc": ("phases", p, "tasks", t, "id"),
                         "hint": "give each task its own id"})
                seen.add(task.id)
        return self

    @property
    def tasks(self) -> list[Task]:
        return [task for phase in self.phases for task in phase.tasks]


# --- companies -------------------------------------------------------------------------------

HEX_COLOUR = r"^#[0-9A-Fa-f]{6}$"
FONT_NAME = r"^[A-Za-z0-9 \-]{1,64}$"


class Place(Strict):
    city: Text | None = None
    region: Text | None = None
    country: Text = Field(description="Country name or ISO 3166 code, e.g. `US`.")

    @property
    def label(self) -> str:
        return ", ".join(part for part in (self.city, self.region, self.country) if part)


class Location(Place):
    remote: bool = Field(default=False, description="Remote within `country` (and `region`).")

    @model_validator(mode="after")
    def _city_unless_remote(self) -> Location:
        if not self.remote and not self.city:
            raise PydanticCustomError(
                "missing_city", "an on-site location needs a city",
                {"hint": "add `city:`, or set `remote: true`"})
        return self

    @property
    def label(self) -> str:
        where = ", ".join(part for part in (self.city, self.region, self.country) if part)
        if self.remote:
            where = ", ".join(part for part in (self.region, self.country) if part)
            return f"Remote ({where})"
        return where


class Contact(Strict):
    name: Text
    title: Text | None = None
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None


class Apply(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    instructions: Text | None = None
    deadline: dt.date | None = Field(None, description="The date applications close, for every "
                                     "role (a role's `postings:` entry may set its own).")
    posted: dt.date | None = Field(None, description="The date postings go live (JSON-LD "
                                   "datePosted); by default the build date.")

    @model_validator(mode="after")
    def _somewhere_to_apply(self) -> Apply:
        if not (self.url or self.email):
            raise PydanticCustomError(
                "no_apply_route", "no way to apply is given",
                {"hint": "add `url:` (an application page) or `email:`"})
        return self


class PayZone(Strict):
    """The base range for one place, where it differs from the role's default range."""

    location: Text = Field(description="Where this range applies, as candidates read it.",
                           examples=["New York, NY"])
    base_min: Money
    base_max: Money

    @model_validator(mode="after")
    def _range(self) -> PayZone:
        if self.base_min > self.base_max:
            raise range_error("base_min", self.base_min, "base_max", self.base_max)
        return self


class Compensation(Strict):
    currency: Currency = "USD"
    period: Literal["year", "hour"] = "year"
    base_min: Money
    base_max: Money
    variable_target: Money | None = Field(
        default=None, description="On-target variable pay (bonus, commission) per period.")
    variable_note: Text | None = None
    equity: Text | None = None
    zones: list[PayZone] = Field(
        default=[], description="Base ranges by location (pay zones), in the same currency and "
        "period; base_min and base_max apply everywhere else.",
        examples=[[{"location": "New York, NY", "base_min": 340000, "base_max": 420000}]])

    @model_validator(mode="after")
    def _range(self) -> Compensation:
        if self.base_min > self.base_max:
            raise range_error("base_min", self.base_min, "base_max", self.base_max)
        return self


WorkModel = Literal["on-site", "hybrid", "remote"]


class Posting(Strict):
    """Details of one role's posting; anything left out comes from the company-wide values."""

    hiring_manager: Contact | None = Field(
        None, description="Who the role reports to and who decides; by default the company-wide "
        "`hiring_manager` for roles that report to them, else none is named.")
    work_model: WorkModel | None = Field(None, description="on-site, hybrid or remote.")
    posted: dt.date | None = Field(None, description="The date the posting goes live "
                                   "(JSON-LD datePosted); by default the build date.")
    deadline: dt.date | None = Field(None, description="The date applications close; by "
                                     "default `apply.deadline`.")
    apply: Apply | None = Field(None, description="Where to apply for this role, if not the "
                                "company's `apply:` (a search firm's address for a confidential search).")

    @model_validator(mode="after")
    def _dates_here(self) -> Posting:
        for key in ("deadline", "posted"):
            if self.apply and getattr(self.apply, key):
                raise PydanticCustomError(
                    "misplaced_date", "a role's {key} goes directly under its postings entry",
                    {"key": key, "loc": ("apply", key),
                     "hint": f"move `{key}:` up one level, beside `apply:`"})
        return self


class SearchTeam(Strict):
    """Who fills each checklist owner's seat in this search; names appear beside the tasks."""

    ceo: Text | None = Field(None, examples=["Dana Whitfield"])
    hr_lead: Text | None = Field(None, description="Runs the search day to day for HR.")
    search_partner: Text | None = Field(None, description="The retained firm's lead partner.",
                                        examples=["Lena Okafor, Halden Partners"])
    board_chair: Text | None = None


class SearchFacts(Strict):
    """Facts about this search that decide which checklist tasks apply."""

    internal_candidate: bool = Field(False, description="An internal leader is being considered.")
    first_sales_leader: bool = Field(False, description="The company has never had one before.")
    use_search_firm: bool = Field(False, description="An executive search firm is retained.")
    confidential: bool = Field(False, description="The search is confidential: postings leave "
                               "out the company's name, logo and people (as `jdgen build --blind`).")
    board_approval: bool = Field(False, description="The board must approve the hire.")
    kickoff: dt.date | None = Field(
        None, description="The search's kick-off date: each task then shows its target date "
        "(kick-off plus its week).", examples=["2026-12-01"])
    team: SearchTeam = Field(SearchTeam(), description="The people behind each owner's "
                             "function, shown with the tasks they own.")

    def flags(self) -> dict[str, bool]:
        """The yes-or-no facts (:data:`SEARCH_FLAGS`) a ``when:`` condition may use."""
        return {name: getattr(self, name) for name in SEARCH_FLAGS}


#: The ``search:`` keys that are yes-or-no facts for ``when:`` conditions (every bool field).
SEARCH_FLAGS = tuple(name for name, spec in SearchFacts.model_fields.items()
                     if spec.annotation is bool)


class Brand(Strict):
    primary_color: Annotated[str, StringConstraints(pattern=HEX_COLOUR)] = Field(
        "#1F4E79", description="Headings, rules and table headers.", examples=["#C2410C"])
    logo: Text | None = Field(None, description="PNG or JPEG, relative to the company file.")
    font: Annotated[str, StringConstraints(pattern=FONT_NAME)] = "Liberation Sans"
    page_size: Literal["A4", "Letter"] = "A4"
    reference_docx: Text | None = Field(
        None, description="A Word file whose styles the DOCX uses (relative to the company file).")


#: The names a checklist ``when:`` condition may use (see :meth:`Company.facts`).
FACT_NAMES = (*SEARCH_FLAGS, "multi_channel", "multi_product", "international",
              "public_company", "headcount", "stage", "product_lines",
              "sells_online", "sells_direct", "sells_through_partners",
              "has_org", "has_cso", "has_cro", "has_vp_sales", "has_sales_managers",
              "team_size", "reports_to_ceo", "manager_hiring")

#: The words in a ``sales_channels`` entry that make it an online, direct or partner channel.
CHANNEL_KINDS = {
    "sells_online": re.compile(r"online|self[- ]?serve|e-?commerce|web ?shop|web store|"
                               r"product[- ]led|in[- ]app|app store|marketplace", re.I),
    "sells_direct": re.compile(r"direct|field|inside sales|enterprise sales|account", re.I),
    "sells_through_partners": re.compile(r"partner|resell|distribut|integrator|\bvars?\b|"
                                         r"agent|wholesale|channel sales", re.I),
}

#: ``reports_to:`` words in an org that name no role of the library.
TOP_TITLES = {"ceo": "Chief Executive Officer", "board": "Board of Directors"}


class OrgSeat(Strict):
    """One sales role in the company's organisation."""

    count: int = Field(1, ge=1, le=100_000, description="How many people hold (or will hold) it.")
    reports_to: Text = Field("ceo", description="A role id of this org, `ceo`, `board` or a title.",
                             examples=["cso", "ceo", "Chief Operating Officer"])
    status: Literal["filled", "hiring", "planned"] = Field(
        "filled", description="In place today, being hired now, or planned for later.")
    title: Text | None = Field(None, description="The title used here, if not the role's own.")
    name: Text | None = Field(
        None, description="The person in this seat (one person, in place): the postings of the "
        "roles that report to it name them as hiring manager.", examples=["Rafael Ortiz"])

    @model_validator(mode="after")
    def _one_person_named(self) -> OrgSeat:
        if self.name and self.count > 1:
            raise PydanticCustomError(
                "name_for_many", "a name is given for a seat {count} people hold",
                {"count": self.count, "field": "name", "hint": "name only a seat one person holds "
                 "(count: 1), or give the hiring manager in `postings: ROLE: hiring_manager:`"})
        if self.name and self.status != "filled":
            raise PydanticCustomError(
                "name_for_vacancy", "a name is given for a seat that is {status}",
                {"status": "being hired" if self.status == "hiring" else "planned", "field": "name",
                 "hint": "remove the name, or set `status: filled` once the person is in place"})
        return self


class LintSettings(Strict):
    disable: list[Slug] = Field(default=[], description="Lint rule ids to switch off.",
                                examples=[["gender-coded", "length"]])


class Revenue(Strict):
    """The company's yearly revenue, for `jdgen advise`."""

    amount: Money | None = Field(None, description="Revenue over the last twelve months, in "
                                 "`currency` (a whole number, e.g. 120000000).",
                                 examples=[120000000])
    currency: Currency = Field("USD", description="ISO 4217 code of `amount`, e.g. USD or EUR.")
    recurring: bool = Field(False, description="Most revenue renews (subscriptions, support or "
                            "usage contracts), so keeping and growing customers matters as much "
                            "as winning them.")


class Expansion(Strict):
    """Where the company plans to grow next, for `jdgen advise`."""

    new_regions: list[Text] = Field(default=[], description="Regions or countries the company "
                                    "plans to enter, one per line.", examples=[["Japan"]])
    new_products: list[Text] = Field(default=[], description="Product lines or markets the "
                                     "company plans to launch into, one per line.",
                                     examples=[["Inspection as a service"]])


class InternalCandidate(Strict):
    """An internal leader considered for the role, and the readiness signals they show."""

    name: Text = Field(description="The person considered.", examples=["Rafael Ortiz"])
    current_role: Text | None = Field(None, description="Their role today: a role id of the "
                                      "library or a title.", examples=["vp-sales"])
    readiness: list[Slug] = Field(
        default=[], description="The readiness signals they show, by id (`jdgen advise` lists "
        "the ids it knows, and which signals are present and which missing).",
        examples=[["several-products", "strategy-reviews"]])


SalesTrend = Literal["growing", "flat", "declining"]


class AdvisorFacts(Strict):
    """Facts `jdgen advise` weighs to recommend a CSO, a VP of Sales or a CRO (with `headcount`,
    `stage`, `sales_channels`, `product_lines`, `markets` and `search.board_approval`); every
    key is optional."""

    revenue: Revenue = Field(Revenue(), description="Yearly revenue, and whether it recurs.")
    verticals: list[Text] = Field(default=[], description="Industries or customer segments "
                                  "sold to with an approach of their own, one per line.",
                                  examples=[["Food and beverage", "Automotive parts"]])
    sales_trend: SalesTrend | None = Field(None, description="Sales over the last year: "
                                           "growing, flat or declining.")
    expansion: Expansion = Field(Expansion(), description="New regions and products planned.")
    one_owner_for_revenue: bool = Field(
        False, description="Marketing, customer success and sales should answer to one leader.")
    internal_candidate: InternalCandidate | None = Field(
        None, description="An internal leader considered for the role (set "
        "`search.internal_candidate: true` too).")


Stage = Literal["bootstrapped", "seed", "series-a", "series-b", "series-c", "series-d",
                "growth", "private-equity", "public"]


class Company(Strict):
    """One company's parameters, e.g. ``companies/acme.yaml``."""

    name: Text = Field(description="The company's name as candidates know it.",
                       examples=["Acme Robotics"])
    slug: Slug | None = Field(
        None, description="Output folder name. If absent, `name` folded to ASCII (Café Müller → "
        "cafe-muller); a name with letters that do not fold (株式会社ロボテック) or over 60 "
        "characters also gets a short hash of the name (company-dd59b9c8).")
    website: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    industry: Text = Field(examples=["Industrial automation software"])
    about: Text = Field(description="One paragraph about the company, shown in every posting.")
    headquarters: Place
    locations: list[Location] = Field(min_length=1, description="Where the role may be based.",
                                      examples=[[{"city": "Austin", "region": "Texas",
                                                  "country": "United States"},
                                                 {"remote": True, "country": "United States"}]])
    headcount: int = Field(ge=1, description="Employees today.", examples=[640])
    stage: Stage
    sales_channels: list[Text] = Field(min_length=1, description="How the company sells.",
                                       examples=[["direct field sales", "partners", "online"]])
    product_lines: int = Field(ge=1, examples=[3])
    markets: list[Text] = Field(min_length=1, examples=[["North America", "Europe"]])
    reports_to: dict[Slug, Text] = Field(
        default_factory=dict, description="Who each role reports to here, by role id (overrides "
        "`org`).")
    org: dict[Slug, OrgSeat] = Field(
        default_factory=dict, description="The sales organisation, by role id: who holds each "
        "role (or is being hired), how many, and whom they report to. Postings take their "
        "reporting line and direct reports from it.",
        examples=[{"cso": {"reports_to": "ceo", "status": "hiring"},
                   "sales-manager": {"count": 3, "reports_to": "vp-sales"}}])
    hiring_manager: Contact
    apply: Apply
    compensation: dict[Slug, Compensation] = Field(
        default_factory=dict, description="Your pay range for each role, by role id. A posting "
        "shows pay only from here: a role without an entry has no pay line.")
    postings: dict[Slug, Posting] = Field(
        default_factory=dict, description="Per-role posting details, by role id: hiring manager, "
        "work model, posting date and application deadline.")
    work_model: WorkModel | None = Field(None, description="on-site, hybrid or remote, for every "
                                         "role (a role's `postings:` entry may set its own).")
    benefits: list[Text] = Field(default=[], description="One line per benefit.")
    requirements: list[Text] = Field(
        default=[], max_length=5, description="Must-haves every posting adds to the role's, in "
        "your words: a language your customers speak, the right to work, travel.",
        examples=[["Fluent German: our customers work in German."]])
    eeo_statement: Text = Field(description="The equal-opportunity statement for every posting.")
    search: SearchFacts = SearchFacts()
    brand: Brand = Brand()
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = Field(
        "en", description="`en-GB` gives British spelling in jdgen's own text; `en-US` US dates.")
    title_suffix: Annotated[str, StringConstraints(max_length=20)] | None = Field(
        None, description='Added to the job title, e.g. "(m/w/d)"; by default set from the '
        'locations\' country (Germany, Austria, Switzerland: "(m/w/d)"); "" for none.')
    lint: LintSettings | None = None
    advisor: AdvisorFacts = Field(AdvisorFacts(), description="Facts `jdgen advise` weighs to "
                                  "recommend a CSO, a VP of Sales or a CRO.")

    @model_validator(mode="after")
    def _candidate_searched(self) -> Company:
        if self.advisor.internal_candidate is not None and not self.search.internal_candidate:
            raise PydanticCustomError(
                "candidate_not_searched", "an internal candidate is named, but "
                "search.internal_candidate is false",
                {"loc": ("advisor", "internal_candidate"), "hint": "set `search: "
                 "internal_candidate: true`, or remove `advisor: internal_candidate:`"})
        return self

    @property
    def output_slug(self) -> str:
        """The folder name of the company's files (see :func:`jdgen.names.output_slug`)."""
        return output_slug(self.name, self.slug)

    def reports_of(self, role_id: str) -> list[str]:
        """The org's role ids that report to ``role_id``, in the order written."""
        return [rid for rid, seat in self.org.items() if seat.reports_to == role_id]

    def team_size(self, role_id: str | None) -> int:
        """How many people the org puts below ``role_id``, at every level."""
        seen: set[str] = set()

        def below(rid: str) -> int:
            total = 0
            for report in self.reports_of(rid):
                if report not in seen:
                    seen.add(report)
                    total += self.org[report].count + below(report)
            return total

        return below(role_id) if role_id else 0

    def facts(self, role_id: str | None = None) -> dict[str, object]:
        """The values of :data:`FACT_NAMES`, which a `when:` condition may use; ``team_size``
        and ``reports_to_ceo`` are about ``role_id`` (0 and false without one)."""
        countries = {place.country for place in self.locations}
        seat = self.org.get(role_id) if role_id else None
        return {
            "has_org": bool(self.org),
            "has_cso": "cso" in self.org,
            "has_cro": "cro" in self.org,
            "has_vp_sales": "vp-sales" in self.org,
            "has_sales_managers": "sales-manager" in self.org,
            "team_size": self.team_size(role_id),
            "reports_to_ceo": bool(seat and seat.reports_to == "ceo"),
            "manager_hiring": bool(seat and seat.reports_to in self.org
                                   and self.org[seat.reports_to].status != "filled"),
            **self.search.flags(),
            "multi_channel": len(self.sales_channels) > 1,
            **{kind: any(words.search(channel) for channel in self.sales_channels)
               for kind, words in CHANNEL_KINDS.items()},
            "multi_product": self.product_lines > 1,
            "international": len(self.markets) > 1 or len(countries) > 1,
            "public_company": self.stage == "public",
            "headcount": self.headcount,
            "stage": self.stage,
            "product_lines": self.product_lines,
        }
