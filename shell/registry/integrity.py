"""Subresource-integrity hashes, as the import map's ``integrity`` holds them."""

from __future__ import annotations

import base64
import hashlib


def sri(content: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


def matches(expected: str, content: bytes) -> bool:
    """Whether ``content`` has the SRI hash ``expected`` (sha256, sha384 or sha512)."""
    algorithm, _, digest = expected.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, content).digest()).decode()
    return actual == digest
