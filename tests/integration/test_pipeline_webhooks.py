"""Webhooks against a real HTTP server on loopback: signed, retried with backoff, logged."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from appliance.pipeline.webhooks import deliver_due, http_post, queue_event, verify
from appliance.store.db import transaction
from tests.conftest import make_config

SECRET = "a-long-webhook-secret-0123456789"


class Receiver:
    def __init__(self, answers):
        self.answers = list(answers)       # HTTP status to give each request, then 200
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_a_stage_event_is_posted_signed_and_retried_until_accepted(tmp_path, db, clock):
    with Receiver([500, 503]) as receiver:
        config = make_config(tmp_path, webhook={"url": receiver.url, "secret": SECRET})
        with transaction(db):
            delivery_id = queue_event(db, config, clock.now(), "lead.stage_changed", {"lead_id": 7, "stage": "booked"})
        assert deliver_due(db, config, clock.now(), http_post) == 0                        # 500
        assert deliver_due(db, config, clock.now() + timedelta(seconds=29), http_post) == 0   # waits its backoff
        assert deliver_due(db, config, clock.now() + timedelta(seconds=30), http_post) == 0   # 503
        assert deliver_due(db, config, clock.now() + timedelta(seconds=90), http_post) == 1   # 200
    assert len(receiver.requests) == 3
    headers, body = receiver.requests[-1]
    assert verify(SECRET, headers["X-Textback-Timestamp"], body, headers["X-Textback-Signature"])
    assert not verify("another-secret-of-some-length", headers["X-Textback-Timestamp"], body,
                      headers["X-Textback-Signature"])
    assert json.loads(body)["data"] == {"lead_id": 7, "stage": "booked"}
    assert headers["X-Textback-Delivery"] == str(delivery_id)
    log = [row["status_code"] for row in db.query("SELECT status_code FROM webhook_attempts ORDER BY id")]
    assert log == [500, 503, 200]
    assert db["webhook_deliveries"].get(delivery_id)["status"] == "delivered"


def test_a_receiver_that_never_answers_is_given_up_after_the_configured_attempts(tmp_path, db, clock):
    from tests.integration.pipeline_servers import free_port

    config = make_config(tmp_path, webhook={"url": f"http://127.0.0.1:{free_port()}/", "secret": SECRET,
                                            "max_attempts": 2})
    with transaction(db):
        delivery_id = queue_event(db, config, clock.now(), "lead.created", {"lead_id": 1})
    deliver_due(db, config, clock.now(), http_post)
    deliver_due(db, config, clock.now() + timedelta(hours=1), http_post)
    row = db["webhook_deliveries"].get(delivery_id)
    assert row["status"] == "failed" and row["attempts"] == 2
    errors = [r["error"] for r in db.query("SELECT error FROM webhook_attempts")]
    assert len(errors) == 2 and all(e.startswith("no answer") for e in errors)


def test_no_webhook_configured_queues_nothing(db, config, clock):
    with transaction(db):
        assert queue_event(db, config, clock.now(), "lead.created", {"lead_id": 1}) is None
