"""One registration core: a person takes a place in a limited pool, or waits.

Event registration (`klynge.events`) and course enrolment (`klynge.learning`) are the same idea, so
the rules live here once: the checks every registration passes (an anonymised person cannot be
registered; nobody twice; the app's own checks), guests found or created by email, colleagues
registered by a member contact, the place or the waiting position (`klynge.core.capacity`), leaving
with promotion from the waiting list, capacity changes, the audit entries and the mails.

An app describes its holder rows with a `Kind` (see `services.py`) and keeps its own model, built on
`models.Place` (the fields and the two database rules every holder row shares).
No personal data is written before every check has passed, and all of it in one transaction.
"""
