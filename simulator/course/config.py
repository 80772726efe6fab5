"""The course configuration: ``courses/episodes.yaml`` fixes the episode order and the course case.

Format (every key is explained in the shipped file)::

    case: central-med/seed-7              # default CASE of every parameters cell
    scenario: ../scenarios/central-med.yaml  # how to generate that case (relative to courses/)
    seed: 7
    episodes:                             # in teaching order; each is courses/<slug>.ipynb
      - slug: 00-orientation
      - slug: 01-online-monitoring
        min_checks: 6                     # optional; default 0 for 00, else 6
    assets: []                            # extra files/folders copied to the trainee release

Problems are findings with a line and key path (``courses/episodes.yaml:7 episodes[1].slug: ...``),
all of them at once, never an exception.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     _ = (Path(folder) / "episodes.yaml").write_text(
...         "case: demo/seed-1\\nscenario: s.yaml\\nseed: 1\\nepisodes:\\n  - slug: 01-first\\n")
...     config, findings = load_config(Path(folder))
>>> [episode.slug for episode in config.episodes], config.episodes[0].min_checks, findings
(['01-first'], 6, [])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from simulator.course.findings import CourseFinding
from simulator.scenario.yaml_positions import Document, read_document

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_MIN_CHECKS",
    "SLUG",
    "CourseConfig",
    "EpisodeConfig",
    "load_config",
]

CONFIG_NAME = "episodes.yaml"
#: ``NN-words-with-dashes``: the two digits fix the order in file listings too.
SLUG = re.compile(r"^(?P<number>\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Checked exercises an episode needs unless its entry says otherwise (issue 6: 01-03 have 6).
DEFAULT_MIN_CHECKS = 6

_KEYS = ("case", "scenario", "seed", "episodes", "assets")
_EPISODE_KEYS = ("slug", "min_checks")


@dataclass(frozen=True, slots=True)
class EpisodeConfig:
    """One episode: its slug (``01-online-monitoring``) and the checked exercises it needs."""

    slug: str
    min_checks: int

    @property
    def number(self) -> int:
        """The two-digit number of the slug."""
        return int(self.slug[:2])

    @property
    def filename(self) -> str:
        """The notebook's file name."""
        return f"{self.slug}.ipynb"


@dataclass(frozen=True, slots=True)
class CourseConfig:
    """The whole course: case, how to make it, episodes in order, extra assets."""

    folder: Path
    case: str
    scenario: str
    seed: int
    episodes: tuple[EpisodeConfig, ...]
    assets: tuple[str, ...]

    @property
    def scenario_path(self) -> Path:
        """The scenario file, resolved against the course folder."""
        return (self.folder / self.scenario).resolve()


class _Reader:
    def __init__(self, doc: Document, label: str) -> None:
        self.doc = doc
        self.label = label
        self.findings: list[CourseFinding] = [
            CourseFinding(label, f.message, line=f.line, path=f.path) for f in doc.findings
        ]

    def fail(self, path: tuple[str | int, ...], message: str) -> None:
        from simulator.scenario.errors import format_path

        mark = self.doc.at.get(path) or self.doc.key_at.get(path)
        line = mark.line if mark else 1
        self.findings.append(CourseFinding(self.label, message, line=line, path=format_path(path)))

    def unknown(self, data: dict[str, Any], allowed: tuple[str, ...], at: tuple) -> None:
        for key in data:
            if key not in allowed:
                self.fail((*at, key), f"unknown key {key!r} (allowed: {', '.join(allowed)})")

    def text(self, data: dict[str, Any], key: str, at: tuple = ()) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail((*at, key), "must be non-empty text")
            return ""
        return value

    def relative(self, value: str, at: tuple) -> str:
        path = PurePosixPath(value)
        if path.is_absolute() or ".." in path.parts or not value.strip():
            self.fail(at, "must be a path inside courses/ (relative, no '..')")
            return ""
        return value


def _episodes(reader: _Reader, raw: Any) -> list[EpisodeConfig]:
    if not isinstance(raw, list):
        reader.fail(("episodes",), "must be a list of episodes (- slug: 00-orientation)")
        return []
    episodes: list[EpisodeConfig] = []
    for index, entry in enumerate(raw):
        at: tuple[str | int, ...] = ("episodes", index)
        if isinstance(entry, str):
            entry = {"slug": entry}
        if not isinstance(entry, dict):
            reader.fail(at, "must be a slug or a mapping with 'slug'")
            continue
        reader.unknown(entry, _EPISODE_KEYS, at)
        slug = reader.text(entry, "slug", at)
        if slug and not SLUG.match(slug):
            reader.fail((*at, "slug"), f"{slug!r} is not NN-words (e.g. 01-online-monitoring)")
            continue
        if not slug:
            continue
        default = 0 if slug.startswith("00-") else DEFAULT_MIN_CHECKS
        minimum = entry.get("min_checks", default)
        if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0:
            reader.fail((*at, "min_checks"), "must be a whole number, 0 or more")
            minimum = default
        if episodes and int(slug[:2]) <= episodes[-1].number:
            reader.fail((*at, "slug"), "episode numbers must increase down the list")
        episodes.append(EpisodeConfig(slug, minimum))
    return episodes


def load_config(folder: Path | str) -> tuple[CourseConfig, list[CourseFinding]]:
    """Read ``<folder>/episodes.yaml``; returns the config (as much as could be read) and findings.

    >>> config, findings = load_config(Path("/nonexistent/courses"))
    >>> config.episodes, [finding.message for finding in findings]
    ((), ['no such file'])
    """
    folder = Path(folder)
    label = (folder / CONFIG_NAME).as_posix()
    doc = read_document(folder / CONFIG_NAME, label)
    reader = _Reader(doc, label)
    data = doc.data if isinstance(doc.data, dict) else {}
    if doc.data is not None and not isinstance(doc.data, dict):
        reader.fail((), "must be a mapping with keys " + ", ".join(_KEYS))
    episodes: list[EpisodeConfig] = []
    case = scenario = ""
    seed = 0
    assets: list[str] = []
    if data:
        reader.unknown(data, _KEYS, ())
        case = reader.text(data, "case")
        scenario = reader.text(data, "scenario")
        if scenario and PurePosixPath(scenario).is_absolute():
            # An absolute path works on one machine only; the course travels with the repository.
            reader.fail(("scenario",), "must be relative to courses/ (../scenarios/NAME.yaml)")
        raw_seed = data.get("seed")
        if isinstance(raw_seed, bool) or not isinstance(raw_seed, int) or raw_seed < 0:
            reader.fail(("seed",), "must be a whole number, 0 or more")
        else:
            seed = raw_seed
        episodes = _episodes(reader, data.get("episodes"))
        raw_assets = data.get("assets", [])
        if not isinstance(raw_assets, list):
            reader.fail(("assets",), "must be a list of paths inside courses/")
            raw_assets = []
        for index, item in enumerate(raw_assets):
            if not isinstance(item, str):
                reader.fail(("assets", index), "must be a path inside courses/")
            elif value := reader.relative(item, ("assets", index)):
                assets.append(value)
        slugs = [episode.slug for episode in episodes]
        for index, slug in enumerate(slugs):
            if slug in slugs[:index]:
                reader.fail(("episodes", index, "slug"), f"{slug!r} is listed twice")
    config = CourseConfig(folder, case, scenario, seed, tuple(episodes), tuple(assets))
    return config, reader.findings
