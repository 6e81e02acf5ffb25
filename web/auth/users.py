"""Admin accounts: owner and staff. Every write here runs inside the caller's transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from appliance.clock import iso, parse_iso
from appliance.store.db import insert, one
from web.auth import passwords, policy

ROLES = ("owner", "staff")
_USERNAME = re.compile(r"[A-Za-z0-9._@-]{2,40}")


class UserError(ValueError):
    """A request about accounts that cannot be done, with the reason in plain words."""


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    cell_phone: str | None

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


def _user(row: dict) -> User:
    return User(id=row["id"], username=row["username"], role=row["role"], cell_phone=row["cell_phone"])


def has_owner(db: sqlite_utils.Database) -> bool:
    return one(db, "SELECT 1 AS x FROM web_users WHERE role = 'owner' LIMIT 1") is not None


def get(db: sqlite_utils.Database, user_id: int) -> User | None:
    row = one(db, "SELECT * FROM web_users WHERE id = ?", [user_id])
    return _user(row) if row else None


def all_users(db: sqlite_utils.Database, now: datetime) -> list[dict]:
    rows = list(db.query("SELECT id, username, role, cell_phone, created_at, failed_logins, last_failed_at "
                         "FROM web_users ORDER BY role, username"))
    for row in rows:
        row["locked"] = _gate(row, now).locked
    return rows


def create(db: sqlite_utils.Database, now: datetime, *, username: str, password: str, role: str,
           cell_phone: str | None) -> User:
    username = username.strip()
    if not _USERNAME.fullmatch(username):
        raise UserError("a username is 2 to 40 letters, digits or . _ @ -")
    if role not in ROLES:
        raise UserError(f"the role must be one of: {', '.join(ROLES)}")
    if one(db, "SELECT 1 AS x FROM web_users WHERE username = ?", [username]):
        raise UserError(f"there is already a user called {username}")
    passwords.check_new_password(password, username)
    user_id = insert(db, "web_users", {
        "username": username, "password_hash": passwords.hash_password(password), "role": role,
        "cell_phone": cell_phone, "created_at": iso(now),
    })
    return User(user_id, username, role, cell_phone)


def remove(db: sqlite_utils.Database, user_id: int) -> None:
    user = get(db, user_id)
    if user is None:
        raise UserError("no such user")
    if _is_last_owner(db, user):
        raise UserError("this is the only owner: add another owner before removing this one")
    db.execute("DELETE FROM web_sessions WHERE user_id = ?", [user_id])
    db.execute("DELETE FROM web_users WHERE id = ?", [user_id])


def set_role(db: sqlite_utils.Database, user_id: int, role: str) -> User:
    """Make a user owner or staff; the last owner cannot be made staff (nobody could manage the shop)."""
    user = get(db, user_id)
    if user is None:
        raise UserError("no such user")
    if role not in ROLES:
        raise UserError(f"the role must be one of: {', '.join(ROLES)}")
    if role != "owner" and _is_last_owner(db, user):
        raise UserError("this is the only owner: make someone else an owner first")
    db.execute("UPDATE web_users SET role = ? WHERE id = ?", [role, user_id])
    return User(user.id, user.username, role, user.cell_phone)


def _is_last_owner(db: sqlite_utils.Database, user: User) -> bool:
    return user.is_owner and one(db, "SELECT COUNT(*) AS n FROM web_users WHERE role = 'owner'")["n"] == 1


def unlock(db: sqlite_utils.Database, user_id: int) -> None:
    db.execute("UPDATE web_users SET failed_logins = 0, last_failed_at = NULL WHERE id = ?", [user_id])


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    gate: policy.Gate                # why a login was refused without looking at the password


def attempt_login(db: sqlite_utils.Database, now: datetime, username: str, password: str) -> LoginResult:
    """Check a password, counting bad ones against the account. Call inside a transaction."""
    row = one(db, "SELECT * FROM web_users WHERE username = ?", [username.strip()])
    if row is None:
        passwords.verify(None, password)        # same time as a wrong password
        return LoginResult(None, policy.Gate(allowed=True, locked=False, retry_at=None))
    gate = _gate(row, now)
    if not gate.allowed:
        return LoginResult(None, gate)
    if not passwords.verify(row["password_hash"], password):
        failed = row["failed_logins"] + 1
        db.execute("UPDATE web_users SET failed_logins = ?, last_failed_at = ? WHERE id = ?",
                   [failed, iso(now), row["id"]])
        return LoginResult(None, policy.gate(failed, now, now))
    changes = {"failed_logins": 0, "last_failed_at": None}
    if passwords.needs_rehash(row["password_hash"]):
        changes["password_hash"] = passwords.hash_password(password)
    assignments = ", ".join(f"[{name}] = ?" for name in changes)
    db.execute(f"UPDATE web_users SET {assignments} WHERE id = ?", [*changes.values(), row["id"]])
    return LoginResult(_user(row), policy.Gate(allowed=True, locked=False, retry_at=None))


def _gate(row: dict, now: datetime) -> policy.Gate:
    last = parse_iso(row["last_failed_at"]) if row["last_failed_at"] else None
    return policy.gate(row["failed_logins"], last, now)
