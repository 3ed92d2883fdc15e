"""Tests of haoren.validate."""
