"""Tests of haoren.drawing."""
