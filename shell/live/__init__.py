"""Live updates: typed messages on per-topic streams with sequence numbers, pushed over the
websocket (``/ws/live/``) or long polling (``/live/poll``), resumable from a bounded log."""
