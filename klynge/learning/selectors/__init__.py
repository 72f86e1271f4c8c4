"""Reads for the learning app: the catalogue, enrolments, learning histories and competence KPIs."""
