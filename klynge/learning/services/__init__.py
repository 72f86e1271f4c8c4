"""Writes for the learning app: courses and sessions, enrolments, completions."""
