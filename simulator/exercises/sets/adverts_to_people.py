"""Episode 02, from adverts to people: lawful requests, the communication graph, its hubs and cells.

Every answer function starts from the numbers the smugglers' adverts publish (the
``contact_phone`` of ``advert_posted`` events by accounts the platforms never removed, the ones a
trainee sees in full) and keeps only what the requests the episode
prescribes would return: the subscriber register of those numbers, and the calls and SMS in which
one of them is a party. The graph is undirected and unweighted (one edge per pair of numbers that
called or texted at least once), so duplicated records, clock skew and the copies two operators
keep of one call do not change it; it is built from the sorted edge list so community detection
sees the same graph whichever way it was assembled.

>>> truth = _demo_truth()
>>> _advertised(truth)
['+00 100', '+00 200']
>>> sorted(map(sorted, _edges(truth)))
[['+00 100', '+00 300'], ['+00 200', '+00 300']]
>>> _central(truth, "degree")
['+00 300']
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from simulator.exercises.answers import Exact, FreeText, Number, SetOf
from simulator.exercises.details import advert_details, advert_rows
from simulator.exercises.graphs import betweenness_centrality, greedy_modularity_communities
from simulator.exercises.memo import events_of_kind, per_truth
from simulator.exercises.question import Question

__all__ = ["LESSON", "QUESTIONS"]

LESSON = "02-from-adverts-to-people"

# Centralities this close are a tie: each tied number is accepted.
_TIE = 1e-9


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value).strip()


@per_truth
def _advertised(truth: Mapping[str, pd.DataFrame]) -> list[str]:
    """The contact numbers published in adverts of accounts never taken down, sorted.

    A removed account's posts are captured only in part (the capture tool may not have saved
    them before the removal), so the episode starts from the accounts still active, whose
    every post is in ``open/posts``.
    """

    def account(frame: pd.DataFrame) -> pd.Series:
        return frame["platform"].astype(str) + "\x1f" + frame["actor_account"].astype(str)

    removed = set(account(events_of_kind(truth, "account_taken_down")))
    live = (~account(advert_rows(truth)).isin(removed)).tolist()
    # The details of every advert are read once for episodes 01 and 02; keep the live ones'.
    # A blank detail reads as {} (advert_details), any text as both fields.
    numbers = set()
    for detail, wanted in zip(advert_details(truth), live, strict=True):
        phone = _text(detail["contact_phone"]) if wanted and detail else ""
        if phone:
            numbers.add(phone)
    return sorted(numbers)


@per_truth
def _edges(truth: Mapping[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """Pairs of numbers that called or texted, one of them advertised (what traffic data shows),
    each pair once as (smaller, larger) number, sorted.

    Computed on the distinct numbers rather than row by row: the traffic of a large case has
    hundreds of thousands of records. Numbers are ranked in sorted order, so ordering a pair of
    ranks orders the pair of numbers, and sorting the pairs' codes sorts the pairs.
    """
    advertised = set(_advertised(truth))
    events = truth["events"]
    # Only the two phone columns: selecting rows copies every selected column.
    traffic = events.loc[events["kind"].isin(["call", "sms"]), ["actor_phone", "target_phone"]]
    ends = pd.concat([traffic["actor_phone"], traffic["target_phone"]], ignore_index=True)
    # Blanks (missing values) get code -1. The phone columns hold text, so equal values have
    # equal text and cleaning each distinct value once is cleaning every record.
    codes, values = pd.factorize(ends)
    cleaned = [_text(value) for value in values]
    numbers = sorted(set(cleaned) - {""})
    rank = {number: position for position, number in enumerate(numbers)}
    # Rank of each distinct value, and -1 (appended last, so code -1 finds it) for blanks.
    ranks = np.array([rank.get(text, -1) for text in cleaned] + [-1], dtype=np.int64)
    caller, callee = np.split(ranks[codes], 2)
    flagged = np.array([number in advertised for number in numbers] + [False], dtype=bool)
    keep = (caller >= 0) & (callee >= 0) & (caller != callee) & (flagged[caller] | flagged[callee])
    width = max(len(numbers), 1)
    pairs = np.unique(
        np.minimum(caller[keep], callee[keep]) * width + np.maximum(caller[keep], callee[keep])
    )
    return [(numbers[code // width], numbers[code % width]) for code in pairs.tolist()]


@per_truth
def _graph(truth: Mapping[str, pd.DataFrame]) -> nx.Graph:
    """The communication graph, built once per answer key (callers must not change it)."""
    graph = nx.Graph()
    graph.add_edges_from(_edges(truth))
    return graph


@per_truth
def _central(truth: Mapping[str, pd.DataFrame], measure: str) -> list[str] | None:
    """Every number with the highest centrality (``degree`` or ``betweenness``).

    Betweenness is networkx's, computed exactly by :func:`betweenness_centrality` (networkx
    itself needs hours on the graph of a large case).
    """
    graph = _graph(truth)
    if graph.number_of_nodes() == 0:
        return None
    scores = dict(graph.degree()) if measure == "degree" else betweenness_centrality(graph)
    best = max(scores.values())
    return sorted(node for node, score in scores.items() if score >= best - _TIE)


@per_truth
def _communities(truth: Mapping[str, pd.DataFrame]) -> list[set[str]]:
    """``nx.community.greedy_modularity_communities`` of the graph (the same merges, faster)."""
    graph = _graph(truth)
    if graph.number_of_nodes() == 0:
        return []
    return [set(c) for c in greedy_modularity_communities(graph)]


def _operator_countries(truth: Mapping[str, pd.DataFrame]) -> list[str] | None:
    # The operators' own rule: a number belongs to the operator of its calling code's country.
    from simulator.observers.lookup import number_country

    countries = sorted({number_country(number) for number in _advertised(truth)} - {"ZZ"})
    return countries or None


def _imsis(truth: Mapping[str, pd.DataFrame]) -> list[str] | None:
    """The IMSI of each advertised number: the SIM its holder acquired with it.

    ``None`` (no answer in this case) if a number has no SIM in the truth: the register would
    then show an IMSI the truth cannot vouch for.
    """
    numbers = _advertised(truth)
    ownership = truth["ownership"]
    kinds = ownership["identifier_kind"].astype(str)
    phones = ownership[kinds == "phone_number"]
    sims = ownership[kinds == "imsi"]
    # Only the holders of advertised numbers matter: a number's SIM is one of its holder's
    # SIMs (paired in order within one acquisition), so rows of other people cannot change it.
    holders = set(phones.loc[phones["identifier"].map(str).isin(numbers), "person_id"].map(str))
    phones = phones[phones["person_id"].map(str).isin(holders)]
    sims = sims[sims["person_id"].map(str).isin(holders)]
    pool: dict[tuple[str, object], list[str]] = {}
    for ident, person, start in zip(
        sims["identifier"], sims["person_id"], sims["from"], strict=True
    ):
        pool.setdefault((str(person), start), []).append(str(ident))
    taken: dict[tuple[str, object], int] = {}
    paired: dict[str, str] = {}
    for ident, person, start in zip(
        phones["identifier"], phones["person_id"], phones["from"], strict=True
    ):
        key = (str(person), start)
        position = taken.get(key, 0)
        if position < len(pool.get(key, [])):
            paired.setdefault(str(ident), pool[key][position])
            taken[key] = position + 1
    if not numbers or any(number not in paired for number in numbers):
        return None
    return sorted({paired[number] for number in numbers})


def _node_count(truth: Mapping[str, pd.DataFrame]) -> int | None:
    graph = _graph(truth)
    return graph.number_of_nodes() or None


def _community_count(truth: Mapping[str, pd.DataFrame]) -> int | None:
    return len(_communities(truth)) or None


def _hub_community(truth: Mapping[str, pd.DataFrame]) -> list[str] | None:
    hubs = _central(truth, "degree")
    if not hubs or len(hubs) > 1:
        return None  # a tie would make "the hub's community" ambiguous
    for community in _communities(truth):
        if hubs[0] in community:
            return sorted(community)
    return None


_GRAPH_RULE = (
    "Use every call and SMS record you obtained for the advertised numbers; one node per phone "
    "number, one undirected edge per pair of numbers that called or texted at least once "
    "(networkx Graph built from the sorted list of edges)."
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        id="adverts.operator_country",
        title="Where the subscriber records are",
        prompt=(
            "The adverts of the accounts still active publish contact numbers (the advertised "
            "numbers of this episode). In which country is each mobile operator "
            "seated that registers the subscribers of those numbers? Give the ISO country "
            "codes as `case.providers()` writes them."
        ),
        answer=SetOf(normalise="text"),
        compute=_operator_countries,
        hints=(
            "A mobile number belongs to the operator of the country its calling code names.",
            "List the calling codes of the advertised numbers, then find the telecom "
            "providers of those countries in `case.providers()`.",
        ),
        solution=(
            "Extract the numbers from the posts, take their calling codes, map each code to its "
            "country and keep the `country` of the telecom providers seated there:\n"
            "codes = {n.split()[0] for n in advertised}\n"
            "telecoms = case.providers().query(\"kind == 'telecom'\")"
        ),
    ),
    Question(
        id="adverts.subscriber_imsis",
        title="The SIM cards behind the adverts",
        prompt=(
            "Request the subscriber data of every advertised number from the operator that "
            "holds it (at most 5 numbers per request, with a fitting legal basis and, for an "
            "operator abroad, the cross-border instrument). Which SIM cards (IMSIs) are "
            "registered for the advertised numbers?"
        ),
        answer=SetOf(normalise="exact"),
        compute=_imsis,
        hints=(
            "`case.legal_bases()` says which instruments unlock subscriber data; "
            "`case.providers()` says which instrument a provider abroad needs on top.",
            "Loop over the numbers in chunks of five: "
            "`case.request(operator, 'subscriber', chunk, basis=..., reason=...)`.",
            "Stack the granted results' `.data` and take the `imsi` of the rows whose `msisdn` "
            "is an advertised number.",
        ),
        solution=(
            "for chunk in chunks(advertised, 5):\n"
            "    result = case.request(operator, 'subscriber', chunk,\n"
            "                          basis='subscriber_request + <cross-border instrument>',\n"
            "                          reason='contact number published in smuggling adverts')\n"
            "register = pd.concat(r.data for r in results)\n"
            "answer = set(register['imsi'])"
        ),
    ),
    Question(
        id="adverts.graph_numbers",
        title="How big is the graph",
        prompt=(
            "Request the traffic data (calls and SMS) of the advertised numbers and build their "
            "communication graph. " + _GRAPH_RULE + " How many phone numbers (nodes) does it have?"
        ),
        answer=Number(),
        compute=_node_count,
        hints=(
            "Subscriber requests do not cover traffic data: check `case.legal_bases()`.",
            "A traffic request returns `call_records` and `sms_records` "
            "(`result.tables[...]`); stack the caller and callee columns of both.",
            "Duplicated records and the same call seen by two operators do not add nodes: "
            "count distinct numbers.",
        ),
        solution=(
            "calls = pd.concat([r.tables[t][['caller', 'callee']] for r in traffic\n"
            "                   for t in ('call_records', 'sms_records')])\n"
            "edges = {tuple(sorted(pair)) for pair in calls.dropna().itertuples(index=False)}\n"
            "G = nx.Graph(); G.add_edges_from(sorted(edges)); G.number_of_nodes()"
        ),
    ),
    Question(
        id="adverts.hub_degree",
        title="The hub",
        prompt=(
            "In that graph, which phone number has the highest degree (the most distinct contacts)?"
        ),
        answer=Exact(normalise="phone"),
        compute=lambda truth: _central(truth, "degree"),
        hints=(
            "`dict(G.degree())` gives every node's number of neighbours.",
            "`max(degrees, key=degrees.get)`.",
        ),
        solution="degrees = dict(G.degree()); max(degrees, key=degrees.get)",
    ),
    Question(
        id="adverts.broker_betweenness",
        title="The broker",
        prompt=(
            "Which phone number has the highest betweenness centrality (it lies on the most "
            "shortest paths between other numbers)?"
        ),
        answer=Exact(normalise="phone"),
        compute=lambda truth: _central(truth, "betweenness"),
        hints=(
            "`nx.betweenness_centrality(G)` returns a dict of scores.",
            "Take the key with the largest value.",
        ),
        solution="scores = nx.betweenness_centrality(G); max(scores, key=scores.get)",
    ),
    Question(
        id="adverts.cell_count",
        title="How many cells",
        prompt=(
            "Split the graph into communities with "
            "`nx.community.greedy_modularity_communities(G)`. How many communities does it find?"
        ),
        answer=Number(),
        compute=_community_count,
        hints=(
            "The function returns a list of sets of nodes.",
            "Build G from the sorted edge list, as the question says, then take len(...).",
        ),
        solution="communities = nx.community.greedy_modularity_communities(G); len(communities)",
    ),
    Question(
        id="adverts.hub_cell",
        title="The hub's cell",
        prompt=(
            "Which phone numbers are in the same community as the highest-degree number "
            "(the hub itself included)?"
        ),
        answer=SetOf(normalise="phone"),
        compute=_hub_community,
        hints=(
            "Find the community (a set) that contains the hub's number.",
            "`next(c for c in communities if hub in c)`.",
        ),
        solution="next(c for c in communities if hub in c)",
    ),
    Question(
        id="adverts.facts_inferences",
        title="Facts and inferences",
        prompt=(
            "Write four short statements about the hub number for your case file: two "
            "observations (what a record shows) and two inferences (what you conclude from "
            "them), each labelled FACT or INFERENCE, and say for one inference what evidence "
            "would confirm or refute it."
        ),
        answer=FreeText(min_words=30),
        hints=(
            "A fact names its source: 'the operator's register lists ...', 'the call records "
            "show ...'.",
            "A registered name is a fact about the register, not proof of who used the phone; "
            "'the hub is the organiser' is an inference from the graph.",
        ),
        solution=(
            "FACT: the operator registers the number to <name as registered> (subscriber "
            "request ...). FACT: the call records show it in contact with N numbers, K of them "
            "advertised. INFERENCE: its holder coordinates the recruiters. INFERENCE: the "
            "registered subscriber is the user. Confirm with a seized phone, handset (IMEI) and "
            "cell-site data matching the subscriber's known places, or a witness."
        ),
    ),
)


def _demo_truth() -> dict[str, pd.DataFrame]:
    """A tiny truth for the doctests: two advertised numbers that both call one number."""
    advert = json.dumps({"contact_phone": "+00 100"})
    events = pd.DataFrame(
        {
            "kind": ["advert_posted", "advert_posted", "call", "sms", "call"],
            "detail": [advert, json.dumps({"contact_phone": "+00 200"}), None, None, None],
            "platform": ["Demo", "Demo", None, None, None],
            "actor_account": ["seller1", "seller2", None, None, None],
            "actor_phone": [None, None, "+00 100", "+00 300", "+00 400"],
            "target_phone": [None, None, "+00 300", "+00 200", "+00 500"],
        }
    )
    return {"events": events}
