"""The web page: the role library, a role's posting preview with its lint findings, and every
document in every format as a download, over the same library API as the command line.

``gunicorn 'jdgen.web:create_app()'`` serves it in production (set ``JDGEN_TOKEN`` and
``JDGEN_SECRET_KEY``, the same in every worker); ``jdgen serve`` runs it for one person.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections import OrderedDict
from pathlib import Path

from flask import Flask

from jdgen.gate import YAML_LIMIT

#: The largest request body: a company file (at most 1 MiB) as an upload, or base64 in a form.
MAX_CONTENT_LENGTH = 2 * 1024 * 1024


def create_app(workspace: str | Path | None = None, token: str | None = None) -> Flask:
    """The Flask application.

    ``workspace`` (default: ``JDGEN_WORKSPACE``, else none) adds its roles, templates and
    company file; ``token`` (default: ``JDGEN_TOKEN``) makes every request authenticate, with
    ``Authorization: Bearer TOKEN`` or through the login form.  ``JDGEN_HTTPS=1`` (the server
    is behind TLS) sends the session cookie only over HTTPS, and HSTS.
    """
    from jdgen.web import security, views
    from jdgen.workspace import open_workspace

    workspace = workspace if workspace is not None else os.environ.get("JDGEN_WORKSPACE") or None
    token = token if token is not None else os.environ.get("JDGEN_TOKEN") or None
    https = os.environ.get("JDGEN_HTTPS") == "1"
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        # an uploaded company file sent back in a form field, also as multipart (Werkzeug: 500 kB)
        MAX_FORM_MEMORY_SIZE=MAX_CONTENT_LENGTH,
        # the company form has some 300 fields, more with many locations or pay zones
        MAX_FORM_PARTS=5000,
        SECRET_KEY=_secret_key(token),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="jdgen_session",
        SESSION_COOKIE_SECURE=https,
        JDGEN_HTTPS=https,
        JDGEN_WORKSPACE=open_workspace(Path(workspace)) if workspace else None,
        JDGEN_TOKEN=token,
        JDGEN_UPLOAD_LIMIT=YAML_LIMIT,
    )
    app.extensions["jdgen.cache"] = _TemporaryStore()
    security.init_app(app)
    views.init_app(app)
    return app


def _secret_key(token: str | None) -> bytes:
    """What signs the session cookie (CSRF token, login): ``JDGEN_SECRET_KEY``, else one derived
    from the token (so every worker of one server agrees), else a fresh random key."""
    if key := os.environ.get("JDGEN_SECRET_KEY"):
        return key.encode()
    if token:
        return hashlib.sha256(b"jdgen session key\0" + token.encode()).digest()
    return secrets.token_bytes(32)


#: The most bytes of previews a server keeps (some 30–200 kB each): the newest ones.
PREVIEW_STORE_LIMIT = 64 * 1024 * 1024


class _TemporaryStore:
    """The previews the pages made, by key: at most ``limit`` bytes in all, the least recently
    used dropped first, so a client sending form after form cannot fill the server's memory
    (a dropped preview's frame says to reload the page)."""

    def __init__(self, limit: int = PREVIEW_STORE_LIMIT):
        self.limit = limit
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def put(self, key: str, data: bytes) -> None:
        with self._lock:
            if (old := self._items.pop(key, None)) is not None:
                self._size -= len(old)
            self._items[key] = data
            self._size += len(data)
            while self._size > self.limit and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def get(self, key: str) -> bytes | None:
        with self._lock:
            if (data := self._items.get(key)) is not None:
                self._items.move_to_end(key)
            return data

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._size
