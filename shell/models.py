"""The shell app's models live in its wings; Django finds them through this module."""

from shell.live.models import HandledLiveEvent, LiveMessage
from shell.registry.models import App, Canary, Refusal, Release, Revision, SharedLibrary

__all__ = [
    "App",
    "Canary",
    "HandledLiveEvent",
    "LiveMessage",
    "Refusal",
    "Release",
    "Revision",
    "SharedLibrary",
]
