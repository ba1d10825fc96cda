"""The download cache: jdgen.web.cache (bytes by key on disk, bounded, made once across threads
and processes) and how the web app keys its downloads (jdgen.web.download_key)."""

from __future__ import annotations

import hashlib
import html
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from flask import Flask

from jdgen import api
from jdgen.errors import ConfigurationError
from jdgen.web import company_form, create_app
from jdgen.web.cache import HEADER, DiskCache, _pack, check_key

ROOT = Path(__file__).resolve().parent.parent
ACME = (ROOT / "companies" / "acme.yaml").read_bytes()
BEARER = {"Authorization": "Bearer s3cret"}


def key(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def counted(calls: list[str], name: str, value: bytes) -> Callable[[], bytes]:
    def make() -> bytes:
        calls.append(name)
        return value
    return make


# --- the cache ----------------------------------------------------------------------------------

def test_a_hit_returns_the_same_bytes_without_making_them(tmp_path: Path) -> None:
    cache, calls = DiskCache(tmp_path, 1024 * 1024), []
    assert cache.get_or_make(key("a"), counted(calls, "a", b"first")) == b"first"
    assert cache.get_or_make(key("a"), counted(calls, "a", b"second")) == b"first"
    assert DiskCache(tmp_path, 1024 * 1024).get(key("a")) == b"first"  # another process's view
    assert calls == ["a"]


@pytest.mark.parametrize("bad", ["", "../etc/passwd", "ABCDEF" * 8, "g" * 64, "a" * 31, "a" * 129,
                                 key("a") + "/x", key("a") + ".lock", "." + key("a"), key("a") + "\n"])
def test_keys_that_are_not_hex_digests_are_refused(tmp_path: Path, bad: str) -> None:
    cache = DiskCache(tmp_path / "cache", 1024)
    for use in (cache.get, lambda k: cache.put(k, b"x"), lambda k: cache.get_or_make(k, bytes)):
        with pytest.raises(ValueError, match="hex digest"):
            use(bad)
    assert list((tmp_path / "cache").iterdir()) == []
    assert check_key(key("a")) == key("a")


def test_the_least_recently_used_entries_are_evicted_to_the_bound(tmp_path: Path) -> None:
    entry = HEADER + 100
    cache = DiskCache(tmp_path, 3 * entry)
    for name in "abc":
        cache.put(key(name), name.encode() * 100)
    assert cache.get(key("a")) == b"a" * 100  # a is now the most recently used
    cache.put(key("d"), b"d" * 100)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        sorted(key(n) for n in "acd")
    assert cache.size() == 3 * entry <= cache.max_bytes
    cache.put(key("e"), b"e" * 100)  # c is the oldest now that a and d were read and written
    assert cache.get(key("c")) is None and cache.size() <= cache.max_bytes
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        sorted(key(n) for n in "ade")


def test_an_entry_larger_than_the_bound_is_served_but_not_kept(tmp_path: Path) -> None:
    cache, calls = DiskCache(tmp_path, HEADER + 10), []
    big = b"x" * 11
    assert cache.get_or_make(key("big"), counted(calls, "big", big)) == big
    assert cache.get_or_make(key("big"), counted(calls, "big", big)) == big
    assert calls == ["big", "big"] and cache.size() == 0
    nothing = DiskCache(tmp_path / "off", 0)  # 0 keeps nothing
    assert nothing.get_or_make(key("a"), lambda: b"a") == b"a" and nothing.size() == 0


def test_a_partial_or_damaged_entry_is_never_served(tmp_path: Path) -> None:
    cache, calls = DiskCache(tmp_path, 1024 * 1024), []
    whole = _pack(b"the whole document")
    # a writer killed before its rename: its temporary file is never read
    (tmp_path / f".{key('a')}.{os.getpid()}.abc123.tmp").write_bytes(whole[:-5])
    assert cache.get(key("a")) is None
    # an entry cut short (or one flipped byte) is removed and made again
    for damaged in (whole[:-5], whole[:-1] + b"X", b"", whole[:HEADER], b"not a cache entry"):
        (tmp_path / key("a")).write_bytes(damaged)
        assert cache.get(key("a")) is None
        assert not (tmp_path / key("a")).exists()
    assert cache.get_or_make(key("a"), counted(calls, "a", b"made again")) == b"made again"
    assert calls == ["a"] and cache.get(key("a")) == b"made again"


def test_what_a_dead_writer_left_is_removed(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, 1024 * 1024)
    dead = multiprocessing.get_context("spawn").Process(target=os.getpid)
    dead.start()
    dead.join()
    left = tmp_path / f".{key('a')}.{dead.pid}.abc123.tmp"
    mine = tmp_path / f".{key('b')}.{os.getpid()}.abc123.tmp"  # another thread's, being written
    left.write_bytes(b"partial")
    mine.write_bytes(b"partial")
    cache.put(key("c"), b"c")
    assert not left.exists() and mine.exists()


def test_a_folder_removed_while_serving_is_made_again(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache", 1024 * 1024)
    cache.put(key("a"), b"a")
    shutil.rmtree(tmp_path / "cache")
    assert cache.get(key("a")) is None
    assert cache.get_or_make(key("a"), lambda: b"again") == b"again"
    assert cache.get(key("a")) == b"again"


def test_a_failing_make_keeps_nothing_and_raises(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, 1024 * 1024)

    def broken() -> bytes:
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError, match="render failed"):
        cache.get_or_make(key("a"), broken)
    assert cache.get_or_make(key("a"), lambda: b"fine") == b"fine"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".evict.lock", key("a")]  # no lock files


def test_threads_asking_for_one_key_make_it_once(tmp_path: Path) -> None:
    cache, calls = DiskCache(tmp_path, 1024 * 1024), []
    start = threading.Barrier(8)
    results: list[bytes] = []

    def make() -> bytes:
        calls.append(threading.get_ident())
        time.sleep(0.2)  # let the other threads reach the lock while this one makes the bytes
        return b"made once"

    def ask() -> None:
        start.wait()
        results.append(cache.get_or_make(key("shared"), make))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and results == [b"made once"] * 8


def _ask_in_a_process(folder: str, count_file: str, start) -> None:
    """One worker process: wait for the others, then ask for the shared key."""
    cache = DiskCache(Path(folder), 1024 * 1024)

    def make() -> bytes:
        with open(count_file, "a") as handle:  # appends from several processes stay whole lines
            handle.write(f"{os.getpid()}\n")
        time.sleep(0.3)  # let the other processes reach the lock meanwhile
        return b"made by one process"

    start.wait()
    data = cache.get_or_make(key("shared"), make)
    with open(f"{count_file}.{os.getpid()}", "wb") as handle:
        handle.write(data)


def test_processes_asking_for_one_key_make_it_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(3)
    folder, count = tmp_path / "cache", tmp_path / "made"
    processes = [context.Process(target=_ask_in_a_process, args=(str(folder), str(count), start))
                 for _ in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0]
    assert len(count.read_text().splitlines()) == 1
    for process in processes:
        assert (tmp_path / f"made.{process.pid}").read_bytes() == b"made by one process"
    assert [p.name for p in folder.iterdir() if p.name.endswith(".lock")] == [".evict.lock"]


def test_the_folder_must_be_the_users_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(ValueError, match="can be written by other users"):
        DiskCache(shared, 1024)
    (tmp_path / "file").write_text("")
    with pytest.raises(OSError):
        DiskCache(tmp_path / "file", 1024)
    made = DiskCache(tmp_path / "new" / "cache", 1024).folder
    assert made.stat().st_mode & 0o777 == 0o700


# --- the web app's downloads --------------------------------------------------------------------

@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """Every call of api.render_documents and api.build_files, in order."""
    calls: list[str] = []
    for name in ("render_documents", "build_files"):
        real = getattr(api, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(api, name, spy)
    return calls


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return create_app(token="s3cret", cache_dir=tmp_path / "cache")


def get(client, url: str):
    reply = client.get(url, headers=BEARER)
    assert reply.status_code == 200, reply.text
    return reply


def post_upload(client, company: bytes, file_name: str, name: str = "acme.yaml"):
    """A download for a company sent as the page's form sends it."""
    form, _ = company_form.build(yaml.safe_load(company), [])
    return client.post("/roles/cso/download", headers=BEARER, data={
        **company_form.submitted(form), "company_name": name, "base": "acme", "file": file_name})


def test_a_second_download_is_served_without_rendering(app: Flask, renders: list[str]) -> None:
    client = app.test_client()
    for url in ("/roles/cso/download/cso-job-description.pdf?company=acme",
                "/roles/cso/download/cso-bundle.zip?company=acme"):
        first = get(client, url)
        assert renders == ["render_documents", "build_files"]
        second = get(client, url)
        assert renders == ["render_documents", "build_files"]
        assert second.data == first.data and second.headers == first.headers
        renders.clear()
    get(client, "/roles/cso/download/cso-job-description.pdf?company=northwind")
    assert renders == ["render_documents", "build_files"]  # another company, another key


def test_a_cached_download_is_what_a_build_writes(app: Flask, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    client = app.test_client()
    url = "/roles/cso/download/cso-job-description.docx?company=acme"
    get(client, url)
    built = api.build("cso", ROOT / "companies" / "acme.yaml", tmp_path / "out", docs="jd", formats=["docx"])
    assert get(client, url).data == built[0].read_bytes()


def test_the_build_time_is_part_of_the_key(app: Flask, renders: list[str], monkeypatch) -> None:
    client = app.test_client()
    url = "/roles/sdr/download/sdr-job-description.md?company=acme"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    get(client, url)
    get(client, url)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225601")  # the files carry the time
    get(client, url)
    assert renders.count("render_documents") == 2


def test_changed_company_bytes_are_a_new_render(app: Flask, renders: list[str]) -> None:
    client = app.test_client()
    edited = ACME.replace(b"name: Acme Robotics", b"name: Acme Cached", 1)
    for company in (ACME, ACME, edited, edited, ACME.replace(b"headcount: 640", b"headcount: 641")):
        reply = post_upload(client, company, "cso-job-description.txt")
        assert reply.status_code == 200, reply.text
    assert renders.count("render_documents") == 3
    assert b"Acme Cached" in post_upload(client, edited, "cso-job-description.txt").data
    renders.clear()
    post_upload(client, ACME, "cso-job-description.txt", name="other.yaml")  # the bundle names it
    assert renders == ["render_documents", "build_files"]


def test_a_bad_company_file_is_still_its_error_page(app: Flask, renders: list[str]) -> None:
    bad = ACME.replace(b"headcount: 640", b"headcount: lots", 1)
    for _ in range(2):  # nothing is cached for it: each request says what is wrong
        reply = post_upload(app.test_client(), bad, "cso-job-description.pdf")
        assert reply.status_code == 400
        assert 'headcount "lots": input should be a valid integer' in html.unescape(reply.text)
    assert renders == ["render_documents"] * 2  # refused at validation: nothing rendered


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    from jdgen.workspace import init_workspace

    init_workspace(tmp_path / "ws")
    return tmp_path / "ws"


def test_a_workspace_template_or_role_change_is_a_new_render(workspace: Path, tmp_path: Path,
                                                               renders: list[str]) -> None:
    client = create_app(workspace=workspace, cache_dir=tmp_path / "cache").test_client()
    role = workspace / "roles" / "vp-sales-emea.yaml"
    template = workspace / "templates" / "job-description.html"

    def eeo(text: str) -> None:
        template.write_text('{% extends "builtin/job-description.html" %}'
                            f"{{% block eeo %}}<p>{text}</p>{{% endblock %}}")

    role.write_text("extends: vp-sales\ntitle: VP of Sales, EMEA\n")
    eeo("Version one")
    url = "/roles/vp-sales-emea/download/vp-sales-emea-job-description.md?company=workspace"
    first = get(client, url).data
    assert first.startswith(b"# VP of Sales, EMEA\n") and b"Version one" in first
    get(client, url)
    assert renders.count("render_documents") == 1

    role.write_text("extends: vp-sales\ntitle: VP of Sales, Europe\n")
    assert get(client, url).data.startswith(b"# VP of Sales, Europe\n")
    get(client, url)
    assert renders.count("render_documents") == 2

    eeo("Version two")
    assert b"Version two" in get(client, url).data
    get(client, url)
    assert renders.count("render_documents") == 3

    (workspace / "company.yaml").write_text(
        (workspace / "company.yaml").read_text().replace("name: ", "name: New ", 1))
    get(client, url)
    assert renders.count("render_documents") == 4


def test_cache_settings(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JDGEN_CACHE_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("JDGEN_CACHE_BYTES", "1000")
    cache = create_app().config["JDGEN_CACHE"]
    assert cache.folder == tmp_path / "from-env" and cache.max_bytes == 1000
    assert create_app(cache_dir=tmp_path / "given", cache_bytes=5).config["JDGEN_CACHE"].max_bytes == 5
    monkeypatch.setenv("JDGEN_CACHE_BYTES", "256MB")
    with pytest.raises(ConfigurationError, match="not a number of bytes"):
        create_app()
    monkeypatch.delenv("JDGEN_CACHE_BYTES")
    (tmp_path / "open").mkdir(mode=0o777)
    (tmp_path / "open").chmod(0o777)
    with pytest.raises(ConfigurationError, match="other users"):
        create_app(cache_dir=tmp_path / "open")


def test_serve_takes_a_cache_folder(monkeypatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jdgen.cli import main

    started = []
    monkeypatch.setattr(Flask, "run", lambda self, **kw: started.append(self.config["JDGEN_CACHE"]))
    monkeypatch.delenv("JDGEN_TOKEN", raising=False)
    assert CliRunner().invoke(main, ["serve", "--cache-dir", str(tmp_path / "c")]).exit_code == 0
    assert started[0].folder == tmp_path / "c"
    (tmp_path / "open").mkdir()
    (tmp_path / "open").chmod(0o777)
    result = CliRunner().invoke(main, ["serve", "--cache-dir", str(tmp_path / "open")])
    assert result.exit_code == 2 and "other users" in result.stderr
