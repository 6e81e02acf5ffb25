"""Response headers and the session cookie's flags: what a browser must enforce for us."""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface

# No inline script or style at all: every script and stylesheet is a file under /static.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the page itself came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure or super().get_cookie_secure(app)


def add_security_headers(response: Response) -> Response:
    response.headers.update(HEADERS)
    if request.endpoint != "static":
        # Pages show customers' texts: no copy should linger in a shared browser's cache.
        response.headers["Cache-Control"] = "no-store"
    return response


def install(app: Flask) -> None:
    app.session_interface = SessionCookie()
    app.config.update(
        SESSION_COOKIE_NAME="textback_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.after_request(add_security_headers)
