"""The schemas: what a role, a checklist and a company file may hold.

Unknown keys are errors everywhere (``extra="forbid"``), so a misspelt key is never silently
ignored.  Field descriptions become the JSON Schema a user's editor uses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

#: Characters XML 1.0 cannot hold, so neither can DOCX nor PDF metadata.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


#: Bidi embeddings and overrides (U+202A–U+202E): they reorder all that follows them, the trick
#: behind ``invoice\u202efdp.exe``; documents keep direction with isolates or ``dir`` instead.
BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")
#: Bidi isolates: an opening one (U+2066–U+2068) and the one that closes it (U+2069).
ISOLATE_OPEN, ISOLATE_CLOSE = "\u2066\u2067\u2068", "\u2069"


def drop_control_characters(value: str) -> str:
    """Remove characters no document format can hold (a BEL from a YAML escape, say) and bidi
    overrides, and close any bidi isolate left open, so a value cannot reorder the text after it."""
    value = BIDI_OVERRIDES.sub("", NOT_XML.sub("", value))
    depth = 0
    for char in value:
        if char in ISOLATE_OPEN:
            depth += 1
        elif char == ISOLATE_CLOSE and depth:
            depth -= 1
    return value + ISOLATE_CLOSE * depth


Text = Annotated[str, AfterValidator(drop_control_characters),
                 StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Money = Annotated[int, Field(ge=0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def range_error(low_name: str, low: int, high_name: str, high: int) -> PydanticCustomError:
    """An error about an inverted range that points at the ``low_name`` key."""
    return PydanticCustomError(
        "range_inverted",
        "{low_name} ({low}) is greater than {high_name} ({high})",
        {"low_name": low_name, "low": f"{low:,}", "high_name": high_name, "high": f"{high:,}",
         "field": low_name, "hint": f"swap the two values or correct {low_name}"},
    )


# --- roles -----------------------------------------------------------------------------------

class ResponsibilityGroup(Strict):
    area: Text
    items: list[Text] = Field(min_length=1)


class Skills(Strict):
    hard: list[Text] = Field(min_length=1)
    soft: list[Text] = Field(min_length=1)


class Experience(Strict):
    years_min: int = Field(ge=0, le=40, description="Typical minimum years of relevant experience.")
    items: list[Text] = Field(min_length=1)


class Kpi(Strict):
    name: Text
    description: Text


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
    scope: Text
    focus: Text
    horizon: Text
    owns: Text
    best_for: Text


class Signals(Strict):
    needs_role: list[Text] = Field(min_length=1)
    internal_readiness: list[Text] = Field(min_length=1)


class Role(Strict):
    """One role of the library, e.g. ``roles/cso.yaml``."""

    id: Slug
    title: Text
    short_title: Text | None = None
    level: int = Field(ge=1, le=12, description="Position in the sales hierarchy, 1 = top.")
    tier: Literal["executive", "senior-management", "management", "individual-contributor", "entry"]
    employment_type: Literal["full-time", "part-time", "contract"] = "full-time"
    reports_to: Text
    direct_reports: list[Text] = []
    summary: Text
    responsibilities: list[ResponsibilityGroup] = Field(min_length=1)
    skills: Skills
    experience: Experience
    qualifications: list[Text] = []
    kpis: list[Kpi] = Field(min_length=1)
    career_path: CareerPath
    pay_benchmark: PayBenchmark | None = None
    comparison: Comparison | None = None
    signals: Signals | None = None

    @property
    def responsibility_count(self) -> int:
        return sum(len(group.items) for group in self.responsibilities)


# --- checklists ------------------------------------------------------------------------------

Owner = Literal["CEO", "Board", "HR", "Search partner", "Hiring team"]


class Task(Strict):
    id: Slug
    task: Text
    detail: Text | None = None
    owner: Owner
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
    deadline: dt.date | None = None

    @model_validator(mode="after")
    def _somewhere_to_apply(self) -> Apply:
        if not (self.url or self.email):
            raise PydanticCustomError(
                "no_apply_route", "no way to apply is given",
                {"hint": "add `url:` (an application page) or `email:`"})
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

    @model_validator(mode="after")
    def _range(self) -> Compensation:
        if self.base_min > self.base_max:
            raise range_error("base_min", self.base_min, "base_max", self.base_max)
        return self


class SearchFacts(Strict):
    """Facts about this search that decide which checklist tasks apply."""

    internal_candidate: bool = Field(False, description="An internal leader is being considered.")
    first_sales_leader: bool = Field(False, description="The company has never had one before.")
    use_search_firm: bool = Field(False, description="An executive search firm is retained.")
    confidential: bool = Field(False, description="The search is confidential.")
    board_approval: bool = Field(False, description="The board must approve the hire.")


class Brand(Strict):
    primary_color: Annotated[str, StringConstraints(pattern=HEX_COLOUR)] = Field(
        "#1F4E79", description="Headings, rules and table headers.", examples=["#C2410C"])
    logo: Text | None = Field(None, description="PNG or JPEG, relative to the company file.")
    font: Annotated[str, StringConstraints(pattern=FONT_NAME)] = "Liberation Sans"
    page_size: Literal["A4", "Letter"] = "A4"
    reference_docx: Text | None = Field(
        None, description="A Word file whose styles the DOCX uses (relative to the company file).")


#: The names a checklist ``when:`` condition may use (see :meth:`Company.facts`).
FACT_NAMES = (*SearchFacts.model_fields, "multi_channel", "multi_product", "international",
              "public_company", "headcount", "stage", "product_lines")

class LintSettings(Strict):
    disable: list[Slug] = Field(default=[], description="Lint rule ids to switch off.",
                                examples=[["gender-coded", "length"]])


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
        default_factory=dict, description="Who each role reports to here, by role id.")
    hiring_manager: Contact
    apply: Apply
    compensation: dict[Slug, Compensation] = Field(
        default_factory=dict, description="Pay for each role, by role id; else the benchmark.")
    benefits: list[Text] = Field(default=[], description="One line per benefit.")
    eeo_statement: Text = Field(description="The equal-opportunity statement for every posting.")
    search: SearchFacts = SearchFacts()
    brand: Brand = Brand()
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    lint: LintSettings | None = None

    @property
    def output_slug(self) -> str:
        """`slug`, else `name` folded to ASCII (Café Müller → cafe-muller).  A name with letters
        that do not fold (株式会社ロボテック, שלום בע״מ), or a long one, also gets 8 hex digits
        of its SHA-256 (company-dd59b9c8), so two such companies never share a folder."""
        import hashlib
        import unicodedata

        if self.slug:
            return self.slug
        name = unicodedata.normalize("NFC", self.name)
        latin = name.translate(str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae",
                                              "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
                                              "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d",
                                              "Ð": "d", "þ": "th", "Þ": "th", "ı": "i"}))

        def fold(text: str) -> str:
            return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

        folded = re.sub(r"[^a-z0-9]+", "-", fold(latin).lower()).strip("-")
        lost = any(c.isalnum() and not fold(c).isalnum() for c in latin)
        short = folded[:60].rstrip("-")
        reserved = re.fullmatch(r"con|prn|aux|nul|com\d|lpt\d", short)  # no such folder on Windows
        if short and short == folded and not (lost or reserved):
            return short
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return f"{short or 'company'}-{digest}"

    def facts(self) -> dict[str, object]:
        """The values of :data:`FACT_NAMES`, which a checklist `when:` condition may use."""
        countries = {place.country for place in self.locations}
        return {
            **self.search.model_dump(),
            "multi_channel": len(self.sales_channels) > 1,
            "multi_product": self.product_lines > 1,
            "international": len(self.markets) > 1 or len(countries) > 1,
            "public_company": self.stage == "public",
            "headcount": self.headcount,
            "stage": self.stage,
            "product_lines": self.product_lines,
        }
