"""The event hub: domain events between BFFs, through transactional outboxes.

A BFF declares what it emits (``Trigger`` in ``trigger.py``) and what it listens to
(``Listener`` in ``listener.py``); the worker relays and delivers, whichever backend runs
(embedded SQLite by default, Redis Streams in the distributed mode).
"""
