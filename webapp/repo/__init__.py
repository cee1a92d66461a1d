"""Data access for the web app: every query lives here, views only call these.

Functions take the database session as the keyword-only ``session=`` argument
and scope learner data by the user they are given, so one learner's progress
never leaks into another's page.
"""

from sqlalchemy import Integer, literal_column


def constant(value: int):
    """An integer written into the SQL text rather than sent as a parameter. For the constants of
    statements that run on every request: PostgreSQL plans a prepared statement once for all
    parameter values, and a state or limit it cannot see makes that plan walk whole tables."""
    return literal_column(str(int(value)), Integer)
