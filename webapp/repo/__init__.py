"""Data access for the web app: every query lives here, views only call these.

Functions take the database session as the keyword-only ``session=`` argument
and scope learner data by the user they are given, so one learner's progress
never leaks into another's page. They do not commit what the study pages
write: the request's session commits when the request ends (``db.get_session``).
"""
