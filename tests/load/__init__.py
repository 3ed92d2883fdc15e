"""Tests of haoren.load."""
