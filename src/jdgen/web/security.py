"""Security for the web page: the token, CSRF on every form, and the response headers."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Flask, Response, abort, current_app, g, redirect, request, session, url_for

#: The page's policy: its own stylesheet and script, the preview in a frame of this site.
PAGE_CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "
            "img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            "base-uri 'none'")
#: A download is never run or shown as a page of this site.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cache-Control": "no-store",
}
#: Pages reachable without the token: the login form and its stylesheet.
OPEN_ENDPOINTS = {"login", "static"}


def init_app(app: Flask) -> None:
    app.before_request(_authenticate)
    app.before_request(_check_csrf)
    app.after_request(_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token


def csrf_token() -> str:
    """This session's CSRF token (made on first use), for a hidden field of every form."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _bearer_ok(token: str) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def logged_in(token: str) -> bool:
    """The login form stored a digest of the token in the (signed) session cookie."""
    stored = session.get("auth", "")
    return isinstance(stored, str) and hmac.compare_digest(stored, token_digest(token))


def token_digest(token: str) -> str:
    return hashlib.sha256(b"jdgen login\0" + token.encode()).hexdigest()


def _authenticate() -> Response | None:
    token = _token()
    g.bearer = False
    if token is None:
        return None
    if _bearer_ok(token):
        g.bearer = True
        return None
    if request.endpoint in OPEN_ENDPOINTS or logged_in(token):
        return None
    if request.method == "GET" and "Authorization" not in request.headers:
        return redirect(url_for("login"), 303)
    abort(401)


def _check_csrf() -> None:
    """Every POST carries the session's token (a bearer request sends no cookie to ride on)."""
    if request.method != "POST" or g.get("bearer"):
        return
    given = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not (given and expected and hmac.compare_digest(given.encode(), expected.encode())):
        abort(400, "the form has expired or did not come from this page — reload the page and try again")


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["JDGEN_HTTPS"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if response.headers.get("Content-Disposition", "").startswith("attachment"):
        response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    else:
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
    return response


def _token() -> str | None:
    return current_app.config["JDGEN_TOKEN"]
