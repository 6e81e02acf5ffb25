"""The app factory: one Flask app per configuration, with its key, guards and pages."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, redirect, render_template, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from appliance.clock import Clock, SystemClock
from appliance.config import Config
from appliance.phone import pretty
from web import secret_key, security
from web.db import WebContext, close_db
from web.formatting import local_time

IDLE_TIMEOUT = timedelta(minutes=30)


def create_app(config: Config, *, clock: Clock | None = None, idle_timeout: timedelta = IDLE_TIMEOUT,
               setup_code: str | None = None) -> Flask:
    """The admin app for ``config``. ``setup_code`` (random when not given) guards the first-run page."""
    app = Flask(__name__)
    app.secret_key = secret_key.load_or_create(secret_key.key_path_for(config.storage.database))
    app.config.update(
        WTF_CSRF_TIME_LIMIT=None,      # the token lives as long as the session, which times out on its own
        MAX_CONTENT_LENGTH=64 * 1024,  # forms only: nothing here uploads files
    )
    app.extensions["textback"] = WebContext(
        config=config, clock=clock or SystemClock(), idle_timeout=idle_timeout,
        setup_code=setup_code or secrets.token_hex(4),
    )
    security.install(app)
    CSRFProtect(app)
    app.teardown_appcontext(close_db)
    _register_blueprints(app)
    app.register_error_handler(CSRFError, _csrf_refused)
    context = app.extensions["textback"]
    app.add_template_filter(
        lambda stamp: local_time(stamp, config.business.timezone, context.clock.now()), "local")
    app.add_template_filter(pretty, "phone")
    app.add_url_rule("/", "home", lambda: redirect(url_for("inbox.index")))
    return app


def _register_blueprints(app: Flask) -> None:
    from web.audit import bp as audit
    from web.auth import bp as auth
    from web.calendar import bp as calendar
    from web.dashboard import bp as dashboard
    from web.exports import bp as exports
    from web.health import bp as health
    from web.inbox import bp as inbox
    from web.pipeline.views import bp as pipeline
    from web.settings import bp as settings
    from web.setup import bp as setup

    for blueprint in (auth, setup, inbox, health, dashboard, settings, calendar, pipeline, audit, exports):
        app.register_blueprint(blueprint)


def _csrf_refused(error: CSRFError):
    return render_template("error.html", title="This form could not be accepted",
                           detail="It expired or did not come from this site. Go back, reload the page "
                                  "and try again; nothing was changed."), 400
