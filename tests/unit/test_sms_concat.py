"""Joining the parts of long messages, with a timeout that delivers what came instead of dropping it."""

from datetime import datetime, timezone

from appliance.sms.concat import Reassembler
from appliance.sms.events import IncomingPart
from appliance.sms.pdu import ConcatInfo

T0 = datetime(2026, 4, 1, 15, 0, tzinfo=timezone.utc)


def part(text: str, seq: int | None = None, total: int = 3, ref: int = 7, sender: str = "+15125550123",
         index: int = 0) -> IncomingPart:
    concat = ConcatInfo(ref=ref, total=total, seq=seq) if seq is not None else None
    return IncomingPart(index=index, storage="SM", sender=sender, text=text, timestamp=T0,
                        concat=concat, raw_pdu="")


def test_a_single_sms_comes_straight_through():
    [message] = Reassembler().add(part("Is this the plumber?"), now=0.0)
    assert message.text == "Is this the plumber?"
    assert message.complete


def test_parts_in_any_order_make_one_message_when_the_last_arrives():
    reassembler = Reassembler(timeout=60)
    assert reassembler.add(part("world", seq=3, index=5), now=0.0) == []
    assert reassembler.add(part("Hello ", seq=1, index=3), now=1.0) == []
    [message] = reassembler.add(part("there ", seq=2, index=4), now=2.0)
    assert message.text == "Hello there world"
    assert [p.index for p in message.parts] == [3, 4, 5]
    assert reassembler.waiting() == 0


def test_messages_from_different_senders_with_the_same_reference_stay_apart():
    reassembler = Reassembler()
    reassembler.add(part("A1", seq=1, total=2, sender="+1"), now=0)
    reassembler.add(part("B1", seq=1, total=2, sender="+2"), now=0)
    [a] = reassembler.add(part("A2", seq=2, total=2, sender="+1"), now=0)
    [b] = reassembler.add(part("B2", seq=2, total=2, sender="+2"), now=0)
    assert (a.text, b.text) == ("A1A2", "B1B2")


def test_a_missing_part_is_delivered_as_is_after_the_timeout():
    reassembler = Reassembler(timeout=120)
    reassembler.add(part("My address is ", seq=1, index=1), now=0.0)
    reassembler.add(part("Call me.", seq=3, index=2), now=5.0)
    assert reassembler.expire(now=119.0) == []
    [message] = reassembler.expire(now=120.0)
    assert message.text == "My address is Call me."
    assert message.missing == (2,)
    assert not message.complete
    assert reassembler.waiting() == 0


def test_a_duplicated_part_is_kept_for_deletion_but_not_repeated_in_the_text():
    reassembler = Reassembler()
    reassembler.add(part("one ", seq=1, total=2, index=1), now=0)
    reassembler.add(part("one ", seq=1, total=2, index=2), now=0)  # the SMSC sent it twice
    [message] = reassembler.add(part("two", seq=2, total=2, index=3), now=0)
    assert message.text == "one two"
    assert sorted(p.index for p in message.parts) == [1, 2, 3]
