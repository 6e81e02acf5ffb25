"""Email over SMTP against a real aiosmtpd: STARTTLS, SSL, login, retries and refusals."""

from datetime import timedelta

import pytest

from appliance.mail.outbox import enqueue_email, recover_after_restart, send_due_emails
from appliance.mail.smtp import SmtpSettings, smtp_transport
from appliance.store.db import transaction
from tests.integration.pipeline_servers import SmtpServer

SENDER = "textback@lonestar.example"


def queue(db, clock, subject="New lead: Dana", body="Dana needs a water heater."):
    with transaction(db):
        return enqueue_email(db, clock.now(), recipient="owner@lonestar.example", subject=subject, body=body,
                             kind="lead_alert")


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_an_email_reaches_the_server_over_tls_with_login(db, clock, tmp_path, security):
    with SmtpServer(tmp_path, security, username="shop", password="s3cret-pass") as server:
        send = smtp_transport(SmtpSettings("127.0.0.1", server.port, security, "shop", "s3cret-pass", 10),
                              tls=server.client_tls())
        email_id = queue(db, clock)
        assert send_due_emails(db, clock.now(), send, SENDER) == 1
    [received] = server.mailbox.received
    assert received["Subject"] == "New lead: Dana" and received["From"] == SENDER
    assert received["X-Authenticated-As"] == "shop"
    assert "water heater" in received.get_payload()
    row = db["emails"].get(email_id)
    assert row["status"] == "sent" and received["Message-ID"] == row["message_id"]


def test_a_wrong_password_fails_for_good_and_says_which_keys_to_fix(db, clock, tmp_path):
    with SmtpServer(tmp_path, "starttls", username="shop", password="right") as server:
        send = smtp_transport(SmtpSettings("127.0.0.1", server.port, "starttls", "shop", "wrong", 10),
                              tls=server.client_tls())
        email_id = queue(db, clock)
        send_due_emails(db, clock.now(), send, SENDER)
    row = db["emails"].get(email_id)
    assert row["status"] == "failed" and "mail.password" in row["error"]
    assert server.mailbox.received == []


def test_an_untrusted_certificate_is_refused_not_ignored(db, clock, tmp_path):
    with SmtpServer(tmp_path, "ssl") as server:
        send = smtp_transport(SmtpSettings("127.0.0.1", server.port, "ssl", timeout=10))  # system CAs only
        email_id = queue(db, clock)
        send_due_emails(db, clock.now(), send, SENDER)
    row = db["emails"].get(email_id)
    assert row["status"] == "failed" and "not trusted" in row["error"]


def test_a_temporary_refusal_is_retried_later_and_then_delivered_once(db, clock, tmp_path):
    with SmtpServer(tmp_path, "none") as server:
        server.mailbox.refuse_next.append("451 4.3.0 greylisted, try again later")
        send = smtp_transport(SmtpSettings("127.0.0.1", server.port, "none", timeout=10))
        email_id = queue(db, clock)
        assert send_due_emails(db, clock.now(), send, SENDER) == 0
        row = db["emails"].get(email_id)
        assert row["status"] == "queued" and "451" in row["error"]
        assert send_due_emails(db, clock.now() + timedelta(minutes=1), send, SENDER) == 0   # backoff holds
        assert send_due_emails(db, clock.now() + timedelta(minutes=2), send, SENDER) == 1
        assert send_due_emails(db, clock.now() + timedelta(minutes=10), send, SENDER) == 0
    assert len(server.mailbox.received) == 1


def test_a_server_that_is_down_keeps_the_email_queued(db, clock, tmp_path):
    from tests.integration.pipeline_servers import free_port

    send = smtp_transport(SmtpSettings("127.0.0.1", free_port(), "none", timeout=5))
    email_id = queue(db, clock)
    send_due_emails(db, clock.now(), send, SENDER)
    row = db["emails"].get(email_id)
    assert row["status"] == "queued" and "could not talk to" in row["error"]


def test_an_email_cut_off_by_a_crash_is_marked_unconfirmed_not_resent(db, clock):
    email_id = queue(db, clock)
    with transaction(db):
        db.execute("UPDATE emails SET status = 'sending' WHERE id = ?", [email_id])
    assert recover_after_restart(db, clock.now()) == 1
    assert db["emails"].get(email_id)["status"] == "unconfirmed"
