"""Email over SMTP: a durable outbox (outbox.py) and the SMTP transport (smtp.py)."""
