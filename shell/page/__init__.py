"""The page wing: the shell page itself (views, the canary bucket, dev overrides, security
headers, static files and the ASGI handler that answers them in the event loop)."""
