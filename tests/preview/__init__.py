"""Tests of haoren.preview."""
