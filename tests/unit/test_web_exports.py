"""The owner downloads leads, appointments and the consent ledger as CSV; each download is audited."""

import csv
import io

from appliance.pipeline import crm
from appliance.store import consent
from appliance.store.db import connect, transaction
from tests.web_support import OWNER, SETUP_CODE, add_user, login
from web.app import create_app

CUSTOMER = "+15125550123"


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_owner_downloads_every_consent_event_and_the_leads_and_the_download_is_audited(config, clock):
    add_user(config, clock.now(), *OWNER, "owner")
    db = connect(config.storage.database)
    with transaction(db):
        crm.open_lead(db, clock.now(), CUSTOMER, "missed_call")
        consent.record_consent(db, CUSTOMER, "opt_out", "sms", clock.now(), "STOP")
        consent.record_consent(db, CUSTOMER, "opt_in", "sms", clock.now(), "START")
    client = create_app(config, clock=clock, setup_code=SETUP_CODE).test_client()
    login(client, *OWNER)

    ledger = client.get("/exports/consent.csv")
    assert ledger.headers["Content-Disposition"] == 'attachment; filename="textback-consent.csv"'
    assert [(row["phone"], row["action"], row["evidence"]) for row in rows(ledger)] == [
        (CUSTOMER, "opt_out", "STOP"), (CUSTOMER, "opt_in", "START")]
    assert [row["phone"] for row in rows(client.get("/exports/leads.csv"))] == [CUSTOMER]
    assert client.get("/exports/anything.csv").status_code == 404
    audited = [(row["kind"], row["subject"]) for row in db.query("SELECT kind, subject FROM events "
                                                                  "WHERE kind = 'export_downloaded'")]
    assert audited == [("export_downloaded", "consent"), ("export_downloaded", "leads")]
    db.conn.close()
