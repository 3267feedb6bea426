"""Projects: a document, its sentences' English with statuses, and the ``.tarjama`` file.

The public API the GUI, the CLI and the exporters use (see docs/project-format.md).
"""

from desk.project import confidence, recovery
from desk.project.alternatives import MAX_ALTERNATIVES, alternatives
from desk.project.errors import ProjectDamagedError, ProjectError, ProjectLockedError, ProjectVersionError
from desk.project.model import KEPT_STATUSES, PROJECT_SUFFIX, Segment, Status, is_project_path
from desk.project.project import Project
from desk.project.recovery import RecoveryEntry

__all__ = [
    "KEPT_STATUSES", "MAX_ALTERNATIVES", "PROJECT_SUFFIX", "Project", "ProjectDamagedError", "ProjectError",
    "ProjectLockedError", "ProjectVersionError", "RecoveryEntry", "Segment", "Status", "alternatives",
    "confidence", "is_project_path", "recovery",
]
