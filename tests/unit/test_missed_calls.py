import threading

from appliance.pipeline.missed_calls import EndedCall, handle_ended_call
from appliance.store import consent
from appliance.store.db import connect, transaction


def missed(linkedid, caller="5125550123", **kw):
    return EndedCall(linkedid=linkedid, caller=caller, missed=True, reason="no_answer", source="ami", **kw)


def textbacks(db):
    return list(db.query("SELECT * FROM messages WHERE kind = 'textback'"))


def test_a_missed_call_queues_one_text_naming_the_business(db, config, clock):
    result = handle_ended_call(db, config, missed("100.1"), clock.now())
    assert result.decision.send and result.message_id
    [text] = textbacks(db)
    assert text["phone"] == "+15125550123"
    assert "Lone Star Plumbing" in text["body"] and "Reply STOP to opt out" in text["body"]
    assert text["status"] == "queued"


def test_the_same_call_reported_twice_is_recorded_once(db, config, clock):
    handle_ended_call(db, config, missed("100.1"), clock.now())
    again = handle_ended_call(db, config, EndedCall("100.1", "5125550123", True, "no_answer", "cdr"),
                              clock.now())
    assert again.call_id is None
    assert db["calls"].count == 1 and len(textbacks(db)) == 1


def test_answered_calls_are_recorded_but_not_texted(db, config, clock):
    result = handle_ended_call(db, config, EndedCall("1.1", "5125550123", False, "answered", "ami"), clock.now())
    assert result.call_id and result.message_id is None
    assert textbacks(db) == []


def test_repeat_caller_within_cooldown_gets_one_text(db, config, clock):
    handle_ended_call(db, config, missed("1.1"), clock.now())
    clock.advance(minutes=10)
    second = handle_ended_call(db, config, missed("2.1"), clock.now())
    assert second.decision.reason == "texted recently (cooldown)"
    clock.advance(minutes=31)
    third = handle_ended_call(db, config, missed("3.1"), clock.now())
    assert third.decision.send
    assert len(textbacks(db)) == 2
    assert db["calls"].count == 3


def test_opted_out_caller_is_not_texted(db, config, clock):
    with transaction(db):
        consent.record_consent(db, "+15125550123", "opt_out", "sms:STOP", clock.now())
    assert handle_ended_call(db, config, missed("1.1"), clock.now()).decision.reason == "opted out"


def test_after_hours_uses_the_after_hours_template(db, config, clock):
    clock.advance(hours=10)  # 20:00 in Austin
    handle_ended_call(db, config, missed("1.1"), clock.now())
    assert "closed right now" in textbacks(db)[0]["body"]


def test_two_processes_racing_on_one_number_send_one_text(tmp_path, config, clock):
    path = tmp_path / "textback.db"
    connect(path).conn.close()
    results = []

    def report(linkedid):
        db = connect(path)
        results.append(handle_ended_call(db, config, missed(linkedid), clock.now()))
        db.conn.close()

    threads = [threading.Thread(target=report, args=(f"{i}.1",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db = connect(path)
    assert db["calls"].count == 8
    assert len(textbacks(db)) == 1
    assert sum(1 for r in results if r.decision.send) == 1


def test_a_texted_missed_call_opens_a_lead_in_the_contacted_stage(db, config, clock):
    handle_ended_call(db, config, missed("1.1"), clock.now())
    handle_ended_call(db, config, missed("2.1", caller="5125550100"), clock.now())  # the shop itself
    [lead] = list(db.query("SELECT leads.stage, leads.source, contacts.phone FROM leads "
                           "JOIN contacts ON contacts.id = leads.contact_id"))
    assert lead == {"stage": "contacted", "source": "missed_call", "phone": "+15125550123"}


def test_a_number_blocked_on_the_admin_page_gets_no_text(db, config, clock):
    with transaction(db):
        db.execute("INSERT INTO contacts (phone, created_at, blocked) VALUES ('+15125550123', 'x', 1)")
    result = handle_ended_call(db, config, missed("1.1"), clock.now())
    assert result.decision.reason == "blocked on the admin page" and textbacks(db) == []
