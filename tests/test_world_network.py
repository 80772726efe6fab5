"""The smugglers' tie network: realism figures, nationality rules, replacements, determinism."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from simulator.scenario.schema import Role, Scenario
from simulator.world.identities import IdentityFactory
from simulator.world.metrics import (
    clustering_ratio,
    degree_assortativity,
    degree_cv,
    largest_component_share,
    mean_degree,
    role_share,
    same_stage_tie_ratio,
    stage_modularity,
    tie_network_figures,
)
from simulator.world.network import (
    TIE_KINDS,
    Member,
    attach_replacement,
    build_network,
    example_scenario,
    make_member,
    route_stages,
)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.startswith("_"))
SEEDS = range(5)


def load(path: Path) -> Scenario:
    from simulator.scenario.loader import load_scenario

    return load_scenario(path)


def build(scenario: Scenario, seed: int):
    return build_network(
        scenario,
        np.random.default_rng(seed),
        IdentityFactory(np.random.default_rng(seed + 1000), seed),
    )


def variant(scenario: Scenario, **network) -> Scenario:
    roles = network.pop("roles", None)
    if roles is not None:
        network["roles"] = scenario.network.roles.model_copy(update=roles)
    return scenario.model_copy(update={"network": scenario.network.model_copy(update=network)})


# ----------------------------------------------------------------------------- metrics by hand


def test_metrics_on_a_star():
    star = nx.star_graph(4)  # hub 0 with four leaves
    assert mean_degree(star) == pytest.approx(8 / 5)
    # degrees 4,1,1,1,1: mean 1.6, population sd sqrt((5.76 + 4 * 0.36) / 5) = 1.2
    assert degree_cv(star) == pytest.approx(1.2 / 1.6)
    assert degree_assortativity(star) == pytest.approx(-1.0)
    assert largest_component_share(star) == 1.0
    assert clustering_ratio(star) == 0.0


def test_clustering_ratio_of_a_triangle_with_a_pendant():
    g = nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3)])
    # clustering: 1, 1, 1/3, 0 -> 7/12; density 4 / 6
    assert clustering_ratio(g) == pytest.approx((7 / 12) / (4 / 6))


def test_same_stage_ratio_by_hand():
    g = nx.Graph()
    g.add_nodes_from(
        [(i, {"stage": "a"}) for i in range(3)] + [(i, {"stage": "b"}) for i in (3, 4)]
    )
    g.add_edges_from([(0, 1), (1, 2), (3, 4), (2, 3)])
    # same-stage pairs: 3 + 1 = 4, three tied; cross pairs 6, one tied -> (3/4) / (1/6) = 4.5
    assert same_stage_tie_ratio(g) == pytest.approx(4.5)
    g.remove_edge(2, 3)
    assert same_stage_tie_ratio(g) == math.inf


def test_role_share_and_components_by_hand():
    g = nx.Graph([(0, 1)])
    g.add_nodes_from(
        [(0, {"role": "organiser"}), (1, {"role": "coordinator"}), (2, {"role": "organiser"})]
    )
    assert role_share(g, "organiser") == pytest.approx(2 / 3)
    assert largest_component_share(g) == pytest.approx(2 / 3)


def test_stage_modularity_by_hand():
    g = nx.Graph([(0, 1), (2, 3), (1, 2)])
    nx.set_node_attributes(g, {0: "a", 1: "a", 2: "b", 3: "b"}, "stage")
    # m = 3; each group: 1 internal tie, degree sum 3 -> 2 * (1/3 - (3/6) ** 2) = 1/6
    assert stage_modularity(g) == pytest.approx(1 / 6)


def test_undefined_assortativity_is_nan():
    assert math.isnan(degree_assortativity(nx.cycle_graph(5)))
    assert math.isnan(degree_assortativity(nx.empty_graph(3)))


# ----------------------------------------------------------------------------- realism


def assert_realistic(figures: dict[str, float], where: str) -> None:
    assert 2.5 <= figures["mean_degree"] <= 7, where
    assert figures["degree_cv"] >= 0.7, where
    assert figures["assortativity"] < 0, where
    assert figures["largest_component_share"] >= 0.8, where
    assert 0.10 <= figures["organiser_share"] <= 0.25, where
    assert figures["same_stage_tie_ratio"] >= 3, where
    # "well above random": at least twice the clustering of a random graph of the same density
    assert figures["clustering_ratio"] >= 2, where


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenarios_give_realistic_networks(path):
    scenario = load(path)
    for seed in SEEDS:
        _, graph = build(scenario, seed)
        assert_realistic(tie_network_figures(graph), f"{path.name} seed {seed}")


@pytest.mark.parametrize("structure", ["hierarchy", "cells", "loose"])
def test_every_structure_is_realistic_on_the_example(structure):
    scenario = variant(example_scenario(), structure=structure)
    figures = [tie_network_figures(build(scenario, seed)[1]) for seed in SEEDS]
    for seed, f in zip(SEEDS, figures, strict=True):
        assert f["mean_degree"] >= 2.4 and f["assortativity"] < 0, seed
        assert f["largest_component_share"] >= 0.8 and f["same_stage_tie_ratio"] >= 3, seed
    mean = {k: float(np.mean([f[k] for f in figures])) for k in figures[0]}
    assert_realistic(mean, f"example {structure}, mean of seeds")


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
@pytest.mark.parametrize("structure", ["hierarchy", "loose"])
def test_other_structures_stay_realistic_on_shipped_routes(path, structure):
    scenario = variant(load(path), structure=structure)
    figures = [tie_network_figures(build(scenario, seed)[1]) for seed in SEEDS]
    mean = {k: float(np.mean([f[k] for f in figures])) for k in figures[0]}
    assert_realistic(mean, f"{path.name} as {structure}, mean of seeds")


def test_organisers_are_seldom_tied_to_each_other():
    scenario = variant(example_scenario(), roles={"organiser": 12, "transporter": 40})
    _, graph = build(scenario, 3)
    organisers = [n for n, r in graph.nodes(data="role") if r is Role.ORGANISER]
    among = graph.subgraph(organisers).number_of_edges()
    assert among <= len(organisers)  # far fewer than the 66 possible pairs


def test_larger_networks_keep_the_signature():
    scenario = variant(
        example_scenario(),
        cells_per_stage=3,
        roles={"organiser": 30, "recruiter": 40, "coordinator": 30, "transporter": 80},
    )
    _, graph = build(scenario, 0)
    assert_realistic(tie_network_figures(graph), "large example")


# ----------------------------------------------------------------------------- members


def test_members_and_graph_agree():
    scenario = example_scenario()
    members, graph = build(scenario, 1)
    assert [m.person_id for m in members] == [f"P{i:04d}" for i in range(1, len(members) + 1)]
    assert list(graph.nodes) == [m.person_id for m in members]
    stages = {s.name for s in route_stages(scenario)}
    places = {p.name for p in scenario.places}
    for m in members:
        data = graph.nodes[m.person_id]
        assert (data["role"], data["stage"], data["cell"]) == (m.role, m.stage, m.cell)
        assert m.stage in stages and m.base_place in places
        assert 0 <= m.cell < scenario.network.cells_per_stage
        assert m.name and m.name not in m.name_variants and m.languages
    for _, _, data in graph.edges(data=True):
        assert data["kind"] in TIE_KINDS and data["first_seen"] == 0
    counts = Counter(m.role for m in members)
    assert all(counts[r] == getattr(scenario.network.roles, r.value) for r in Role)


def test_stages_follow_route_order_once_each():
    data = example_scenario().model_dump(by_alias=True)
    main = data["routes"][0]
    # a second route that starts mid-way revisits stages: they must not be added or reordered
    data["routes"] = [
        {**main, "share": 0.5},
        {**main, "name": "from-sabha", "share": 0.5, "legs": main["legs"][1:]},
    ]
    stages = route_stages(Scenario.model_validate(data))
    assert [s.name for s in stages] == ["Agadez", "Sabha", "Zuwara"]
    assert [s.first for s in stages] == [True, True, False]
    assert [len(s.legs) for s in stages] == [1, 2, 2]


def test_recruiters_share_the_migrants_nationality_and_facilitators_are_local():
    scenario = variant(
        example_scenario(),
        recruiter_same_nationality=1.0,
        local_facilitators=1.0,
        roles={"recruiter": 30, "transporter": 30, "corrupt_official": 5},
    )
    members, _ = build(scenario, 2)
    origins = {o.country for o in scenario.migrants.origins}
    country = {p.name: p.country for p in scenario.places}
    for m in members:
        if m.role is Role.RECRUITER:
            assert m.nationality in origins
        if m.role is Role.TRANSPORTER and m.stage == "Zuwara":  # the sea crossing from Libya
            assert m.nationality == "LY"
        if m.role is Role.CORRUPT_OFFICIAL:
            assert m.nationality == country[m.base_place]
    recruiters = Counter(m.nationality for m in members if m.role is Role.RECRUITER)
    assert set(recruiters) == origins  # weighted by shares 0.5/0.5: both appear in 30 draws


def test_recruiter_nationality_rate_follows_the_scenario():
    scenario = variant(example_scenario(), recruiter_same_nationality=0.8, roles={"recruiter": 400})
    members, _ = build(scenario, 5)
    origins = {o.country for o in scenario.migrants.origins}
    share = np.mean([m.nationality in origins for m in members if m.role is Role.RECRUITER])
    # binomial(400, 0.8): sd 0.02, so 0.8 +- 0.07 is a 3.5-sigma band
    assert abs(share - 0.8) < 0.07


@pytest.mark.parametrize(
    "roles",
    [
        {"organiser": 1, "recruiter": 1, "transporter": 1},
        {"organiser": 1},
        {"organiser": 2, "coordinator": 1},
    ],
)
@pytest.mark.parametrize("structure", ["hierarchy", "cells", "loose"])
def test_tiny_networks_still_build(roles, structure):
    zero = {r.value: 0 for r in Role}
    scenario = variant(
        example_scenario(), structure=structure, cells_per_stage=3, roles=zero | roles
    )
    members, graph = build(scenario, 0)
    assert len(members) == sum(roles.values()) == graph.number_of_nodes()
    if len(members) > 1:
        assert nx.is_connected(graph)


def test_make_member_refuses_an_unknown_stage():
    with pytest.raises(ValueError, match="not a stage"):
        make_member(
            Role.RECRUITER,
            "Atlantis",
            0,
            example_scenario(),
            np.random.default_rng(0),
            IdentityFactory(np.random.default_rng(0), 0),
            "P0100",
        )


# ----------------------------------------------------------------------------- replacements


def test_replacement_inherits_a_subset_of_ties_from_its_day():
    scenario = example_scenario()
    members, graph = build(scenario, 4)
    old = max(members, key=lambda m: (graph.degree(m.person_id), m.person_id))
    before = set(graph.neighbors(old.person_id))
    rng = np.random.default_rng(9)
    ids = IdentityFactory(np.random.default_rng(10), 10)
    new = make_member(old.role, old.stage, old.cell, scenario, rng, ids, "P9001")
    attach_replacement(graph, old, new, 17, rng)
    inherited = set(graph.neighbors(new.person_id))
    assert inherited and inherited <= before
    assert len(inherited) < len(before) or len(before) <= 3
    assert graph.nodes[new.person_id]["first_seen"] == 17
    for n in inherited:
        edge = graph.edges[new.person_id, n]
        assert edge["first_seen"] == 17
        assert edge["kind"] == graph.edges[old.person_id, n]["kind"]
    assert graph.has_node(old.person_id)  # history stays


def test_replacement_skips_arrested_contacts_and_always_gets_a_tie():
    g = nx.Graph()
    for node, role in (("A", Role.COORDINATOR), ("B", Role.TRANSPORTER), ("C", Role.ORGANISER)):
        g.add_node(node, role=role, stage="s", cell=0, first_seen=0)
    g.add_edge("A", "B", kind="logistics", first_seen=0)
    g.add_edge("A", "C", kind="command", first_seen=0)
    g.nodes["C"]["active"] = False
    old = Member("A", Role.COORDINATOR, "s", 0, "LY", ("ar",), "X", (), "s")
    for seed in range(20):
        h = g.copy()
        new = Member("N", Role.COORDINATOR, "s", 0, "LY", ("ar",), "Y", (), "s")
        attach_replacement(h, old, new, 3, np.random.default_rng(seed))
        assert list(h.neighbors("N")) == ["B"]


# ----------------------------------------------------------------------------- determinism

SCRIPT = """
import json, sys, numpy as np
from simulator.world.identities import IdentityFactory
from simulator.world.network import build_network, example_scenario
seed = int(sys.argv[1])
identities = IdentityFactory(np.random.default_rng(seed + 1), seed)
members, graph = build_network(example_scenario(), np.random.default_rng(seed), identities)
edges = sorted([min(a, b), max(a, b), d["kind"]] for a, b, d in graph.edges(data=True))
rows = [[m.person_id, m.role.value, m.stage, m.cell, m.nationality, m.name,
         list(m.name_variants), list(m.languages), m.base_place] for m in members]
print(json.dumps({"members": rows, "edges": edges}))
"""


def run_world(seed: int, hashseed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(seed)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


def test_same_seed_same_network_across_processes_and_hash_seeds():
    first = run_world(7, "0")
    assert first == run_world(7, "12345")
    # the same as in this process, and a different seed gives a different world
    for seed, same in ((7, True), (8, False)):
        members, graph = build_network(
            example_scenario(),
            np.random.default_rng(seed),
            IdentityFactory(np.random.default_rng(seed + 1), seed),
        )
        edges = sorted([min(a, b), max(a, b), d["kind"]] for a, b, d in graph.edges(data=True))
        assert (edges == first["edges"]) is same
        assert ([m.name for m in members] == [row[5] for row in first["members"]]) is same
