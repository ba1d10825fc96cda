"""The web page: the role library, a role's posting preview with its lint findings, and every
document in every format as a download, over the same library API as the command line.

``gunicorn 'jdgen.web:create_app()'`` serves it in production (set ``JDGEN_TOKEN`` and
``JDGEN_SECRET_KEY``, the same in every worker); ``jdgen serve`` runs it for one person.
Downloads are kept in an on-disk cache that every worker shares (:mod:`jdgen.web.cache`):
``JDGEN_CACHE_DIR`` (default ``$XDG_CACHE_HOME/jdgen/downloads``, else
``~/.cache/jdgen/downloads``) and ``JDGEN_CACHE_BYTES`` (default 256 MiB; 0 keeps nothing).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from flask import Flask

from jdgen.gate import YAML_LIMIT

#: How many bytes of downloads the cache keeps by default.
CACHE_BYTES = 256 * 1024 * 1024
#: The largest request body: a company file (at most 1 MiB) as an upload, or base64 in a form.
MAX_CONTENT_LENGTH = 2 * 1024 * 1024


def create_app(workspace: str | Path | None = None, token: str | None = None,
               cache_dir: str | Path | None = None, cache_bytes: int | None = None) -> Flask:
    """The Flask application.

    ``workspace`` (default: ``JDGEN_WORKSPACE``, else none) adds its roles, templates and
    company file; ``token`` (default: ``JDGEN_TOKEN``) makes every request authenticate, with
    ``Authorization: Bearer TOKEN`` or through the login form.  ``cache_dir`` (default:
    ``JDGEN_CACHE_DIR``, else :func:`jdgen.web.cache.default_folder`) keeps downloads and
    previews, at most ``cache_bytes`` of them (default: ``JDGEN_CACHE_BYTES``, else 256 MiB).
    ``JDGEN_HTTPS=1`` (the server is behind TLS) sends the session cookie only over HTTPS, and
    HSTS.
    """
    from jdgen.web import advisor_page, compare_page, security, views
    from jdgen.workspace import open_workspace

    workspace = workspace if workspace is not None else os.environ.get("JDGEN_WORKSPACE") or None
    token = token if token is not None else os.environ.get("JDGEN_TOKEN") or None
    https = os.environ.get("JDGEN_HTTPS") == "1"
    cache = _download_cache(cache_dir, cache_bytes)
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
        JDGEN_CACHE=cache,
    )
    security.init_app(app)
    views.init_app(app)
    advisor_page.init_app(app)
    compare_page.init_app(app)
    return app


def _secret_key(token: str | None) -> bytes:
    """What signs the session cookie (CSRF token, login): ``JDGEN_SECRET_KEY``, else one derived
    from the token (so every worker of one server agrees), else a fresh random key."""
    if key := os.environ.get("JDGEN_SECRET_KEY"):
        return key.encode()
    if token:
        return hashlib.sha256(b"jdgen session key\0" + token.encode()).digest()
    return secrets.token_bytes(32)


def _download_cache(folder: str | Path | None, max_bytes: int | None):
    """The downloads' :class:`~jdgen.web.cache.DiskCache`; a folder that is not safe to use,
    or a bound that is not a number of bytes, stops the server with a message."""
    from jdgen.errors import ConfigurationError, Position, Problem
    from jdgen.web.cache import CacheFolderError, DiskCache, default_folder

    folder = folder or os.environ.get("JDGEN_CACHE_DIR") or default_folder()
    if max_bytes is None:
        given = os.environ.get("JDGEN_CACHE_BYTES", "").strip()
        if given and not (given.isascii() and given.isdigit()):
            raise ConfigurationError(Problem(
                Position("JDGEN_CACHE_BYTES"), f'"{given[:40]}" is not a number of bytes',
                "set it to a whole number such as 268435456 (256 MiB), or 0 to keep nothing"))
        max_bytes = int(given) if given else CACHE_BYTES
    try:
        return DiskCache(Path(folder), max_bytes)
    except (CacheFolderError, OSError) as exc:
        raise ConfigurationError(Problem(Position("download cache"), str(exc),
                                         "set JDGEN_CACHE_DIR (or --cache-dir) to a folder of "
                                         "your own")) from None
