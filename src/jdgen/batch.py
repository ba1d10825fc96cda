"""Many builds in one command: every role × company file, in worker processes, incrementally.

One job: plan the items (:func:`plan`), run them (:func:`run`: in worker processes that import
WeasyPrint once and build many items, or in this process with ``jobs=1``) and collect what
each did.  Every item is one call of :func:`jdgen.api.run_build`, the one build path; items go
to the workers and come back as plain data.

Incremental: each output folder ``OUT/<company-slug>/`` holds ``.jdgen-build.json``, which maps
each file a batch wrote to the key of everything it was built from (:mod:`jdgen.buildkey`:
jdgen's installation, the build date, the company file and the files it names, the role's and
checklist's files, the workspace's roles, checklists and templates, and the build's options)
and to the SHA-256 of the file as written.  An item whose key is recorded, and whose recorded
files are all there with those hashes, is skipped: nothing is written.

Watching: :func:`dependencies` lists what each item reads, :func:`affected` says which items a
changed file concerns, and :func:`watch_paths` which folders to watch.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jdgen import buildkey, gate
from jdgen.errors import InputError, JdgenError, Position, Problem
from jdgen.names import drop_control_characters
from jdgen.paths import builtin_dir

if TYPE_CHECKING:
    from jdgen.loading import Library

#: The state file of an output folder: each file's input key and content hash.
STATE = ".jdgen-build.json"
STATE_VERSION = 2
#: The largest state file read (one entry per file: a folder of thousands of files fits).
STATE_LIMIT = 16 * 2**20
#: The largest output file an up-to-date check reads to hash (a bundle of every file fits).
OUTPUT_LIMIT = 512 * 2**20


@dataclass(frozen=True)
class Options:
    """What every item of a batch shares: plain data, sent to each worker as it is."""

    out_dir: str
    docs: str = "all"
    formats: tuple[str, ...] = ("pdf", "docx")
    templates: tuple[str, ...] = ()
    roots: tuple[str, ...] = ()  # the library's (a workspace's) roots
    excel: bool = False
    bundle: bool = False
    reference_docx: str | None = None
    blind: bool = False
    strict: bool = False

    def library(self) -> Library:
        from jdgen.loading import Library

        return Library(tuple(map(Path, self.roots)))


@dataclass(frozen=True)
class Item:
    """One build: a role for a company file (as named on the command line)."""

    role: str
    company: str

    def __str__(self) -> str:
        return f"{self.role} for {self.company}"


@dataclass(frozen=True)
class Deps:
    """What an item reads, for watching: files; folders any file of which counts (templates);
    the role and checklist folders, where a file counts when it names one of ``ids`` or, with
    ``ladder``, any file (job titles, reporting lines and advice read every role); ``anything``
    when the item's inputs do not load, so any change may fix them."""

    files: frozenset[Path] = frozenset()
    folders: tuple[Path, ...] = ()
    library_dirs: tuple[Path, ...] = ()
    ids: frozenset[str] = frozenset()
    ladder: bool = False
    anything: bool = False


@dataclass(frozen=True)
class Planned:
    """An item, where its outputs go (None when its company file does not load: the build
    reports why), the key of its inputs (None likewise) and what it reads."""

    item: Item
    folder: Path | None = None
    key: str | None = None
    deps: Deps = field(default_factory=Deps)


@dataclass
class Result:
    """What one item did: ``built`` (the files written, with their SHA-256), ``skipped``
    (up to date) or ``failed`` (``message``, one line per problem, and the exit code)."""

    item: Item
    status: str
    paths: list[str] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    message: str = ""
    exit_code: int = 0
    #: The job description's lint: pay-transparency errors in full, then the summary line.
    lint: list[str] = field(default_factory=list)
    lint_summary: str = ""


@dataclass
class Summary:
    """Every item's result, in the plan's order."""

    results: list[Result]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        """2 when an item failed on bad input, 1 when one failed otherwise, 0 when none did."""
        codes = {r.exit_code for r in self.failed}
        return 2 if 2 in codes else 1 if codes else 0

    def lines(self) -> list[str]:
        head = (f"jdgen: {len(self.results)} item{'s' if len(self.results) != 1 else ''}: "
                f"{self.count('built')} built, {self.count('skipped')} skipped (up to date), "
                f"{self.count('failed')} failed")
        out = [head]
        for result in self.failed:
            out.append(f"failed: {result.item}:")
            out += [f"  {line}" for line in result.message.splitlines()]
        return out


# --- planning ---------------------------------------------------------------------------------

def company_files(patterns: Sequence[str | Path]) -> list[Path]:
    """The company files named: each pattern with ``*``, ``?`` or ``[`` expanded (sorted), in
    the order given, each file once.  A pattern that matches nothing is bad input."""
    found: list[Path] = []
    for pattern in map(str, patterns):
        if glob.has_magic(pattern):
            matches = sorted(glob.glob(pattern))
            if not matches:
                raise InputError(Problem(Position("option --company"),
                                         f'no file matches "{pattern}"',
                                         "check the pattern (quote it, so jdgen expands it)"))
            found += map(Path, matches)
        else:
            found.append(Path(pattern))
    return list(dict.fromkeys(found))


def role_ids(roles: Sequence[str], all_roles: bool, library: Library, docs: str) -> list[str]:
    """The roles named (an unknown one is bad input, as in a single build), or with
    ``all_roles`` every role of the library that has the documents ``docs`` asks for."""
    from jdgen.api import documents_for

    if all_roles:
        chosen = []
        for role_id in sorted(library.role_files):
            try:
                documents_for(role_id, library, docs)
            except InputError:  # lacks the checklist or kit asked for: not one of these roles
                continue
            chosen.append(role_id)
        return chosen
    for role_id in roles:
        library.role_files.get(role_id) or library.role(role_id)  # unknown: the build's message
    return list(dict.fromkeys(roles))


def shard(items: list[Item], spec: str | None) -> list[Item]:
    """``K/N``: every N-th item from the K-th (1-based), so N jobs share a batch."""
    if not spec:
        return items
    try:
        k, n = (int(part) for part in spec.split("/"))
        if not 1 <= k <= n:
            raise ValueError
    except ValueError:
        raise InputError(Problem(Position("option --shard"), f'"{spec}" is not K/N with 1 ≤ K ≤ N',
                                 "give e.g. --shard 3/10 (the third of ten shares)")) from None
    return items[k - 1::n]


def plan(roles: Sequence[str], companies: Sequence[Path], options: Options,
         library: Library | None = None, shard_spec: str | None = None,
         watch: bool = False) -> Plan:
    """Every role × company (company by company), with where each goes, its key and, when
    ``watch``, its reads: each item planned when first asked for (see :class:`Plan`)."""
    library = library or options.library()
    items = shard([Item(role, str(company)) for company in companies for role in roles], shard_spec)
    return Plan(items, options, library, watch)


class Plan(Sequence[Planned]):
    """The items of a batch, each planned (:func:`plan_item`) when first asked for: :func:`run`
    hands the first items to the workers while it plans the rest."""

    def __init__(self, items: Sequence[Item], options: Options, library: Library,
                 watch: bool = False) -> None:
        self.items, self.options, self.library, self.watch = list(items), options, library, watch
        self._planned: dict[int, Planned] = {}

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]
        if index not in self._planned:
            self._planned[index] = plan_item(self.items[index], self.options, self.library,
                                             self.watch)
        return self._planned[index]


def plan_item(item: Item, options: Options, library: Library, watch: bool = False) -> Planned:
    """One item with where its files go and its key, from its inputs as read and parsed (no
    schema: an up-to-date item costs no validation), and, when ``watch``, what it reads.  An
    item whose company file does not parse has no key: its build says what is wrong."""
    try:
        key, slug = item_key(item, options, library.roots)
    except (JdgenError, OSError, ValueError):  # the build says what is wrong
        key, slug = None, None
    folder = Path(options.out_dir) / slug if key and slug else None
    return Planned(item, folder, key, dependencies(item, options, library) if watch else Deps())


def item_key(item: Item, options: Options, roots: Sequence[Path],
             reads: dict[Path, bytes] | None = None) -> tuple[str, str | None]:
    """The SHA-256 of everything the item's files depend on (see :mod:`jdgen.buildkey`), and
    the company's output folder name as its raw YAML gives it; what was read goes into
    ``reads``.  Needs no schema: an up-to-date check does not import pydantic."""
    digest = buildkey.start(buildkey.Digest(b"jdgen build key 2\0"))
    choices = {name: getattr(options, name)
               for name in ("docs", "formats", "excel", "bundle", "blind", "strict")}
    digest.add("role", item.role, "options", json.dumps(choices, sort_keys=True))
    if options.reference_docx:
        path = Path(options.reference_docx)
        digest.add_file("option --reference-docx", path, gate.enclosing(path, roots),
                        gate.DOCX_LIMIT, strict=False)
    templates = [Path(t) for t in options.templates]
    slug = buildkey.add_inputs(digest, item.role, Path(item.company), roots, templates, reads)
    return digest.hexdigest(), slug


# --- incremental state ------------------------------------------------------------------------

def read_state(folder: Path) -> dict[str, dict]:
    """The folder's state: ``files`` (file name → ``{"inputs": key, "sha256": hash}``) and
    ``items`` (key → the item's ``files`` in build order, and its job description's ``lint``
    lines and ``summary``); empty when there is none or it is not valid.

    An output folder may be shared, so the state is data to check, never to follow: it is read
    through the gate (a regular file of bounded size in the folder), and a file name that is not
    a plain name of an output in this folder (``../x``, ``/etc/x``, ``.hidden``) voids it."""
    empty: dict[str, dict] = {"files": {}, "items": {}}
    try:
        data = json.loads(gate.read_bytes(folder / STATE, inside=(folder,), what="build state file",
                                          limit=STATE_LIMIT))
    except (InputError, ValueError, RecursionError):
        return empty
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return empty
    files, items = data.get("files"), data.get("items")
    if not isinstance(files, dict) or not isinstance(items, dict):
        return empty
    state = {
        "files": {name: entry for name, entry in files.items()
                  if isinstance(entry, dict) and isinstance(entry.get("inputs"), str)
                  and isinstance(entry.get("sha256"), str)},
        "items": {key: entry for key, entry in items.items()
                  if isinstance(entry, dict) and isinstance(entry.get("summary"), str)
                  and all(isinstance(entry.get(k), list) and all(isinstance(x, str) for x in entry[k])
                          for k in ("files", "lint"))},
    }
    names = [*state["files"], *(name for item in state["items"].values() for name in item["files"])]
    if not all(_plain_name(name) for name in names):
        return empty
    for item in state["items"].values():  # printed again: no terminal escapes
        item["lint"] = [drop_control_characters(line) for line in item["lint"]]
        item["summary"] = drop_control_characters(item["summary"])
    return state


def _plain_name(name: str) -> bool:
    """An output's own name: no folder, not hidden, nothing a path could be steered with."""
    return (bool(name) and name == os.path.basename(name) and "\\" not in name and "\0" not in name
            and not name.startswith("."))


def up_to_date(planned: Planned) -> Result | None:
    """A ``skipped`` result (the item's files in build order, and its lint as last built) when
    the item's key is recorded and each of its files is there with its recorded hash.  The
    temporary files a killed build left beside them are removed; nothing else is touched."""
    if planned.folder is None or planned.key is None:
        return None
    state = read_state(planned.folder)
    item = state["items"].get(planned.key)
    if item is None or not item["files"]:
        return None
    paths = []
    for name in item["files"]:
        entry, path = state["files"].get(name), planned.folder / name
        if entry is None or entry["inputs"] != planned.key:
            return None
        try:  # a regular file of its own in the folder, as a build writes it
            data = gate.read_bytes(path, inside=(planned.folder,), what="output file",
                                   limit=OUTPUT_LIMIT)
        except InputError:
            return None
        if _sha256(data) != entry["sha256"]:
            return None
        paths.append(str(path))
    from jdgen.output import remove_stale

    for path in paths:  # what a killed build left beside them goes, as a build would remove it
        remove_stale(Path(path))
    return Result(planned.item, "skipped", paths=paths, lint=list(item["lint"]),
                  lint_summary=item["summary"])


def record(planned: Planned, result: Result, inside: Sequence[Path] | None) -> None:
    """Write the item's files, key, hashes and lint into its folder's state file (atomically);
    an item none of whose files is its own any more is dropped."""
    from jdgen.output import write_files

    if planned.key is None or not result.hashes:
        return
    folder = Path(next(iter(result.hashes))).parent  # the company's folder, as validated
    state = read_state(folder)
    files, items = state["files"], state["items"]
    for path, digest in result.hashes.items():
        files[Path(path).name] = {"inputs": planned.key, "sha256": digest}
    items[planned.key] = {"files": [Path(p).name for p in result.hashes],
                          "lint": result.lint, "summary": result.lint_summary}
    current = {entry["inputs"] for entry in files.values()}
    data = json.dumps({"version": STATE_VERSION, "files": dict(sorted(files.items())),
                       "items": {key: item for key, item in sorted(items.items()) if key in current}},
                      indent=1)
    write_files({folder / STATE: data.encode() + b"\n"}, inside=inside, what="build state file")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- running ----------------------------------------------------------------------------------

def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def warm(formats: Sequence[str], cwd: str | None = None,
         environ: dict[str, str] | None = None) -> None:
    """A worker's start: this process's folder and environment (``SOURCE_DATE_EPOCH``…) as the
    batch's now, not as the fork server's when it started; then import the build and the
    exporters (WeasyPrint) once, not per item (already done, where the server preloaded them)."""
    import importlib

    if cwd is not None:
        os.chdir(cwd)
    if environ is not None:
        os.environ.clear()
        os.environ.update(environ)

    for name in worker_modules(formats):
        importlib.import_module(name)


def worker_modules(formats: Sequence[str]) -> list[str]:
    """What a worker imports before its first item: the build, lint and the exporters."""
    from jdgen.export import EXPORTERS

    names = EXPORTERS if list(formats) == ["all"] else [f for f in formats if f in EXPORTERS]
    return ["jdgen.api", "jdgen.lint", *(EXPORTERS[name] for name in names)]


def _context(formats: Sequence[str]):
    """How workers start.  On Linux, forked from a fork server that imported
    :func:`worker_modules` once (WeasyPrint among them), so each worker starts warm at the cost
    of a fork; the server is a fresh single-threaded process, never a fork of this one's
    threads (the progress bar).  Elsewhere each worker is a fresh interpreter (spawn)."""
    import multiprocessing
    import sys

    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(worker_modules(formats))
        return context
    return multiprocessing.get_context("spawn")


#: The role library of the run under way, by workspace roots: every item of one run reads the
#: same roles (a worker process lives for one run; :func:`run` clears it in this process).
_libraries: dict[tuple[str, ...], Library] = {}


def _library(options: Options) -> Library:
    if options.roots not in _libraries:
        _libraries[options.roots] = options.library()
    return _libraries[options.roots]


def build_item(item: dict[str, str], options: dict[str, object]) -> dict[str, object]:
    """Build one item with :func:`jdgen.api.run_build`; plain data in, plain data out (what a
    worker process returns).  Errors become a failed result, never an exception."""
    from jdgen.api import LintFailed, run_build

    job, opts = Item(**item), Options(**options)
    result = Result(job, "failed")
    try:
        built = run_build(job.role, Path(job.company), Path(opts.out_dir), opts.docs,
                          opts.formats, _library(opts), tuple(map(Path, opts.templates)),
                          opts.excel, opts.bundle, opts.reference_docx, opts.blind,
                          strict=opts.strict)
    except LintFailed as exc:
        result.message, result.exit_code = exc.message, exc.exit_code
        lint_lines(result, exc.report)
    except JdgenError as exc:
        result.message, result.exit_code = exc.message, exc.exit_code
    except Exception as exc:  # noqa: BLE001 - one item's bug must not stop the others
        from jdgen import __version__

        detail = str(exc).splitlines()[0] if str(exc) else ""
        result.message = (f"internal error ({type(exc).__name__}{': ' if detail else ''}{detail}) "
                          f"in jdgen {__version__}; please report it (see SECURITY.md)")
        result.exit_code = 1
    else:
        result = built_result(job, built)
    return asdict(result)


def built_result(item: Item, built) -> Result:
    """What a build (:class:`jdgen.api.BuildResult`) did, as an item's result: its files with
    their hashes, and its job description's lint."""
    result = Result(item, "built", [str(p) for p in built.paths],
                    {str(path): digest for path, digest in built.hashes.items()})
    if built.report is not None:
        lint_lines(result, built.report)
    return result


def lint_lines(result: Result, report) -> None:
    """Keep the job description's lint in ``result``: pay-transparency errors in full, the
    summary line."""
    result.lint = [f"{f.where}: {f.severity}[{f.rule}] {f.message}"
                   + (f"; {f.suggestion}" if f.suggestion else "")
                   for f in report.findings
                   if f.category == "pay-transparency" and f.severity == "error"]
    result.lint_summary = report.summary_line()


def _from_plain(data: dict[str, object]) -> Result:
    return Result(**{**data, "item": Item(**data["item"])})  # type: ignore[arg-type]


def run(planned: Sequence[Planned], options: Options, jobs: int = 1, force: bool = False,
        progress: bool = False, report: Callable[[Result], None] = lambda result: None) -> Summary:
    """Build every planned item that is not up to date (all with ``force``): in this process
    with ``jobs=1``, else in up to ``jobs`` worker processes, which start as soon as a second
    item needs building and build while the rest is planned.  ``report`` sees each result as it
    comes; with ``progress``, a bar on standard error counts them."""
    inside = gate.enclosing(Path(options.out_dir), tuple(map(Path, options.roots)))
    _libraries.clear()  # a new run reads the roles afresh (--watch runs again after an edit)
    results: dict[int, Result] = {}
    with _Progress(len(planned), progress) as bar:
        def done(index: int, result: Result) -> None:
            if result.status == "built":
                try:
                    record(planned[index], result, inside)
                except JdgenError as exc:
                    result.status, result.message, result.exit_code = ("failed", exc.message,
                                                                       exc.exit_code)
            results[index] = result
            bar.show(report, result)

        with _Builder(planned, asdict(options), jobs, done) as builder:
            for index in range(len(planned)):
                current = None if force else up_to_date(planned[index])
                if current is None:
                    builder.add(index)
                else:
                    done(index, current)
    return Summary([results[i] for i in range(len(planned))])


class _Builder:
    """Builds the items it is given: in this process with one job (or when only one item needs
    building), else in a pool of worker processes started by the second item."""

    def __init__(self, planned: Sequence[Planned], options: dict[str, object], jobs: int,
                 done: Callable[[int, Result], None]) -> None:
        self.planned, self.options, self.jobs, self.done = planned, options, jobs, done
        self.pending: list[int] = []
        self.pool = None
        self.futures: dict[object, int] = {}

    def add(self, index: int) -> None:
        if self.jobs <= 1:
            self._here(index)
            return
        self.pending.append(index)
        if len(self.pending) > 1 or self.pool is not None:
            self._submit()

    def _here(self, index: int) -> None:
        self.done(index, _from_plain(build_item(asdict(self.planned[index].item), self.options)))

    def _submit(self) -> None:
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(
                self.jobs, mp_context=_context(self.options["formats"]), initializer=warm,
                initargs=(self.options["formats"], os.getcwd(), dict(os.environ)))
        for index in self.pending:
            future = self.pool.submit(build_item, asdict(self.planned[index].item), self.options)
            self.futures[future] = index
        self.pending.clear()

    def __enter__(self) -> _Builder:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None:
            if self.pool is not None:
                self.pool.shutdown(wait=False, cancel_futures=True)
            return
        for index in self.pending:  # the one item that needed building
            self._here(index)
        if self.pool is None:
            return
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        try:
            for future in as_completed(self.futures):
                index = self.futures[future]
                try:
                    result = _from_plain(future.result())
                except BrokenProcessPool:
                    result = Result(self.planned[index].item, "failed", exit_code=1,
                                    message="its worker process ended unexpectedly (out of "
                                            "memory?) — build it again, or with -j 1")
                self.done(index, result)
        except BaseException:
            self.pool.shutdown(wait=False, cancel_futures=True)
            raise
        self.pool.shutdown()


class _Progress:
    """A tqdm bar on standard error, or nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar = None
        if enabled:
            import sys

            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="item", file=sys.stderr, leave=False,
                             dynamic_ncols=True)

    def show(self, report: Callable[[Result], None], result: Result) -> None:
        if self._bar is None:
            report(result)
            return
        with self._bar.external_write_mode():
            report(result)
        self._bar.update()

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()


# --- watching ---------------------------------------------------------------------------------

def dependencies(item: Item, options: Options, library: Library) -> Deps:
    """What the item reads (see :class:`Deps`); any change concerns an item of an unknown role."""
    if item.role not in library.role_files:
        return Deps(anything=True)
    library_dirs = tuple(_resolved(d) for kind in ("roles", "checklists")
                         for d in [*(Path(r) / kind for r in library.roots), builtin_dir(kind)])
    folders = tuple(_resolved(Path(t)) for t in options.templates) + (_resolved(builtin_dir("templates")),)
    company_file = _resolved(Path(item.company))
    files = {company_file}
    if options.reference_docx:
        files.add(_resolved(Path(options.reference_docx)))
    try:
        company, _ = library.company(Path(item.company))
    except (JdgenError, OSError):
        return Deps(frozenset(files), folders, library_dirs, anything=True)
    for name in (company.brand.logo, company.brand.reference_docx):
        if name:
            files.add(_resolved(company_file.parent / name))
    ids = {item.role}
    try:
        sources = [("roles", item.role)]
        if item.role in library.checklist_files:
            sources.append(("checklists", library.checklist_files[item.role]))
        for kind, item_id in sources:
            for file in library.files_read(kind, item_id):
                files.add(_resolved(file))
                ids.add(file.stem)
    except (JdgenError, OSError):
        return Deps(frozenset(files), folders, library_dirs, frozenset(ids), anything=True)
    ladder = bool(company.org) or options.docs in ("all", "kit", "brief")
    return Deps(frozenset(files), folders, library_dirs, frozenset(ids), ladder)


def affected(planned: Iterable[Planned], changed: Iterable[str | Path]) -> list[Planned]:
    """The items a change to any of the ``changed`` files concerns, in plan order."""
    paths = [_resolved(Path(p)) for p in changed]
    return [entry for entry in planned if any(_concerns(entry.deps, path) for path in paths)]


def _concerns(deps: Deps, path: Path) -> bool:
    if deps.anything or path in deps.files:
        return True
    if any(path.is_relative_to(folder) for folder in deps.folders):
        return True
    return (path.parent in deps.library_dirs and path.suffix == ".yaml"
            and (deps.ladder or path.stem in deps.ids))


def watch_paths(planned: Iterable[Planned]) -> list[Path]:
    """The folders to watch, each on its own (not what is below it): each read file's folder,
    the template folders and their subfolders, and the role and checklist folders."""
    folders: set[Path] = set()
    for entry in planned:
        folders |= {f.parent for f in entry.deps.files} | set(entry.deps.library_dirs)
        for top in entry.deps.folders:  # watched one by one: not every folder, recursively
            folders |= {Path(path) for path, _, _ in os.walk(top)}
    return sorted(f for f in folders if f.is_dir())


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def watch(make_plan: Callable[[], list[Planned]], planned: list[Planned], options: Options,
          jobs: int, progress: bool, report: Callable[[Result], None],
          after: Callable[[Summary | None, list[str], str], None]) -> None:
    """Until Ctrl+C: on each change to a file the items read, plan again (``make_plan``) and
    build the items the change concerns (:func:`affected`) that are not up to date.  ``after``
    hears each round: its summary (None when the plan failed), the changed files and an error
    message; an error never stops the watching."""
    try:
        from watchfiles import watch as watch_files
    except ImportError:
        from jdgen.errors import BuildError

        raise BuildError("--watch needs the watchfiles package: pip install watchfiles "
                         "(or reinstall jdgen, which depends on it)") from None
    while True:
        paths = watch_paths(planned)
        restart = False
        for changes in watch_files(*paths, recursive=False, raise_interrupt=False):
            changed = sorted({path for _, path in changes})
            buildkey.installation_fingerprint.cache_clear()  # a built-in template may have changed
            try:
                fresh = make_plan()
            except JdgenError as exc:
                after(None, changed, exc.message)
                continue
            todo = affected(fresh, changed)
            if todo:
                after(run(todo, options, jobs, False, progress, report), changed, "")
            planned = fresh
            if watch_paths(planned) != paths:  # a new folder to watch: start again
                restart = True
                break
        if not restart:
            return
