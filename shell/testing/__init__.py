"""Test helpers every wing's tests share."""
