"""The audit log, for owners: who did what, and when, on this admin page.

The log is the events table: every staff action writes a row there with the person's username
(detail.user); logins and logouts carry it as their subject.
"""

from __future__ import annotations

import json

from flask import Blueprint, render_template

from web.auth import owner_required
from web.db import get_db

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")

ROWS_SHOWN = 300
_SIGN_INS = ("login", "login_refused", "logout", "owner_created")

_AUDIT_SQL = f"""
SELECT id, at, kind, subject, detail,
       COALESCE(json_extract(detail, '$.user'), subject) AS actor
FROM events
WHERE json_extract(detail, '$.user') IS NOT NULL
   OR kind IN ({", ".join(f"'{kind}'" for kind in _SIGN_INS)})
ORDER BY id DESC LIMIT ?
"""


@bp.route("/")
@owner_required
def index():
    rows = [{**row, "detail": readable_detail(row["detail"])} for row in get_db().query(_AUDIT_SQL, [ROWS_SHOWN])]
    return render_template("audit/index.html", rows=rows, limit=ROWS_SHOWN)


def readable_detail(detail: str | None) -> str:
    """'old: contacted · new: booked' from the row's JSON; the person is already in its own column."""
    values = json.loads(detail) if detail else {}
    return " · ".join(f"{key.replace('_', ' ')}: {value}" for key, value in values.items()
                      if key != "user" and value not in (None, ""))
