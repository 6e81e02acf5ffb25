from appliance.sms.inbox import MISSING_PART, Part, assemble_messages, store_part


def inbound(db):
    return list(db.query("SELECT phone, body FROM messages WHERE direction = 'in' ORDER BY id"))


def test_a_part_read_twice_from_the_sim_is_stored_once(db, clock):
    part = Part("+15125550123", "hello", smsc_time="26/11/26,10:00:00-24")
    assert store_part(db, clock.now(), part)
    assert not store_part(db, clock.now(), part)
    assemble_messages(db, clock.now(), "US")
    assert inbound(db) == [{"phone": "+15125550123", "body": "hello"}]


def test_concatenated_parts_join_in_order_whatever_order_they_arrive(db, clock):
    for seq, body in [(2, "world "), (3, "again"), (1, "hello ")]:
        store_part(db, clock.now(), Part("+15125550123", body, 7, 3, seq, f"t{seq}"))
    assert assemble_messages(db, clock.now(), "US")
    assert inbound(db)[0]["body"] == "hello world again"


def test_an_incomplete_text_waits_then_is_delivered_with_a_marker(db, clock):
    store_part(db, clock.now(), Part("+15125550123", "first half ", 9, 2, 1, "t1"))
    assert assemble_messages(db, clock.now(), "US") == []
    clock.advance(minutes=3)
    assemble_messages(db, clock.now(), "US")
    assert inbound(db)[0]["body"] == "first half " + MISSING_PART


def test_parts_from_two_senders_with_the_same_reference_stay_apart(db, clock):
    for sender in ("+15125550123", "+15125550124"):
        for seq in (1, 2):
            store_part(db, clock.now(), Part(sender, f"{sender[-1]}{seq}", 5, 2, seq, f"{sender}{seq}"))
    assemble_messages(db, clock.now(), "US")
    assert sorted(m["body"] for m in inbound(db)) == ["3132", "4142"]


def test_a_part_of_a_long_text_read_twice_appears_once_in_the_text(db, clock):
    first = Part("+15125550123", "one ", 4, 2, 1, "t1")
    assert store_part(db, clock.now(), first)
    assert not store_part(db, clock.now(), first)  # the SIM still held it after a crash
    store_part(db, clock.now(), Part("+15125550123", "two", 4, 2, 2, "t2"))
    assemble_messages(db, clock.now(), "US")
    assert inbound(db) == [{"phone": "+15125550123", "body": "one two"}]
