"""Load the web page as a team would: gunicorn with 2 workers on loopback, 20 clients for 60 s.

    python benchmarks/web_load.py [--seconds 60] [--clients 20] [--workers 2]

Needs gunicorn (`pip install '.[web]'`).  Starts `gunicorn -w 2 'jdgen.web:create_app()'` on a
free loopback port (a token, a shared cookie key and a fresh download cache in a temporary
folder), waits until it answers, requests every cached download once so that it is cached,
then runs the clients, each sending one request at a time, drawn from a weighted mix:

- ``home``: the role library, ``/``;
- ``role page``: ``/roles/ID?company=acme|northwind``;
- ``preview``: the live preview, ``POST /roles/ID/preview`` with the company form (the posting
  rendered, linted and its findings marked, answered as JSON);
- ``cached download``: a file already requested (``/roles/ID/download/FILE?company=…``);
- ``uncached download``: the company form with a headcount no request had before
  (``POST /roles/ID/download``), so it is rendered.

Prints, per kind and overall: requests, requests per second, p50/p95/p99 latency in ms and
errors (a status other than 2xx, or no answer within the timeout).  Exits 1 when there is any
error.  The server is always stopped, Ctrl+C included.  No thresholds: read the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "web-load-benchmark"
AUTH = {"Authorization": f"Bearer {TOKEN}"}  # a bearer request needs no CSRF token
COMPANIES = ("acme", "northwind")
ACME = (ROOT / "companies" / "acme.yaml").read_bytes()
ROLES = ("cso", "cro", "vp-sales", "sales-manager", "account-executive", "sdr")
#: Files requested again and again (cached after the warm-up), per role.
CACHED_FILES = ("job-description.pdf", "job-description.docx", "job-description.md")
#: Files made from a new upload each time (never cached).
UNCACHED_FILES = ("job-description.pdf", "job-description.docx", "job-description.html",
                  "job-description.txt")
#: How often each kind is drawn.
WEIGHTS = {"home": 2, "role page": 2, "preview": 2, "cached download": 6, "uncached download": 1}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    #: What a good answer's Content-Disposition starts with (downloads are attachments).
    attachment: bool = False


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if error is not None:
                self.errors.setdefault(kind, []).append(error)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def send(port: int, request: Request, timeout: float) -> str | None:
    """Send one request on a new connection; None when it succeeded, else what went wrong."""
    headers = dict(AUTH)
    if request.body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(request.method, request.path, body=request.body, headers=headers)
        response = connection.getresponse()
        response.read()
        if not 200 <= response.status < 300:
            return f"{response.status} {request.method} {request.path}"
        if request.attachment and not (response.getheader("Content-Disposition") or "").startswith(
                "attachment"):
            return f"not an attachment: {request.path}"
        return None
    except (OSError, http.client.HTTPException) as exc:
        return f"{type(exc).__name__}: {exc} ({request.method} {request.path})"
    finally:
        connection.close()


# --- the mix --------------------------------------------------------------------------------

def role_page_request(rng: random.Random) -> Request:
    return Request("GET", f"/roles/{rng.choice(ROLES)}?company={rng.choice(COMPANIES)}")


def acme_form(**changes: str) -> dict[str, str]:
    """Acme's company file as the role page's form sends it."""
    import yaml

    from jdgen.web import company_form

    form, _ = company_form.build(yaml.safe_load(ACME), [])
    return {**company_form.submitted(form), "company_name": "acme.yaml", "base": "acme", **changes}


ACME_FORM = acme_form()


def preview_request(rng: random.Random) -> Request:
    """The live preview of a role for the company form, as the page's script asks for it."""
    form = urllib.parse.urlencode({**ACME_FORM, "industry": rng.choice(
        ["Industrial automation", "Robotics software", "Factory automation"])})
    return Request("POST", f"/roles/{rng.choice(ROLES)}/preview", form.encode())


def cached_urls() -> list[str]:
    return [f"/roles/{role}/download/{role}-{name}?company={company}"
            for role, company, name in itertools.product(ROLES, COMPANIES, CACHED_FILES)]


def uncached_request(rng: random.Random, counter: Callable[[], int]) -> Request:
    """A download for a company no request sent before: Acme's form with a new headcount."""
    role = rng.choice(ROLES)
    form = urllib.parse.urlencode({**ACME_FORM, "headcount": str(1000 + counter()),
                                   "file": f"{role}-{rng.choice(UNCACHED_FILES)}"})
    return Request("POST", f"/roles/{role}/download", form.encode(), attachment=True)


def make_mix(counter: Callable[[], int]) -> dict[str, Callable[[random.Random], Request]]:
    urls = cached_urls()
    return {
        "home": lambda rng: Request("GET", "/"),
        "role page": role_page_request,
        "preview": preview_request,
        "cached download": lambda rng: Request("GET", rng.choice(urls), attachment=True),
        "uncached download": lambda rng: uncached_request(rng, counter),
    }


# --- the server -----------------------------------------------------------------------------

def start_server(port: int, workers: int, cache: Path, log: Path) -> subprocess.Popen:
    env = dict(os.environ, JDGEN_TOKEN=TOKEN, JDGEN_SECRET_KEY="web-load-benchmark-cookie-key",
               JDGEN_CACHE_DIR=str(cache))
    env.pop("JDGEN_WORKSPACE", None)
    with open(log, "wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--timeout", "120", "jdgen.web:create_app()"],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True)  # its own process group: stopped with its workers


def stop_server(server: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (its process group): TERM, then KILL after 15 s."""
    if server.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=15)


def wait_until_up(server: subprocess.Popen, port: int, log: Path, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        if send(port, Request("GET", "/"), timeout=5) is None:
            return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {limit:.0f} s:\n{log.read_text()[-3000:]}")


# --- the run --------------------------------------------------------------------------------

def warm(port: int, timeout: float) -> None:
    """Request every cached download once, two at a time (one per worker)."""
    urls = iter(cached_urls())
    failures: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                url = next(urls, None)
            if url is None:
                return
            if (error := send(port, Request("GET", url, attachment=True), timeout)) is not None:
                failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit("warming the cache failed:\n" + "\n".join(failures[:10]))


def drive(port: int, clients: int, seconds: float, timeout: float, seed: int) -> tuple[Results, float]:
    results = Results()
    numbers = itertools.count()
    counter_lock = threading.Lock()

    def counter() -> int:
        with counter_lock:
            return next(numbers)

    mix = make_mix(counter)
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    stop = threading.Event()
    start = time.monotonic()
    deadline = start + seconds

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        while not stop.is_set() and time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            request = mix[kind](rng)
            began = time.perf_counter()
            error = send(port, request, timeout)
            results.add(kind, time.perf_counter() - began, error)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        stop.set()  # each client finishes its request (bounded by the timeout), then stops
        for thread in threads:
            thread.join(timeout + 1)
        raise
    return results, time.monotonic() - start


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile of ``values`` (sorted)."""
    return values[max(0, math.ceil(q * len(values)) - 1)]


def report(results: Results, elapsed: float) -> int:
    rows = [(kind, sorted(results.latencies.get(kind, []))) for kind in WEIGHTS]
    rows.append(("all", sorted(t for _, times in rows for t in times)))
    print(f"{'kind':<18} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>6}")
    total_errors = sum(len(e) for e in results.errors.values())
    for kind, times in rows:
        errors = total_errors if kind == "all" else len(results.errors.get(kind, []))
        if not times:
            print(f"{kind:<18} {0:>8} {0:>7.1f} {'-':>8} {'-':>8} {'-':>8} {errors:>6}")
            continue
        p50, p95, p99 = (percentile(times, q) * 1000 for q in (0.50, 0.95, 0.99))
        print(f"{kind:<18} {len(times):>8} {len(times) / elapsed:>7.1f} {p50:>8.1f} {p95:>8.1f} "
              f"{p99:>8.1f} {errors:>6}")
    for kind, errors in results.errors.items():
        for error in errors[:5]:
            print(f"error ({kind}): {error}", file=sys.stderr)
    return total_errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients run (60)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (2)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds one request may take (60)")
    parser.add_argument("--seed", type=int, default=1, help="the clients' random seed (1)")
    args = parser.parse_args()
    if not _importable("gunicorn"):
        raise SystemExit("gunicorn is not installed: pip install '.[web]'")

    folder = Path(tempfile.mkdtemp(prefix="jdgen-web-load-"))
    port, log = free_port(), folder / "gunicorn.log"
    try:
        server = start_server(port, args.workers, folder / "cache", log)
        try:
            wait_until_up(server, port, log)
            began = time.perf_counter()
            warm(port, args.timeout)
            print(f"gunicorn -w {args.workers} on 127.0.0.1:{port}; {len(cached_urls())} downloads "
                  f"cached in {time.perf_counter() - began:.1f} s; {args.clients} clients for "
                  f"{args.seconds:g} s")
            results, elapsed = drive(port, args.clients, args.seconds, args.timeout, args.seed)
        finally:
            stop_server(server)
        errors = report(results, elapsed)
        entries = [p for p in (folder / "cache").iterdir() if not p.name.startswith(".")]
        print(f"{elapsed:.1f} s; download cache: {len(entries)} files, "
              f"{sum(p.stat().st_size for p in entries) / 1024 / 1024:.1f} MiB")
    except KeyboardInterrupt:
        print("interrupted; the server was stopped", file=sys.stderr)
        sys.exit(130)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if errors else 0)


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    main()
