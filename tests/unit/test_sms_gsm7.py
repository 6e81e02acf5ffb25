"""GSM 7-bit default alphabet and septet packing (3GPP TS 23.038)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appliance.sms import gsm7

# (text, septet values, packed octets). The vectors are python-gsmmodem's
# (faucamp/python-gsmmodem, test/test_pdu.py, TestGsm7), computed by hand from TS 23.038.
VECTORS = [
    ("123", [0x31, 0x32, 0x33], bytes([49, 217, 12])),
    ("12345678", list(b"12345678"), bytes([49, 217, 140, 86, 179, 221, 112])),
    ("123456789", list(b"123456789"), bytes([49, 217, 140, 86, 179, 221, 112, 57])),
    ("Hello World!", [0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x20, 0x57, 0x6F, 0x72, 0x6C, 0x64, 0x21],
     bytes([200, 50, 155, 253, 6, 93, 223, 114, 54, 57, 4])),
    ("[{abc}]~", [0x1B, 0x3C, 0x1B, 0x28, 0x61, 0x62, 0x63, 0x1B, 0x29, 0x1B, 0x3E, 0x1B, 0x3D],
     bytes([27, 222, 6, 21, 22, 143, 55, 169, 141, 111, 211, 3])),
    ("{åΦΓΛΩΠΨΣΘ€}", [27, 40, 15, 18, 19, 20, 21, 22, 23, 24, 25, 27, 101, 27, 41],
     bytes([27, 212, 67, 50, 161, 84, 44, 23, 76, 102, 83, 222, 164, 0])),
    ("a[]{}€", [97, 27, 60, 27, 62, 27, 40, 27, 41, 27, 101],
     bytes([225, 13, 111, 227, 219, 160, 54, 169, 77, 25])),
    # The classic "hellohello" user data of the SMS PDU tutorials (dreamfabric.com "SMS PDU").
    ("hellohello", list(b"hellohello"), bytes.fromhex("E8329BFD4697D9EC37")),
]


@pytest.mark.parametrize("text,septets,packed", VECTORS)
def test_encode_and_pack_match_the_reference(text, septets, packed):
    assert gsm7.encode(text) == septets
    assert gsm7.pack(septets) == packed


@pytest.mark.parametrize("text,septets,packed", VECTORS)
def test_unpack_and_decode_match_the_reference(text, septets, packed):
    assert gsm7.unpack(packed, len(septets)) == septets
    assert gsm7.decode(septets) == text


@pytest.mark.parametrize("char", list("€[]{}~^\\|"))
def test_extension_characters_take_two_septets(char):
    assert gsm7.septet_length(char) == 2
    assert gsm7.encode(char)[0] == gsm7.ESCAPE


def test_characters_outside_the_alphabet_are_named_in_the_error():
    with pytest.raises(ValueError, match="'ç' at position 3"):
        gsm7.encode("Garçon")  # lower-case ç is not in the alphabet (only Ç is)
    assert not gsm7.is_gsm7("😀")
    assert not gsm7.is_gsm7("`")  # the backtick is not in GSM 03.38


def test_unknown_escape_shows_the_basic_character_as_the_spec_says():
    # TS 23.038 6.2.1.1: an undefined extension code is shown as the basic-table character.
    assert gsm7.decode([gsm7.ESCAPE, 0x41]) == "A"


def test_unpack_refuses_more_septets_than_the_octets_hold():
    with pytest.raises(ValueError):
        gsm7.unpack(b"\x31", 2)


GSM7_CHARS = st.sampled_from(sorted(set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà€[]{}~^\\|\f")))


@given(st.text(GSM7_CHARS, max_size=200))
def test_any_gsm7_text_survives_encode_pack_unpack_decode(text):
    septets = gsm7.encode(text)
    assert len(septets) == gsm7.septet_length(text)
    assert gsm7.decode(gsm7.unpack(gsm7.pack(septets), len(septets))) == text
