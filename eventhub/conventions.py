"""The modules by which a BFF takes part in the hub: ``bffs/<name>/trigger.py`` (the events it
emits), ``listener.py`` (the events it consumes), ``worker.py`` (timed work). Read by
``eventhub.registry`` in a process with Django, and by the distributed launcher, which has
none, to know which BFFs get a hub worker."""

TRIGGER, LISTENER, WORKER = "trigger", "listener", "worker"
ROLES = (TRIGGER, LISTENER, WORKER)
ROLE_FILES = tuple(f"{role}.py" for role in ROLES)
