"""Full-text search over leads: what a person typed, turned into FTS5 terms, and the SQL that finds
the leads they point at. The indexes and their triggers are in web/pipeline/schema.py.

Every word must match somewhere in the lead's contact (name, phone), any of the contact's texts,
or the lead's timeline (notes, stage changes and their reasons, extractions); different words
may match in different places, so "martinez heater" finds Mr Martinez's water-heater lead.
"""

from __future__ import annotations

import re

from appliance.phone import normalise

# The trigram index cannot look up anything shorter than three characters.
SHORTEST_TERM = 3
MOST_TERMS = 8
# Fewer digits are part of a number ("555-0123"), looked for as they are, not dialled from the shop.
WHOLE_NUMBER_DIGITS = 10

_PHONE_LIKE = re.compile(r"[\d\s().+-]+")


class SearchError(ValueError):
    """A search that cannot be run, with the reason in plain words."""


def search_terms(query: str, region: str) -> list[str]:
    """The words to look for; a whole phone number in any format becomes its E.164 digits, so
    "(512) 555-0123" finds +15125550123."""
    query = query.strip()
    if not query:
        return []
    if _PHONE_LIKE.fullmatch(query) and len(re.sub(r"\D", "", query)) >= WHOLE_NUMBER_DIGITS:
        number = normalise(query, region)
        if number:
            return [number.lstrip("+")]
    terms = []
    for word in query.split():
        # "555-0123" is looked for as the digits the phone column holds.
        term = re.sub(r"\D", "", word) if _PHONE_LIKE.fullmatch(word) else word
        if len(term) >= SHORTEST_TERM and term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    if not terms:
        raise SearchError(f"Search words need at least {SHORTEST_TERM} letters or digits each.")
    return terms[:MOST_TERMS]


def match_expression(term: str) -> str:
    """One FTS5 string literal: the term as plain characters, never as query syntax."""
    return '"' + term.replace('"', '""') + '"'


# The leads one term points at, whichever index it matched in. Takes the expression three times.
_LEADS_MATCHING = """SELECT leads.id FROM leads WHERE leads.contact_id IN (
        SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?
        UNION
        SELECT contacts.id FROM contacts JOIN messages ON messages.phone = contacts.phone
        WHERE messages.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?))
    UNION
    SELECT lead_id FROM lead_timeline WHERE id IN (
        SELECT rowid FROM lead_timeline_fts WHERE lead_timeline_fts MATCH ?)"""


def where_clause(terms: list[str]) -> tuple[str, list[str]]:
    """SQL (over a query with ``leads`` in it) that keeps the leads matching every term, and its values."""
    clauses, params = [], []
    for term in terms:
        clauses.append(f"leads.id IN ({_LEADS_MATCHING})")
        params += [match_expression(term)] * 3
    return " AND ".join(clauses), params
