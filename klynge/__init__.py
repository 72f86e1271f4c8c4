"""Klynge: a platform for innovation clusters and cluster programmes."""
