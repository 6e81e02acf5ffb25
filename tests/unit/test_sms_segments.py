"""Splitting text into SMS parts, and the segment counter the admin page shows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appliance.sms.segments import PART_LIMIT, SINGLE_LIMIT, SegmentInfo, count_parts, split_text, units_of

# Limits from 3GPP TS 23.040 (140 octets of user data; a 6-octet concatenation header).
CASES = [
    ("", SegmentInfo("GSM-7", 0, 0, 160)),
    ("a" * 160, SegmentInfo("GSM-7", 1, 160, 160)),
    ("a" * 161, SegmentInfo("GSM-7", 2, 161, 153)),
    ("a" * 306, SegmentInfo("GSM-7", 2, 306, 153)),
    ("a" * 307, SegmentInfo("GSM-7", 3, 307, 153)),
    ("€" * 80, SegmentInfo("GSM-7", 1, 160, 160)),          # 80 two-septet characters fill one SMS
    ("€" * 81, SegmentInfo("GSM-7", 2, 162, 153)),
    ("é" * 70, SegmentInfo("GSM-7", 1, 70, 160)),           # é is in the GSM alphabet
    ("ç" * 70, SegmentInfo("UCS-2", 1, 70, 70)),            # ç is not
    ("ç" * 71, SegmentInfo("UCS-2", 2, 71, 67)),
    ("😀" * 35, SegmentInfo("UCS-2", 1, 70, 70)),           # emoji are two UTF-16 units
    ("😀" * 36, SegmentInfo("UCS-2", 2, 72, 67)),
    ("Call me back 😀", SegmentInfo("UCS-2", 1, 15, 70)),  # one emoji turns the whole text UCS-2
]


@pytest.mark.parametrize("text,expected", CASES)
def test_count_parts(text, expected):
    assert count_parts(text) == expected


def test_a_part_boundary_never_splits_an_escape_pair():
    # 152 plain characters then '€': the euro's two septets do not fit in part 1's 153.
    encoding, parts = split_text("a" * 152 + "€" + "b" * 10)
    assert encoding == "GSM-7"
    assert parts[0] == "a" * 152
    assert parts[1].startswith("€")


def test_a_part_boundary_never_splits_a_surrogate_pair():
    encoding, parts = split_text("x" + "😀" * 40)
    assert encoding == "UCS-2"
    assert parts[0] == "x" + "😀" * 33          # 67 units exactly
    assert parts[1] == "😀" * 7


TEXT = st.text(
    st.one_of(st.sampled_from("abc XYZ 123 .,!?€[]{}~^\\|\nç"), st.characters(codec="utf-8")),
    max_size=700,
)


@given(TEXT)
def test_parts_join_back_to_the_text_and_never_exceed_the_limit(text):
    encoding, parts = split_text(text)
    assert "".join(parts) == text
    limit = SINGLE_LIMIT[encoding] if len(parts) == 1 else PART_LIMIT[encoding]
    for part in parts:
        assert sum(units_of(char, encoding) for char in part) <= limit
    assert count_parts(text).parts == len(parts)
