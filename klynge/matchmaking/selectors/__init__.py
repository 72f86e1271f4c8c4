"""Reads of the matchmaking app: sessions and lists, agendas, statistics, suggestions."""
