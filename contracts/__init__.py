"""The shop's event contracts: each emitting BFF's public events in one module named after it
(``contracts/<emitter>.py``), the only place a listener of another BFF takes them from. The
hub's core knows the envelope and nothing of the shop; a BFF imports contracts, never another
BFF. Every module here is loaded when Django starts (``contracts.apps``), so any stored event
can be parsed by type.

Money is integer cents; times are epoch milliseconds; a payload carries its entity under its
own key (``product``, ``order``, ``cart``, ``review``).
"""
