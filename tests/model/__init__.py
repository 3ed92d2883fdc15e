"""Tests of haoren.model."""
