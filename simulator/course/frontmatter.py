"""Read the front matter and the key points of an episode from their markdown cells.

The front matter is the first cell, markdown, tagged ``front-matter``; trainees see it as written,
so it stays plain markdown rather than hidden metadata::

    # Online monitoring

    **Teaching:** 30 min · **Exercises:** 45 min

    ## Questions
    - Where do smugglers advertise, and how do their posts differ from help offers?

    ## Objectives
    - Find adverts among benign migration posts.
    - Link the accounts of one seller.

A section starts at a heading (``## Questions``), a bold line (``**Questions**``) or a line
ending in a colon (``Questions:``); its items are the bullet or numbered lines that follow, and
a bullet may continue on indented lines. The key points cell (tagged ``key-points``) has a
``Key points`` section the same way.

>>> front = parse_front_matter(
...     "# T\\n**Teaching:** 30 min · **Exercises:** 45 min\\n"
...     "## Questions\\n- Why?\\n## Objectives\\n- Do a.\\n- Do b.\\n"
... )
>>> front.title, front.teaching, front.exercises, front.questions, len(front.objectives)
('T', 30, 45, ('Why?',), 2)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FrontMatter", "parse_front_matter", "parse_key_points", "sections"]

_HEADING = re.compile(
    r"^\s{0,3}(?:#{1,6}\s*(?P<h>.+?)\s*#*|\*\*(?P<b>[^*]+?)\*\*:?|(?P<c>[A-Za-z][\w ]*):)\s*$"
)
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(?P<text>.+?)\s*$")
_CONTINUATION = re.compile(r"^\s{2,}(?P<text>\S.*?)\s*$")
_TEACHING = re.compile(r"teaching\W*(?P<minutes>\d+)", re.IGNORECASE)
_EXERCISES = re.compile(r"exercises?\W*(?P<minutes>\d+)", re.IGNORECASE)
_TITLE = re.compile(r"^\s{0,3}#\s+(?P<title>.+?)\s*#*\s*$")


def _key(name: str) -> str:
    return re.sub(r"[^a-z]+", " ", name.casefold()).strip()


def sections(markdown: str) -> dict[str, tuple[str, ...]]:
    """Bullet items under each section heading, keyed by the heading in lower case.

    >>> sections("**Key points**\\n- One.\\n- Two that\\n  goes on.\\n")
    {'key points': ('One.', 'Two that goes on.')}
    """
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        item = _ITEM.match(line)
        if heading and not item:
            name = heading["h"] or heading["b"] or heading["c"] or ""
            current = found.setdefault(_key(name), [])
        elif item and current is not None:
            current.append(item["text"])
        elif (more := _CONTINUATION.match(line)) and current:
            current[-1] = f"{current[-1]} {more['text']}"
    return {name: tuple(items) for name, items in found.items()}


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What an episode promises: title, questions, objectives and minutes (``None`` if absent)."""

    title: str
    questions: tuple[str, ...]
    objectives: tuple[str, ...]
    teaching: int | None
    exercises: int | None

    @property
    def minutes(self) -> int | None:
        """Teaching plus exercise minutes, or ``None`` when either is missing."""
        if self.teaching is None or self.exercises is None:
            return None
        return self.teaching + self.exercises


def parse_front_matter(markdown: str) -> FrontMatter:
    """Parse the front matter cell (see the module docstring for the format).

    >>> parse_front_matter("no structure at all").objectives
    ()
    """
    title = next(
        (match["title"] for line in markdown.splitlines() if (match := _TITLE.match(line))), ""
    )
    found = sections(markdown)
    teaching = _TEACHING.search(markdown)
    exercises = _EXERCISES.search(markdown)
    return FrontMatter(
        title=title,
        questions=found.get("questions", ()),
        objectives=found.get("objectives", ()),
        teaching=int(teaching["minutes"]) if teaching else None,
        exercises=int(exercises["minutes"]) if exercises else None,
    )


def parse_key_points(markdown: str) -> tuple[str, ...]:
    """The items of the ``Key points`` section of the closing cell.

    >>> parse_key_points("## Key points\\n1. Adverts hide in plain sight.")
    ('Adverts hide in plain sight.',)
    """
    return sections(markdown).get("key points", ())
