"""Calendars: the subscribable ICS feeds (ics.py, feeds.py) and two-way CalDAV sync (caldav_sync.py)."""
