"""Course tooling: instructor notebooks with solutions, checked and released to trainees.

An episode is one instructor notebook ``courses/NN-slug.ipynb``; cell roles are metadata tags
(:mod:`simulator.course.roles`); ``courses/episodes.yaml`` fixes the order
(:mod:`simulator.course.config`). :func:`check_course` validates the structure,
:func:`release_course` writes the trainee copies, :mod:`simulator.course.validate` runs nbval.
"""

from simulator.course.checker import check_course, check_episode
from simulator.course.config import CourseConfig, EpisodeConfig, load_config
from simulator.course.findings import CheckReport, CourseFinding
from simulator.course.notebook import dumps_notebook, read_notebook, write_notebook
from simulator.course.release import CourseReleaseError, ReleaseReport, release_course
from simulator.course.trainee import trainee_notebook

__all__ = [
    "CheckReport",
    "CourseConfig",
    "CourseFinding",
    "CourseReleaseError",
    "EpisodeConfig",
    "ReleaseReport",
    "check_course",
    "check_episode",
    "dumps_notebook",
    "load_config",
    "read_notebook",
    "release_course",
    "trainee_notebook",
    "write_notebook",
]
