"""Scenario content: models, loading, checks."""
