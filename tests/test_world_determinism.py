"""Same scenario and seed give the same world, in this process and in others; seeds differ."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pandas as pd

from simulator.world import simulate
from simulator.world.defaults import tiny_scenario

SCENARIO = {
    "migrants": {"count": 12, "family_payers": 0.5, "word_of_mouth": 0.3},
    "money": {"channels": {"hawala": 0.4, "crypto": 0.2, "money_transfer": 0.2, "cash": 0.2}},
    "network": {"opsec": "high", "roles": {"recruiter": 2, "cash_courier": 1}},
    "online": {"benign": [{"kind": "ngo", "count": 2}, {"kind": "crypto_user", "count": 2},
                          {"kind": "hawala_customer", "count": 2}]},
    "interventions": [{"kind": "takedown", "day": 4, "platform": "Facegroup"},
                      {"kind": "arrest", "day": 6, "role": "transporter"}],
}  # fmt: skip

SCRIPT = """
import hashlib, sys
from simulator.world import simulate
from simulator.world.defaults import tiny_scenario
sys.path.insert(0, {tests!r})
from test_world_determinism import SCENARIO, fingerprint
print(fingerprint(simulate(tiny_scenario(SCENARIO), seed={seed}).tables))
"""


def fingerprint(tables: dict[str, pd.DataFrame]) -> str:
    """SHA-256 over every truth table written as CSV (values, order and columns)."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        digest.update(name.encode())
        digest.update(tables[name].to_csv(index=False).encode())
    return digest.hexdigest()


def run_elsewhere(seed: int, hashseed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    code = SCRIPT.format(tests=os.path.dirname(__file__), seed=seed)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_same_seed_same_world_in_one_process():
    first = simulate(tiny_scenario(SCENARIO), seed=3).tables
    second = simulate(tiny_scenario(SCENARIO), seed=3).tables
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_same_seed_same_world_across_processes_and_hash_seeds():
    here = fingerprint(simulate(tiny_scenario(SCENARIO), seed=3).tables)
    assert run_elsewhere(3, "1") == here
    assert run_elsewhere(3, "12345") == here


def test_another_seed_gives_another_world():
    a = simulate(tiny_scenario(SCENARIO), seed=3).tables
    b = simulate(tiny_scenario(SCENARIO), seed=4).tables
    assert fingerprint(a) != fingerprint(b)
    assert a["persons"].name.tolist() != b["persons"].name.tolist()
    assert a["events"].time.tolist() != b["events"].time.tolist()
