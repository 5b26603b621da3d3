"""Use cases: what the web pages, the JSON API and the command line do, written once.

Contract shared by every service function:

- It takes a SQLAlchemy ``Session`` and **never commits**: the caller runs it inside
  ``Database.transaction()``, so a use case that fails changes nothing. (Sign-in is the one
  place where the caller must commit even on failure; see ``auth.authenticate``.)
- It takes the workspace id and the ``Actor`` (who acts, with which role), checks the
  permission table in ``poise.domain``, and reads and writes only that workspace's rows.
- Every change writes an audit event.
- It fails with the errors in ``poise.services.errors``, whose messages say what was wrong and
  how to fix it.
"""
