"""SMS-SUBMIT, SMS-DELIVER and SMS-STATUS-REPORT PDUs (3GPP TS 23.040), against published vectors."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appliance.sms import pdu
from appliance.sms.pdu import ConcatInfo, PduError


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# ------------------------------------------------------------------ SMS-SUBMIT

def test_hellohello_submit_matches_the_classic_tutorial_pdu():
    # dreamfabric.com "SMS PDU" tutorial (also in countless modem manuals): "hellohello" to
    # +46708251358, default SMSC, relative validity AA (4 days), no status report.
    # AT+CMGS=23 then 0011000B916407281553F80000AA0AE8329BFD4697D9EC37
    submit = pdu.encode_submit("+46708251358", "hellohello", request_status_report=False,
                               validity=timedelta(days=4))
    assert submit.hex == "0011000B916407281553F80000AA0AE8329BFD4697D9EC37"
    assert submit.tpdu_length == 23


def test_hello_world_submit_matches_python_gsmmodem():
    # python-gsmmodem test_pdu.py: 'Hello World!' to +27820001111, no validity, reference 0.
    submit = pdu.encode_submit("+27820001111", "Hello World!", request_status_report=False, validity=None)
    assert submit.hex == "0001000B917228001011F100000CC8329BFD065DDF72363904"


def test_status_report_request_sets_tp_srr():
    submit = pdu.encode_submit("+15125550123", "hi")
    first_octet = bytes.fromhex(submit.hex)[1]
    assert first_octet & 0x20
    assert pdu.decode_submit(submit.hex).status_report_requested


# python-gsmmodem test_pdu.py, test_encodeSmsSubmit_concatenated: a 3-part GSM-7 message to
# +15125551234, concatenation reference 0. Its first octet 0x45 sets TP-RD (reject duplicates),
# which we do not use, so the comparison starts at TP-MR.
LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua.Ut enim ad minim veniam, quinostrud exercitation ullamco laboris nisi "
    "ut aliquip ex ea commodo consequat.Duis aute irure dolor in reprehenderit in voluptate velit esse "
    "cillum doloe eu fugiat nulla pariatur.Excepteur sint occaecat cupidatat non proident, sunt in culpa "
    "qui officia deserunt mollit anim id est laborum"
)
LOREM_PDUS = [
    "0045000B915121551532F40000A0050003000301986F79B90D4AC3E7F53688FC66BFE5A0799A0E0AB7CB741668FC76CFCB637A995E9783C2E4343C3D4F8FD3EE33A8CC4ED359A079990C22BF41E5747DDE7E9341F4721BFE9683D2EE719A9C26D7DD74509D0E6287C56F791954A683C86FF65B5E06B5C36777181466A7E3F5B0AB4A0795DDE936284C06B5D3EE741B642FBBD3E1360B14AFA7DD",
    "0045000B915121551532F40000A0050003000302DE73BABC4E0695F165F9384D0FD3D36F37A8CE6687DBE337881D16BFE5E939C89D9EA741753A28CC4EC7EB6938A88C0795C3A0F1BBDD7E93DFA0F1DB3D2FC7EB61BA8B584FCF41E13ABD0C4ACBEBF23288FC66BFE5A0B41B242FC3E56574D94D2ECBD37450DA0DB2BFD975383D4C2F83EC65769A0E2ACFE765D038CD66D7DB20F29BFD2E83CA",
    "0045000B915121551532F400008C050003000303EA2073FD9C0ED341EE3A9B1D06C1C3F274985E97BB8AF871194E2FD7E5A079DA4D07BDC7E370791CA683C675789A1CA687E920F7DB0D82CBDF6972D94D6781E675371D947683C675363C0C8AD7D3A0B7D99C1EA7C32072795E96D7DD7450FBCD66A7E9A0B03BDD06A5C9A0F29C0E6287C56F79BD0D",
]


def test_concatenated_submit_matches_python_gsmmodem_from_tp_mr_on():
    ours = pdu.build_submit_pdus("+15125551234", LOREM, concat_ref=0, request_status_report=False,
                                 validity=None)
    assert len(ours) == 3
    for built, reference in zip(ours, LOREM_PDUS, strict=True):
        assert built.hex[:4] == "0041"                     # SMSC field 00; SUBMIT with UDHI
        assert built.hex[4:] == reference[4:]
        assert built.tpdu_length == len(reference) // 2 - 1


def test_concatenated_submit_reference_decodes_back_to_the_text():
    parts = [pdu.decode_submit(hex_pdu) for hex_pdu in LOREM_PDUS]
    assert [part.concat for part in parts] == [ConcatInfo(0, 3, seq) for seq in (1, 2, 3)]
    assert "".join(part.text for part in parts) == LOREM


def test_submit_decodes_ucs2_and_eight_bit_pdus_from_python_gsmmodem():
    ucs2 = pdu.decode_submit("07914346466554F601000B914316565811F9000806304253F68449")
    assert (ucs2.number, ucs2.text) == ("+34616585119", "あ叶葉")
    eight_bit = pdu.decode_submit("0591721891F101000B917228214365F700040C48656C6C6F20776F726C6421")
    assert eight_bit.text == "Hello world!"


def test_user_data_length_longer_than_the_data_is_clipped_not_fatal():
    # python-gsmmodem: "UCS-2 PDU; User data length is invalid in this PDU (too long)".
    submit = pdu.decode_submit("0041010C910661345542F60008A0050003000301306F3044")
    assert submit.text == "はい"
    assert submit.concat == ConcatInfo(ref=0, total=3, seq=1)


@pytest.mark.parametrize("validity,expected", [
    # TS 23.040 9.2.3.12.1 (values checked against python-gsmmodem's table)
    (timedelta(minutes=30), 5), (timedelta(hours=16), 151), (timedelta(days=1), 167),
    (timedelta(days=3), 169), (timedelta(days=4), 170), (timedelta(weeks=5), 197),
])
def test_relative_validity(validity, expected):
    assert pdu.encode_relative_validity(validity) == expected


@pytest.mark.parametrize("number", ["", "+", "12a4", "+1 512 555 0123", "1" * 21, "٣٣٣"])
def test_bad_numbers_are_refused_with_a_clear_error(number):
    with pytest.raises(PduError, match="must be 1-20 digits"):
        pdu.build_submit_pdus(number, "hello")


def test_empty_text_is_refused():
    with pytest.raises(PduError, match="empty"):
        pdu.build_submit_pdus("+15125550123", "")


# ------------------------------------------------------------------ SMS-DELIVER

DELIVER_VECTORS = [
    # dreamfabric.com "SMS PDU" tutorial: "hellohello" from 27838890001 (national number, TON 4)
    # via SMSC +27381000015, stamped 99-03-29 15:16:59 GMT+2.
    ("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37",
     "+27381000015", "27838890001", datetime(1999, 3, 29, 15, 16, 59, tzinfo=tz(2)), "hellohello"),
    # developershome.com SMS tutorial (via python-gsmmodem): GMT+8 timestamp.
    ("07915892000000F0040B915892214365F700007040213252242331493A283D0795C3F33C88FE06C9CB6132885EC6D341EDF27C1E3E97E7207B3A0C0A5241E377BB1D7693E72E",
     "+85290000000", "+85291234567", datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(8)),
     "It is easy to read text messages via AT commands."),
    # python-gsmmodem, captured from a modem: extension characters and an accented letter.
    ("06917228195339040B917228214365F70000313062315352800A800D8A5E98D337A910",
     "+2782913593", "+27821234567", datetime(2013, 3, 26, 13, 35, 25, tzinfo=tz(2)), "@{tést}!"),
    ("06917228195339040B917228214365F700003130805120618005D4F29C2E03",
     "+2782913593", "+27821234567", datetime(2013, 3, 8, 15, 2, 16, tzinfo=tz(2)), "Test2"),
]


@pytest.mark.parametrize("hex_pdu,smsc,sender,timestamp,text", DELIVER_VECTORS)
def test_deliver_vectors(hex_pdu, smsc, sender, timestamp, text):
    message = pdu.decode_deliver(hex_pdu)
    assert (message.smsc, message.sender, message.timestamp, message.text) == (smsc, sender, timestamp, text)
    assert message.concat is None


def test_deliver_with_an_8bit_concatenation_header():
    # python-gsmmodem: an operator's airtime message, UDH 050003C30101 (ref 0xC3, 1 of 1).
    message = pdu.decode_deliver(
        "0591721891F1400781721881F800003160526104848059050003C30101916536FB1DCABEEB2074D85E064941B19CAB06"
        "0319A5C522289C96D3D3ED32286C0FA7D96131BBEC024941B19CAB0603DDD36C36A88C87A7E565D0DB0D82C55EB0DB4B"
        "068BCD5C20")
    assert message.sender == "2781188"
    assert message.text == "Hello!You have R 19.50 FREE airtime available. R 19.50 will expire on 01/07/2013. "
    assert message.concat == ConcatInfo(ref=0xC3, total=1, seq=1)


def test_deliver_with_a_16bit_concatenation_header():
    # IE 0x08 with the python-gsmmodem vector 080401800402 (ref 384, part 2 of 4), GSM-7 text
    # "hi" after a 7-octet UDH (exactly 8 septets, so no fill bits). Built by hand:
    udh = bytes.fromhex("06080401800402")
    body = bytes([0] * 7) + bytes([0x68 | (0x69 << 7) & 0xFF, 0x69 >> 1])  # 'h','i' from septet 8
    tpdu = (bytes.fromhex("44" "0B915121550521F3" "00" "00" "62112671213000") + bytes([10]) + udh + body[7:])
    message = pdu.decode_deliver("00" + tpdu.hex())
    assert message.concat == ConcatInfo(ref=384, total=4, seq=2)
    assert message.text == "hi"


def test_alphanumeric_sender():
    # python-gsmmodem address vector: "FRANCOIS" as an alphanumeric TP-OA (TON 5).
    tpdu = bytes.fromhex("04" "0ED04669D0397C26A7" "0000" "31306231535280" "02" "E834")
    assert pdu.decode_deliver("00" + tpdu.hex()).sender == "FRANCOIS"


def test_a_modem_that_omits_the_smsc_field_is_recognised_by_the_announced_length():
    tpdu = "040B917228214365F700003130805120618005D4F29C2E03"
    message = pdu.decode_deliver(tpdu, tpdu_length=len(tpdu) // 2)
    assert message.text == "Test2"


def test_an_impossible_timestamp_becomes_none_and_keeps_the_text():
    bad = "06917228195339040B917228214365F70000" + "31FF8051206180" + "05D4F29C2E03"
    message = pdu.decode_deliver(bad)
    assert message.timestamp is None
    assert message.text == "Test2"


@pytest.mark.parametrize("bad,complaint", [
    ("zz", "not hexadecimal"),
    ("", "empty"),
    ("00040B917228", "TP-OA"),
    ("06917228195339040B917228214365F7000031308051", "TP-SCTS"),
    ("0001000B917228001011F100000CC8329BFD065DDF72363904", "not an SMS-DELIVER"),
])
def test_undecodable_pdus_say_what_is_wrong(bad, complaint):
    with pytest.raises(PduError, match=complaint):
        pdu.decode_deliver(bad)


# ------------------------------------------------------------------ SMS-STATUS-REPORT

def test_status_report_vector():
    # python-gsmmodem test_pdu.py's SMS-STATUS-REPORT vector: reference 214, delivered.
    report = pdu.decode_status_report("0006D60B911326880736F4111011719551401110117195714000")
    assert report.reference == 214
    assert report.recipient == "+31628870634"
    assert report.status == "delivered"
    assert report.submitted == datetime(2011, 1, 11, 17, 59, 15, tzinfo=tz(1))
    assert report.discharged == datetime(2011, 1, 11, 17, 59, 17, tzinfo=tz(1))


def test_a_semi_invalid_status_report_from_a_zte_modem_still_gives_its_reference():
    # python-gsmmodem: "Semi-invalid status report PDU captured from a ZTE modem".
    report = pdu.decode_received("0297F1061C0F910B487228297020F5317062419272803170624192138000")
    assert isinstance(report, pdu.StatusReport)
    assert report.reference == 28
    assert report.discharged == datetime(2013, 7, 26, 14, 29, 31, tzinfo=tz(2))


@pytest.mark.parametrize("code,status", [
    (0x00, "delivered"), (0x01, "delivered"), (0x20, "pending"), (0x3F, "pending"),
    (0x40, "failed"), (0x46, "failed"), (0x62, "failed"),
])
def test_tp_st_classes(code, status):
    assert pdu.delivery_status(code) == status


def test_status_report_round_trip_with_a_negative_offset():
    when = datetime(2026, 3, 1, 9, 30, 5, tzinfo=tz(-5))
    hex_pdu = pdu.encode_status_report(77, "+15125550123", when, when + timedelta(seconds=4), 0x46)
    report = pdu.decode_received(hex_pdu)
    assert (report.reference, report.status, report.discharged) == (77, "failed", when + timedelta(seconds=4))


@pytest.mark.parametrize("moment,octets", [
    # python-gsmmodem timestamp vectors (TestTimestamp)
    (datetime(2015, 11, 27, 0, 0, 0, tzinfo=tz(0)), "51117200000000"),
    (datetime(2015, 11, 27, 0, 0, 0, tzinfo=tz(2)), "51117200000080"),
    (datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(8)), "70402132522423"),
    (datetime(2007, 4, 12, 23, 25, 42, tzinfo=tz(-8)), "7040213252242B"),
])
def test_timestamps(moment, octets):
    assert pdu.encode_timestamp(moment).hex().upper() == octets
    assert pdu.decode_timestamp(bytes.fromhex(octets)) == moment


# ------------------------------------------------------------------ round trips

TEXT = st.text(st.one_of(st.sampled_from("Hi €[]{}~^\\|\n"), st.characters(codec="utf-8")),
               min_size=1, max_size=500)


@settings(max_examples=150)
@given(TEXT, st.integers(0, 255))
def test_any_text_survives_submit_encoding(text, ref):
    parts = [pdu.decode_submit(p.hex, p.tpdu_length) for p in
             pdu.build_submit_pdus("+15125550123", text, concat_ref=ref)]
    assert "".join(part.text for part in parts) == text
    assert all(part.number == "+15125550123" for part in parts)
    if len(parts) > 1:
        assert [part.concat for part in parts] == [ConcatInfo(ref, len(parts), n + 1) for n in range(len(parts))]
    for built in pdu.build_submit_pdus("+15125550123", text):
        assert built.tpdu_length <= 1 + 1 + 8 + 1 + 1 + 1 + 1 + 140  # header fields + 140 octets of UD


@settings(max_examples=150)
@given(TEXT)
def test_any_text_survives_deliver_encoding(text):
    when = datetime(2026, 5, 4, 3, 2, 1, tzinfo=tz(-7))
    parts = [pdu.decode_deliver(hex_pdu) for hex_pdu in
             pdu.build_deliver_pdus("+15125550123", text, when, smsc="+15555550100")]
    assert "".join(part.text for part in parts) == text
    assert {(part.sender, part.timestamp, part.smsc) for part in parts} == {("+15125550123", when, "+15555550100")}
