"""The admin web app: a separate process that reads the database and asks the agent for actions
by writing rows. Build it with :func:`web.app.create_app`; serve it with `textback web`."""
