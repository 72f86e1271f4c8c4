"""Continuing and further education: courses, their sessions, and enrolments with completions."""

from .courses import Course, CourseSession
from .enrolments import ACTIVE_STATUSES, PLACE_STATUSES, Enrolment

__all__ = ["ACTIVE_STATUSES", "PLACE_STATUSES", "Course", "CourseSession", "Enrolment"]
