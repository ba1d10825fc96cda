"""The path gate and the all-or-nothing writer, one rule at a time."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from jdgen import gate
from jdgen.errors import BuildError, ConfigurationError, InputError, Position
from jdgen.output import remove_stale, write_files
from jdgen.paths import builtin_dir


def message(call, *args, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def test_enclosing_tells_workspace_paths_from_the_users_own(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert gate.enclosing(ws / "company.yaml", [ws]) == (ws,)
    assert gate.enclosing(ws / "sub" / ".." / "x", [ws]) == (ws,)
    assert gate.enclosing(tmp_path / "elsewhere.yaml", [ws]) is None
    assert gate.enclosing(ws / ".." / "escape.yaml", [ws]) is None


def test_read_bytes_anywhere_when_the_user_named_it(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"name: x\n")
    assert gate.read_bytes(path, inside=None, what="file", limit=100) == b"name: x\n"


def test_read_bytes_refuses_exactly_one_byte_over(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 11)
    assert gate.read_bytes(path, inside=[tmp_path], what="file", limit=11) == b"x" * 11
    assert message(gate.read_bytes, path, inside=[tmp_path], what="file", limit=10) == (
        f"{path}: file is larger than 10 bytes (11 bytes) — use a smaller file")


def test_a_socket_is_not_a_file(tmp_path: Path) -> None:
    path = tmp_path / "s.png"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert message(gate.read_bytes, path, inside=[tmp_path], what="logo", limit=10) == (
            f"{path}: logo is a socket, not a regular file — replace it with an ordinary file")
    finally:
        server.close()


def test_the_yaml_position_is_the_one_named(tmp_path: Path) -> None:
    where = Position("company.yaml", 76, 9)
    assert message(gate.checked_file, tmp_path / "nope.png", inside=[tmp_path], where=where,
                   what='logo "nope.png"', limit=10) == (
        'company.yaml:76:9: logo "nope.png" not found — check the path and the spelling')


def test_outside_is_refused_before_anything_is_looked_up(tmp_path: Path) -> None:
    """No probing: a path outside gets the same answer whether or not the file exists."""
    (tmp_path / "ws").mkdir()
    for name in ("exists", "missing"):
        assert message(gate.checked_file, tmp_path / "ws" / ".." / name, inside=[tmp_path / "ws"],
                       what="file", limit=10).endswith(
            "file is outside the workspace — copy it into the workspace")


def test_links_into_the_package_data_are_allowed(tmp_path: Path) -> None:
    link = tmp_path / "base.html"
    link.symlink_to(builtin_dir("templates") / "base.html")
    assert gate.read_bytes(link, inside=[tmp_path], what="template", limit=gate.TEMPLATE_LIMIT)


def test_errors_keep_the_callers_family(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        gate.read_bytes(tmp_path / "x.yaml", inside=None, what="role file", limit=10,
                        error=ConfigurationError)


def test_checked_dir(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert gate.checked_dir(tmp_path, inside=None, what="folder") == tmp_path.resolve()
    assert message(gate.checked_dir, tmp_path / "file", inside=None, what="templates folder") == (
        f"{tmp_path / 'file'}: templates folder is a file, not a folder — name a folder")


def test_files_in_lists_everything_but_does_not_enter_linked_folders(tmp_path: Path) -> None:
    (tmp_path / "t" / "sub").mkdir(parents=True)
    (tmp_path / "t" / "sub" / "a.html").write_text("a")
    os.mkfifo(tmp_path / "t" / "pipe")
    (tmp_path / "t" / "out").symlink_to(tmp_path)
    assert gate.files_in(tmp_path / "t") == [tmp_path / "t" / "pipe", tmp_path / "t" / "sub" / "a.html"]


def test_write_target_refuses_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "out.pdf").symlink_to(tmp_path / "nowhere")
    assert message(gate.write_target, tmp_path / "out.pdf", inside=None).endswith(
        "output file is a symbolic link; jdgen does not write through links "
        "— remove the link and run the command again")
    assert not (tmp_path / "nowhere").exists()


def test_write_target_accepts_folders_not_made_yet(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c.pdf"
    assert gate.write_target(target, inside=[tmp_path]) == target


# --- the writer ------------------------------------------------------------------------------

def test_stale_files_of_a_live_build_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "doc.pdf"
    live = tmp_path / f".doc.pdf.{os.getppid()}.abc_1234.tmp"  # our parent process is alive
    dead = tmp_path / ".doc.pdf.abc_1234.tmp"
    other = tmp_path / ".doc.pdf.notes.txt"
    for path in (live, dead, other):
        path.write_text("x")
    remove_stale(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])


def test_staging_failure_names_the_target_not_the_temp_file(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder should be")
    target = tmp_path / "blocker" / "doc.pdf"
    with pytest.raises(BuildError) as caught:
        write_files({tmp_path / "ok.pdf": b"1", target: b"2"})
    assert str(caught.value).startswith(f"{target}: cannot write: ")
    assert ".tmp" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"], "nothing staged is left"


def test_new_files_are_removed_again_when_a_later_rename_fails(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "old.pdf"
    old.write_bytes(b"earlier")
    replace = os.replace

    def failing(source, target):
        if Path(target) == old and str(source).endswith(".tmp"):
            raise OSError(5, "Input/output error")
        replace(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(BuildError, match=f"^{old}: cannot write: Input/output error"):
        write_files({tmp_path / "new.pdf": b"new", old: b"later"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.pdf"]
    assert old.read_bytes() == b"earlier"
