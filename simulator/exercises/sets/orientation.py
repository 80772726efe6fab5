"""Episode 00, orientation: count what the open tables show, and say which request fits.

The answer functions read the truth tier only (the event log); the notebook's solutions reach the
same numbers from open tables. They are easy on purpose: the episode teaches how checks, hints and
free-text answers behave, not an analysis.

>>> import pandas as pd
>>> events = pd.DataFrame({"kind": ["account_taken_down", "account_taken_down", "benign_post"],
...                        "platform": ["A", "A", "A"], "actor_account": ["x", "y", "z"]})
>>> _removed_accounts({"events": events})
2
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from simulator.exercises.answers import FreeText, Number
from simulator.exercises.memo import events_of_kind
from simulator.exercises.question import Question

__all__ = ["LESSON", "QUESTIONS"]

LESSON = "00-orientation"


def _events(truth: Mapping[str, pd.DataFrame], kind: str) -> pd.DataFrame | None:
    events = truth.get("events")
    if events is None or "kind" not in events.columns:
        return None
    return events_of_kind(truth, kind)


def _removed_accounts(truth: Mapping[str, pd.DataFrame]) -> int | None:
    """Accounts the platforms removed (each platform and handle once)."""
    removed = _events(truth, "account_taken_down")
    if removed is None:
        return None
    return len(removed[["platform", "actor_account"]].drop_duplicates())


def _distinct_listings(truth: Mapping[str, pd.DataFrame]) -> int | None:
    """Listings put on the marketplace (None when the scenario has no marketplace)."""
    listed = _events(truth, "marketplace_listing")
    if listed is None or listed.empty:
        return None
    return len(listed)


QUESTIONS = (
    Question(
        id="orientation.removed_accounts",
        title="removed accounts",
        prompt=(
            "How many accounts did the platforms remove during the monitoring period? "
            "Answer with a number."
        ),
        answer=Number(),
        compute=_removed_accounts,
        hints=(
            "case.tables() lists an open table of pages that turned into a removal notice.",
            "Each row of case.takedown_notices is one removed account; accounts also has a "
            "status column.",
        ),
        solution=(
            "len(case.takedown_notices), or "
            "(case.accounts.status == 'suspended').sum(): both count removed accounts."
        ),
    ),
    Question(
        id="orientation.distinct_listings",
        title="distinct listings",
        prompt=(
            "How many different marketplace listings were captured? A page captured twice "
            "is still one listing. Answer with a number."
        ),
        answer=Number(),
        compute=_distinct_listings,
        hints=(
            "The marketplace listings are the open table 'listings'.",
            "len() counts rows; some listings were captured twice with the same listing_id. "
            "Count distinct listing ids.",
        ),
        solution="case.listings.listing_id.nunique() (not len(case.listings): recaptures).",
    ),
    Question(
        id="orientation.legal_route",
        title="which request fits",
        prompt=(
            "You want to know who wrote to a suspect's messenger account last month. Using "
            "case.providers() and case.legal_bases(), say which provider holds that data, what "
            "kind of data it is, which legal basis you would cite and whether you need a "
            "cross-border instrument. Two or three sentences."
        ),
        answer=FreeText(min_words=15),
        hints=(
            "Who wrote to whom, when: that is metadata, not content.",
            "Look at the messenger's row in case.providers(): its country and cross_border.",
        ),
        solution=(
            "The messenger holds traffic data (who wrote to whom, no content: end-to-end "
            "encrypted). Traffic data needs one of the bases legal_bases() lists for 'traffic'; "
            "when the messenger sits outside the investigating country, cross_border names the "
            "instrument (a European production order or an MLA request) to add."
        ),
    ),
)
