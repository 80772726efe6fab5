"""The answer key of a case, ``answers.json``: salted digests only, never a clear answer.

Format (``tracelab-answers/1``)::

    {
      "format": "tracelab-answers/1",
      "notice": "<SYNTHETIC notice>",
      "kdf": {"name": "pbkdf2_hmac_sha256", "iterations": 10000},  # fewer for a large key
      "salt": "<32 hex>",
      "questions": {
        "<question id>": {
          "spec": {"type": "set", "normalise": "handle"},   # the answer type's parameters
          "unavailable": false,                             # true: no answer in this case
          ... type-specific digests: "digests" (exact), "digest" (number), "size" +
              "members" (set), "size" + "members" + "positions" (ranked), none (free text)
        }
      }
    }

The generator calls :func:`write_answers` after writing the truth tables; it is deterministic
(the salt is derived from the truth tables), so a case stays byte-identical for a given seed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# The combination step of hash_pandas_object (not public API; pandas is pinned).
from pandas.core.util.hashing import combine_hash_arrays

from simulator import SYNTHETIC_NOTICE
from simulator.exercises.digest import (
    DEFAULT_ITERATIONS,
    KDF_NAME,
    MAX_THREADS,
    Digester,
    Piece,
    budgeted_iterations,
    usable_cores,
)
from simulator.exercises.memo import TruthTables
from simulator.exercises.question import Question

__all__ = [
    "ANSWERS_FILE",
    "ANSWERS_FORMAT",
    "compute_answers",
    "derive_salt",
    "digester_for",
    "read_answers",
    "write_answers",
]

ANSWERS_FORMAT = "tracelab-answers/1"
ANSWERS_FILE = "answers.json"


#: Truth tables the salt knows by their shape only (name, columns, rows): the bulk of a case (11
#: million rows at x125, about 28 CPU s to hash), and each follows from the persons and journeys,
#: which the salt hashes whole, like every other table.
SHAPE_ONLY_TABLES = frozenset({"events", "ownership", "payments"})


def derive_salt(truth_tables: Mapping[str, pd.DataFrame]) -> str:
    """A per-case salt from the truth tables (deterministic, so cases stay reproducible).

    Every table gives its name, columns and row count; every table but those in
    :data:`SHAPE_ONLY_TABLES` gives its content too. Two cases of other seeds or scenarios differ
    in their persons or journeys, so they get other salts.

    >>> people = pd.DataFrame({"person_id": ["P1", "P2"]})
    >>> derive_salt({"persons": people}) == derive_salt({"persons": people.copy()})
    True
    >>> derive_salt({"persons": people}) == derive_salt({"persons": people.iloc[::-1]})
    False
    """
    digest = hashlib.sha256(ANSWERS_FORMAT.encode())
    with ThreadPoolExecutor(max_workers=min(MAX_THREADS, usable_cores())) as pool:
        for name in sorted(truth_tables):
            frame = truth_tables[name]
            digest.update(name.encode() + b"\x1f" + ",".join(map(str, frame.columns)).encode())
            if name in SHAPE_ONLY_TABLES:
                digest.update(b"\x1e" + str(len(frame)).encode())
                continue
            try:
                digest.update(_row_hashes(frame, pool).tobytes())
            except TypeError:  # unhashable cells (lists): fall back to a text rendering
                digest.update(frame.to_json(orient="values", date_format="iso").encode())
    return digest.hexdigest()[:32]


def _row_hashes(frame: pd.DataFrame, pool: ThreadPoolExecutor) -> np.ndarray:
    """``pd.util.hash_pandas_object(frame, index=False)`` as an array, a column per thread.

    pandas hashes a frame column by column and then combines the columns' hashes; the columns'
    hashing (mostly Arrow's dictionary encoding of strings, which releases the GIL) is the cost,
    about 10 s for the events of the largest case, so it runs on a few threads here. The columns'
    hashes are folded in as they come (:func:`_column_hashes`): held all at once, those of the
    largest case's events would take 0.9 GB.

    >>> frame = pd.DataFrame({"a": ["x", None, "x"], "b": [1.5, 2.0, float("nan")]})
    >>> with ThreadPoolExecutor(2) as pool:
    ...     ours = _row_hashes(frame, pool)
    >>> bool((ours == pd.util.hash_pandas_object(frame, index=False).to_numpy()).all())
    True
    """
    columns = [frame.iloc[:, position] for position in range(frame.shape[1])]
    return combine_hash_arrays(_column_hashes(columns, pool), len(columns), len(frame))


def _column_hashes(columns: list[pd.Series], pool: ThreadPoolExecutor) -> Iterator[np.ndarray]:
    """Each column's row hashes, in column order, at most :data:`MAX_THREADS` computed ahead of
    the one the caller is using."""
    ahead: deque[Future[np.ndarray]] = deque()
    for column in columns:
        ahead.append(pool.submit(_hash_column, column))
        if len(ahead) > MAX_THREADS:
            yield ahead.popleft().result()
    while ahead:
        yield ahead.popleft().result()


#: Rows hashed at a time. pandas hashes a text column through the Python strings of its distinct
#: values: for the event details of the largest case, 2 GB at once. Emoji make a text four bytes
#: a character as a Python string: 200,000 event details took about 150 MB; 100,000 half that,
#: for 7 % more CPU than 200,000 (50,000: 15 %).
HASH_CHUNK_ROWS = 100_000


def _hash_column(column: pd.Series, rows: int = HASH_CHUNK_ROWS) -> np.ndarray:
    """``pd.util.hash_pandas_object(column, index=False)``, ``rows`` at a time (a value's hash
    never depends on the other values, so the pieces join into the same array).

    >>> column = pd.Series(["a", None, "b", "a", "c"], dtype="str")
    >>> whole = pd.util.hash_pandas_object(column, index=False).to_numpy()
    >>> bool((_hash_column(column, rows=2) == whole).all())
    True
    """
    pieces = [
        pd.util.hash_pandas_object(column.iloc[start : start + rows], index=False).to_numpy()
        for start in range(0, len(column), rows)
    ]
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.uint64)


def digester_for(key: Mapping[str, Any]) -> Digester:
    """The digester an answer key was written with."""
    kdf = key.get("kdf", {})
    if kdf.get("name", KDF_NAME) != KDF_NAME:
        raise ValueError(f"unknown key derivation {kdf.get('name')!r} in the answer key")
    return Digester(bytes.fromhex(key["salt"]), int(kdf.get("iterations", DEFAULT_ITERATIONS)))


class _Recorder:
    """A stand-in digester that notes the pieces asked for (and returns them, joined)."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []

    def digest(self, question_id: str, part: str, value: str) -> str:
        self.pieces.append((question_id, part, value))
        return "\x1f".join((question_id, part, value))


class _Known:
    """A stand-in digester that looks up digests computed beforehand."""

    def __init__(self, digests: Mapping[Piece, str]) -> None:
        self.digests = digests

    def digest(self, question_id: str, part: str, value: str) -> str:
        return self.digests[(question_id, part, value)]


def compute_answers(
    questions: Iterable[Question],
    truth_tables: Mapping[str, pd.DataFrame],
    salt: str,
    *,
    iterations: int | None = None,
    before_digests: Callable[[], object] | None = None,
) -> dict[str, Any]:
    """The ``answers.json`` content: every question's answer function run on the truth, digested.

    ``iterations`` are the PBKDF2 rounds of every digest; by default the key's size decides
    (:func:`~simulator.exercises.digest.budgeted_iterations`).

    The answer functions get the tables wrapped in one :class:`TruthTables`, so what several
    questions derive from them (a graph, its communities) is computed once for the whole key.
    That memo is dropped before the digests; ``before_digests()``, if given, is called then (the
    generation gives the freed memory back to the system there).

    >>> from simulator.exercises.answers import Exact
    >>> q = Question(id="demo.boss", prompt="Who?", answer=Exact(),
    ...              compute=lambda truth: truth["p"]["alias"].iloc[0])
    >>> key = compute_answers([q], {"p": pd.DataFrame({"alias": ["falcon-77"]})}, "00" * 16,
    ...                       iterations=10)
    >>> sorted(key["questions"]["demo.boss"]), "falcon" in json.dumps(key)
    (['digests', 'spec', 'unavailable'], False)
    """
    truth = TruthTables(truth_tables)
    values: dict[str, tuple[Question, Any]] = {}
    for question in questions:
        if question.id in values:
            raise ValueError(f"question id {question.id!r} appears twice")
        values[question.id] = (question, question.compute(truth) if question.compute else None)
    # What the answer functions derived (graphs, joined frames) is not needed by the digests,
    # which take most of the time at scale: let the caller give it back first.
    del truth
    if before_digests is not None:
        before_digests()
    answered = {
        question_id: (question, value)
        for question_id, (question, value) in values.items()
        if value is not None or question.answer.kind == "free_text"
    }
    # Encoded twice: first to learn which pieces need a digest, then, with every digest computed
    # at once on a thread pool (a third of a second each at x125's 12,000), to build the records.
    recorder = _Recorder()
    for question_id, (question, value) in answered.items():
        question.answer.encode(question_id, value, recorder)  # type: ignore[arg-type]
    if iterations is None:
        iterations = budgeted_iterations(len(set(recorder.pieces)))
    digester = Digester(bytes.fromhex(salt), iterations)
    known = _Known(digester.digest_many(recorder.pieces))
    records: dict[str, Any] = {}
    for question_id, (question, value) in values.items():
        record: dict[str, Any] = {"spec": question.answer.spec()}
        record["unavailable"] = question_id not in answered
        if question_id in answered:
            record.update(question.answer.encode(question_id, value, known))  # type: ignore[arg-type]
        records[question_id] = record
    return {
        "format": ANSWERS_FORMAT,
        "notice": SYNTHETIC_NOTICE,
        "kdf": {"name": KDF_NAME, "iterations": iterations},
        "salt": salt,
        "questions": dict(sorted(records.items())),
    }


def _read_truth(case_dir: Path) -> dict[str, pd.DataFrame]:
    folder = case_dir / "truth"
    return {path.stem: pd.read_parquet(path) for path in sorted(folder.glob("*.parquet"))}


def write_answers(
    case_dir: str | Path,
    questions: Iterable[Question] | None = None,
    truth_tables: Mapping[str, pd.DataFrame] | None = None,
    *,
    salt: str | None = None,
    iterations: int | None = None,
) -> Path:
    """Write ``<case_dir>/answers.json`` and return its path.

    ``questions`` defaults to every registered lesson's questions; ``truth_tables`` to the
    Parquet files in ``<case_dir>/truth``; ``salt`` to :func:`derive_salt` of the truth.
    """
    case_dir = Path(case_dir)
    if questions is None:
        from simulator.exercises.registry import all_questions

        questions = all_questions()
    truth = dict(truth_tables) if truth_tables is not None else _read_truth(case_dir)
    key = compute_answers(questions, truth, salt or derive_salt(truth), iterations=iterations)
    path = case_dir / ANSWERS_FILE
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(key, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def read_answers(case_dir: str | Path) -> dict[str, Any] | None:
    """The parsed answer key of a case, or None when it has none."""
    path = Path(case_dir) / ANSWERS_FILE
    if not path.exists():
        return None
    key = json.loads(path.read_text(encoding="utf-8"))
    if key.get("format") != ANSWERS_FORMAT:
        raise ValueError(f"{path}: unknown answer key format {key.get('format')!r}")
    return key
