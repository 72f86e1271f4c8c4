"""The cluster programme: levels, labels, frameworks, assessments, calls, applications, reviews."""

from .assessments import Assessment, AssessmentItem
from .evaluators import Evaluator
from .frameworks import Criterion, Framework
from .labels import CertificationLabel
from .levels import ClusterStatus, Level

__all__ = [
    "Assessment",
    "AssessmentItem",
    "CertificationLabel",
    "ClusterStatus",
    "Criterion",
    "Evaluator",
    "Framework",
    "Level",
]
