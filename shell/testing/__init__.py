"""Test helpers every wing's tests share: manifests and files to deploy, a CDN stand-in, one
ASGI request without a server, settings loaded in a fresh interpreter."""
