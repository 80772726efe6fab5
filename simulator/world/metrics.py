"""Realism figures of a tie network, to compare with police-observed criminal networks.

REALISM.md (network structure) gives the signature: mean degree about 2.5–6.5, strongly unequal
degrees, negative degree assortativity, clustering well above random, nearly everything in one
component, about 15% organisers, and ties about 7 times as likely within a route stage as across
(Campana 2018). Each figure is one small function; :func:`tie_network_figures` gathers them.

Example
-------
>>> import networkx as nx
>>> figures = tie_network_figures(nx.star_graph(4))
>>> figures["mean_degree"], figures["assortativity"]
(1.6, -1.0)
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np

__all__ = [
    "clustering_ratio",
    "degree_assortativity",
    "degree_cv",
    "largest_component_share",
    "mean_degree",
    "role_share",
    "same_stage_tie_ratio",
    "stage_modularity",
    "tie_network_figures",
]


def mean_degree(graph: nx.Graph) -> float:
    """Average number of ties per member (0 for an empty graph).

    >>> mean_degree(nx.path_graph(3))
    1.3333333333333333
    """
    n = graph.number_of_nodes()
    return 2 * graph.number_of_edges() / n if n else 0.0


def degree_cv(graph: nx.Graph) -> float:
    """Coefficient of variation of the degrees: population standard deviation over the mean.

    >>> round(degree_cv(nx.star_graph(3)), 4)
    0.5774
    """
    degrees = np.array([d for _, d in graph.degree()], dtype=float)
    if not len(degrees) or degrees.mean() == 0:
        return 0.0
    return float(degrees.std() / degrees.mean())


def degree_assortativity(graph: nx.Graph) -> float:
    """Pearson correlation of the degrees at either end of a tie (NaN when undefined).

    >>> degree_assortativity(nx.star_graph(5))
    -1.0
    """
    if graph.number_of_edges() == 0:
        return math.nan
    degrees = [d for _, d in graph.degree()]
    if min(degrees) == max(degrees):  # all degrees equal: the correlation is undefined
        return math.nan
    return float(nx.degree_assortativity_coefficient(graph))


def largest_component_share(graph: nx.Graph) -> float:
    """Share of members in the largest connected component.

    >>> g = nx.Graph([(1, 2), (2, 3)]); g.add_node(4)
    >>> largest_component_share(g)
    0.75
    """
    n = graph.number_of_nodes()
    if not n:
        return 0.0
    return max(len(c) for c in nx.connected_components(graph)) / n


def role_share(graph: nx.Graph, role: str, attribute: str = "role") -> float:
    """Share of members whose ``attribute`` equals ``role``.

    >>> g = nx.Graph(); g.add_nodes_from([(1, {"role": "organiser"}), (2, {"role": "recruiter"})])
    >>> role_share(g, "organiser")
    0.5
    """
    n = graph.number_of_nodes()
    if not n:
        return 0.0
    return sum(1 for _, value in graph.nodes(data=attribute) if value == role) / n


def same_stage_tie_ratio(graph: nx.Graph, attribute: str = "stage") -> float:
    """P(tie | same stage) / P(tie | different stages), over all member pairs.

    Campana (2018) calls this the same-stage odds; it is the ratio of the two tie densities.
    Infinite when there are same-stage ties but none across; NaN when a kind of pair is missing.

    >>> g = nx.Graph([(1, 2), (3, 4), (2, 3)])
    >>> nx.set_node_attributes(g, {1: "a", 2: "a", 3: "b", 4: "b"}, "stage")
    >>> same_stage_tie_ratio(g)  # same: 2 of 2 pairs; across: 1 of 4 pairs
    4.0
    """
    sizes: dict[Any, int] = {}
    for _, stage in graph.nodes(data=attribute):
        sizes[stage] = sizes.get(stage, 0) + 1
    n = graph.number_of_nodes()
    same_pairs = sum(k * (k - 1) // 2 for k in sizes.values())
    cross_pairs = n * (n - 1) // 2 - same_pairs
    if not same_pairs or not cross_pairs:
        return math.nan
    same = sum(1 for a, b in graph.edges if graph.nodes[a][attribute] == graph.nodes[b][attribute])
    cross = graph.number_of_edges() - same
    if cross == 0:
        return math.inf if same else math.nan
    return (same / same_pairs) / (cross / cross_pairs)


def clustering_ratio(graph: nx.Graph) -> float:
    """Average clustering over that of a random graph of the same density (which is the density).

    >>> g = nx.complete_graph(3); g.add_edge(2, 3)  # a triangle with a tail
    >>> round(clustering_ratio(g), 4)  # clustering (1 + 1 + 1/3 + 0) / 4 = 7/12, density 4/6
    0.875
    """
    density = nx.density(graph)
    if density == 0:
        return math.nan
    return nx.average_clustering(graph) / density


def stage_modularity(graph: nx.Graph, attribute: str = "stage") -> float:
    """Modularity of the partition of members by route stage.

    >>> g = nx.Graph([(1, 2), (3, 4)])
    >>> nx.set_node_attributes(g, {1: "a", 2: "a", 3: "b", 4: "b"}, "stage")
    >>> stage_modularity(g)
    0.5
    """
    if graph.number_of_edges() == 0:
        return math.nan
    groups: dict[Any, set[Any]] = {}
    for node, stage in graph.nodes(data=attribute):
        groups.setdefault(stage, set()).add(node)
    return float(nx.community.modularity(graph, list(groups.values())))


def tie_network_figures(graph: nx.Graph) -> dict[str, float]:
    """All realism figures of a tie network whose nodes carry ``role`` and ``stage``.

    Returns
    -------
    dict
        ``members``, ``ties``, ``mean_degree``, ``degree_cv``, ``assortativity``,
        ``largest_component_share``, ``organiser_share``, ``same_stage_tie_ratio``,
        ``clustering``, ``random_clustering`` (the density), ``clustering_ratio`` and
        ``stage_modularity``.

    Example
    -------
    >>> g = nx.Graph([(1, 2), (1, 3)])
    >>> nx.set_node_attributes(g, {1: "organiser", 2: "recruiter", 3: "recruiter"}, "role")
    >>> nx.set_node_attributes(g, {1: "a", 2: "a", 3: "b"}, "stage")
    >>> f = tie_network_figures(g)
    >>> round(f["organiser_share"], 3), f["same_stage_tie_ratio"]
    (0.333, 2.0)
    """
    return {
        "members": float(graph.number_of_nodes()),
        "ties": float(graph.number_of_edges()),
        "mean_degree": mean_degree(graph),
        "degree_cv": degree_cv(graph),
        "assortativity": degree_assortativity(graph),
        "largest_component_share": largest_component_share(graph),
        "organiser_share": role_share(graph, "organiser"),
        "same_stage_tie_ratio": same_stage_tie_ratio(graph),
        "clustering": nx.average_clustering(graph) if graph.number_of_nodes() else 0.0,
        "random_clustering": nx.density(graph),
        "clustering_ratio": clustering_ratio(graph),
        "stage_modularity": stage_modularity(graph),
    }
