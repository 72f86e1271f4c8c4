"""The cluster programme: levels, labels, frameworks, assessments, calls, applications, reviews."""

from .applications import Application, ApplicationAttachment
from .assessments import Assessment, AssessmentItem
from .calls import Call
from .evaluators import Evaluator
from .finance import ClusterFinance
from .follow_up import FollowUpReport
from .frameworks import Criterion, Framework
from .labels import CertificationLabel
from .levels import ClusterStatus, Level
from .reports import AnnualReport, ReportCorrection
from .reviews import ReviewAssignment, ReviewScore

__all__ = [
    "AnnualReport",
    "Application",
    "ApplicationAttachment",
    "Assessment",
    "AssessmentItem",
    "Call",
    "CertificationLabel",
    "ClusterFinance",
    "ClusterStatus",
    "Criterion",
    "Evaluator",
    "FollowUpReport",
    "Framework",
    "Level",
    "ReportCorrection",
    "ReviewAssignment",
    "ReviewScore",
]
