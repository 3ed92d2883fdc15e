"""Tests of haoren.render."""
