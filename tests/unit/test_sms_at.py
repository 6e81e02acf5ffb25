"""AT response tokenizing and parsing (3GPP TS 27.007 / 27.005), fed raw bytes as modems send them."""

import pytest

from appliance.sms import at
from appliance.sms.at import Line, LineReader, Prompt


def tokens(*chunks: bytes) -> list:
    reader = LineReader()
    result = []
    for chunk in chunks:
        result += reader.feed(chunk)
    return result


def test_echo_response_and_final_result():
    assert tokens(b"AT+CSQ\r\r\n+CSQ: 18,99\r\n\r\nOK\r\n") == [
        Line("AT+CSQ"), Line("+CSQ: 18,99"), Line("OK")]


def test_lines_split_across_reads_are_joined():
    assert tokens(b"\r\n+CM", b"TI: \"SM\"", b",3\r", b"\n") == [Line('+CMTI: "SM",3')]


def test_pdu_lines_are_attached_to_their_header():
    # An answer to AT+CMGR=0 in PDU mode, in the shape 3GPP TS 27.005 3.4.3 gives (PDU shortened).
    raw = b'\r\n+CMGR: 0,,24\r\n0791683108200005F0040D91683117352446F2000810\r\n\r\nOK\r\n'
    assert tokens(raw) == [Line("+CMGR: 0,,24", pdu="0791683108200005F0040D91683117352446F2000810"),
                           Line("OK")]


def test_a_header_directly_followed_by_a_final_result_does_not_swallow_it():
    assert tokens(b"\r\n+CMGR: 0,,24\r\n\r\nERROR\r\n") == [Line("+CMGR: 0,,24"), Line("ERROR")]


@pytest.mark.parametrize("raw", [b"\r\n> ", b"> ", b">", b"\xff\x00junk> "])
def test_the_cmgs_prompt_in_its_variants(raw):
    assert Prompt() in tokens(raw)


def test_garbage_never_raises_and_is_trimmed_from_lines():
    assert tokens(b"\xff\xfe\x00OK\r\n") == [Line("OK")]
    assert tokens(b"\xff\xa1\xfe\r\n\x00\x00\r\n") == []
    assert tokens(bytes(range(256)) * 8 + b"\r\nOK\r\n")[-1] == Line("OK")


def test_an_endless_line_is_dropped_instead_of_growing_forever():
    reader = LineReader()
    reader.feed(b"A" * 100_000)
    assert reader.feed(b"\r\nOK\r\n")[-1] == Line("OK")


@pytest.mark.parametrize("text,ok,kind,code", [
    ("OK", True, "OK", None),
    ("ERROR", False, "ERROR", None),
    ("+CME ERROR: 10", False, "CME", 10),
    ("+CMS ERROR: 38", False, "CMS", 38),
    ("+CMS ERROR:500", False, "CMS", 500),
])
def test_final_results(text, ok, kind, code):
    result = at.parse_final(text)
    assert (result.ok, result.kind, result.code) == (ok, kind, code)


@pytest.mark.parametrize("text", ["+CSQ: 18,99", "OKAY", "+CME ERROR: SIM not inserted", ""])
def test_non_final_lines(text):
    assert at.parse_final(text) is None


@pytest.mark.parametrize("text", [
    '+CMTI: "SM",3', '+CDSI: "SR",0', "+CDS: 25", "RING", "^RSSI: 17", "^MODE: 5,4",
    "RDY", "+CPIN: READY", "SMS Ready", "Call Ready", "+QIND: SMS DONE", "^SIMST: 1",
])
def test_unsolicited_codes(text):
    assert at.is_urc(text)


def test_a_response_is_not_mistaken_for_an_unsolicited_code():
    assert not at.is_urc("+CPIN: READY", expected_prefix="+CPIN:")
    assert not at.is_urc("+CREG: 0,1", expected_prefix="+CREG:")
    assert not at.is_urc("+CSQ: 18,99")


def test_boot_markers():
    assert at.is_boot_marker("RDY") and at.is_boot_marker("SMS Ready")
    assert not at.is_boot_marker('+CMTI: "SM",1')


def test_parsers():
    assert at.parse_storage_index('+CMTI: "ME",12', "+CMTI:") == ("ME", 12)
    assert at.parse_cmgr("+CMGR: 1,,24") == at.StoredHeader(index=None, stat=1, length=24)
    assert at.parse_cmgr('+CMGR: 0,"Bob",24').length == 24
    assert at.parse_cmgl("+CMGL: 3,0,,29") == at.StoredHeader(index=3, stat=0, length=29)
    assert at.parse_cmgs("+CMGS: 212") == 212
    assert at.parse_csq("+CSQ: 18,99") == 18
    assert at.parse_csq("+CSQ: 99,99") is None
    assert at.csq_to_dbm(18) == -77 and at.csq_to_dbm(0) == -113 and at.csq_to_dbm(31) == -51
    assert at.parse_registration("+CREG: 0,5", "+CREG:") == 5
    assert at.parse_registration("+CEREG: 2,1,\"1A2B\",\"01A2B3C4\",7", "+CEREG:") == 1
    assert at.parse_cops('+COPS: 0,0,"T-Mobile",7') == "T-Mobile"
    assert at.parse_cops("+COPS: 0") is None
    assert at.parse_cpms_query('+CPMS: "ME",3,255,"ME",3,255,"SM",0,30') == [
        ("ME", 3, 255), ("ME", 3, 255), ("SM", 0, 30)]
    assert at.parse_csca('+CSCA: "+12063130004",145') == "+12063130004"
    assert at.parse_cpin("+CPIN: SIM PIN") == "SIM PIN"
    assert at.parse_length("+CDS: 25", "+CDS:") == 25
    assert at.model_name(["Manufacturer: huawei", "Model: E173", "Revision: 11"]) == "huawei E173"
    assert at.model_name(["Quectel", "EC25", "Revision: x"]) == "Quectel EC25"


def test_garbled_numbers_raise_value_error_naming_the_field():
    with pytest.raises(ValueError, match="index"):
        at.parse_storage_index('+CMTI: "SM",x', "+CMTI:")


def test_quote_refuses_characters_that_would_break_the_command():
    assert at.quote("1234") == '"1234"'
    with pytest.raises(ValueError):
        at.quote('12"34')
