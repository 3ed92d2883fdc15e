"""Tests of haoren.publish."""
