"""The Pipeline pages: the board of leads by stage, search, and one lead in full.

The blueprint lives in web/pipeline/views.py so that the agent, which imports this package's
schema for its migration, does not load Flask views it never serves.
"""
