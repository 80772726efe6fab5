"""Episode 01, online monitoring: adverts among benign posts, the sellers behind them, the log.

Every answer is computed from the ``advert_posted`` and ``benign_post`` events of the truth tier.
The notebook reaches the same answers from the open ``posts`` table: an advert is a post that
gives a contact number (in its text or only in its picture's OCR text), and the accounts of one
seller are linked by the numbers they share. Numbers are compared in international form
(``+`` country code and digits), so spacing, ``00`` prefixes and native digits do not matter.

>>> import pandas as pd
>>> events = pd.DataFrame({
...     "kind": ["advert_posted", "advert_posted", "advert_posted", "benign_post"],
...     "actor": ["P1", "P1", "P2", "B1"],
...     "platform": ["A", "B", "A", "A"],
...     "actor_account": ["eagle", "eagle1", "wolf", "ngo"],
...     "amount": [2000.0, 3000.0, None, None],
...     "detail": ['{"language": "fr", "contact_phone": "+00 1234567"}',
...                '{"language": "ar", "contact_phone": "+00 1234567"}',
...                '{"language": "fr", "contact_phone": "+00 7654321"}', '{"language": "en"}'],
... })
>>> truth = {"events": events}
>>> _languages(truth), _numbers(truth), _sellers(truth), _largest_seller_accounts(truth)
(['ar', 'fr'], ['+00 1234567', '+00 7654321'], 2, 2)
>>> _accounts(truth), _precision(truth), _median_price(truth)
(3, 0.75, 2500.0)
>>> removed = pd.DataFrame({"kind": ["account_taken_down"], "platform": ["A"],
...                         "actor_account": ["wolf"], "actor": ["P2"], "detail": ["{}"]})
>>> gone = {"events": pd.concat([events, removed], ignore_index=True)}
>>> _numbers(gone), _accounts(gone)
(['+00 1234567'], 2)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from simulator.exercises.answers import Exact, Number, SetOf
from simulator.exercises.details import advert_details, advert_rows
from simulator.exercises.memo import events_of_kind, per_truth
from simulator.exercises.question import Question

__all__ = ["LESSON", "QUESTIONS"]

LESSON = "01-online-monitoring"


@per_truth
def _kind(truth: Mapping[str, pd.DataFrame], kind: str) -> pd.DataFrame:
    events = truth.get("events")
    if events is None or "kind" not in events.columns:
        return pd.DataFrame(columns=["kind", "actor", "platform", "actor_account", "detail"])
    return events_of_kind(truth, kind)


def _adverts(truth: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    """The adverts without their detail texts (:func:`advert_details` reads those)."""
    events = truth.get("events")
    if events is None or "kind" not in events.columns:
        return None
    adverts = advert_rows(truth)
    return None if adverts.empty else adverts


def _advert_details(truth: Mapping[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """The ``language`` and ``contact_phone`` of each advert's detail (``{}`` for a blank one),
    in the adverts' row order (parsed once per answer key, shared with episode 02)."""
    return [] if _adverts(truth) is None else advert_details(truth)


def _languages(truth: Mapping[str, pd.DataFrame]) -> list[str] | None:
    """Languages the adverts are written in (ISO 639-1)."""
    if _adverts(truth) is None:
        return None
    return sorted({str(d["language"]) for d in _advert_details(truth) if d.get("language")})


@per_truth
def _live_rows(truth: Mapping[str, pd.DataFrame]) -> list[bool]:
    """Which adverts (in row order) come from accounts the platforms never removed.

    A removed account's last posts may be gone before the capture tool saw them, so questions
    about every advert could ask for what no trainee can see; a live account's posts all are.
    """
    adverts = _adverts(truth)
    if adverts is None:
        return []
    removed = _kind(truth, "account_taken_down")
    gone = set(zip(removed["platform"], removed["actor_account"], strict=True))
    keys = zip(adverts["platform"], adverts["actor_account"], strict=True)
    return [key not in gone for key in keys]


def _numbers(truth: Mapping[str, pd.DataFrame]) -> list[str] | None:
    """Contact numbers the adverts of live accounts give (``phone`` normalises to +digits)."""
    if _adverts(truth) is None:
        return None
    live = zip(_advert_details(truth), _live_rows(truth), strict=True)
    numbers = sorted(
        {str(d["contact_phone"]) for d, keep in live if keep and d.get("contact_phone")}
    )
    return numbers or None


def _accounts(truth: Mapping[str, pd.DataFrame]) -> int | None:
    """Live accounts (never removed) that posted adverts (platform and handle)."""
    adverts = _adverts(truth)
    if adverts is None:
        return None
    # Only the two key columns: selecting rows copies every selected column.
    accounts = adverts.loc[_live_rows(truth), ["platform", "actor_account"]]
    return len(accounts.drop_duplicates())


def _precision(truth: Mapping[str, pd.DataFrame]) -> float | None:
    """Share of adverts among all posts that use the vocabulary.

    Every benign post quotes the shared vocabulary, so a keyword search that catches the adverts
    returns them together with every benign post: its precision is adverts / all posts.
    """
    adverts = _adverts(truth)
    if adverts is None:
        return None
    # Counted, not selected: only the number of benign posts matters.
    benign = int((truth["events"]["kind"] == "benign_post").sum())
    return len(adverts) / (len(adverts) + benign)


def _median_price(truth: Mapping[str, pd.DataFrame]) -> float | None:
    """Median price quoted in adverts that quote one."""
    adverts = _adverts(truth)
    if adverts is None or "amount" not in adverts.columns:
        return None
    prices = pd.to_numeric(adverts["amount"], errors="coerce").dropna()
    return float(prices.median()) if len(prices) else None


@per_truth
def _seller_accounts(truth: Mapping[str, pd.DataFrame]) -> pd.Series | None:
    adverts = _adverts(truth)
    if adverts is None:
        return None
    accounts = adverts[["actor", "platform", "actor_account"]].drop_duplicates()
    return accounts.groupby("actor").size()


def _sellers(truth: Mapping[str, pd.DataFrame]) -> int | None:
    """People behind the adverts."""
    per_seller = _seller_accounts(truth)
    return None if per_seller is None else len(per_seller)


def _largest_seller_accounts(truth: Mapping[str, pd.DataFrame]) -> int | None:
    """How many advertising accounts the seller with the most of them runs."""
    per_seller = _seller_accounts(truth)
    return None if per_seller is None else int(per_seller.max())


def _locker_intact(truth: Mapping[str, pd.DataFrame]) -> bool:
    """An untouched evidence locker always verifies: the lesson is running the check."""
    return True


QUESTIONS = (
    Question(
        id="online.contact_numbers",
        title="advertised numbers",
        prompt=(
            "You will ask the operators who holds the numbers behind the accounts that are "
            "still online. Which contact numbers do the adverts of accounts that are still "
            "active give? Look in the post text and in the OCR text of pictures. Give each "
            "number in international form: '+', the country code and the digits."
        ),
        answer=SetOf(normalise="phone"),
        compute=_numbers,
        hints=(
            "Benign posts (NGOs, journalists, agencies) give no phone number; adverts always "
            "do, sometimes only inside the picture.",
            "Turn Arabic-Indic and Persian digits into 0-9 first; a number starts with '+' or "
            "'00' and may be split by spaces, dots, dashes or brackets.",
            "In image_text, OCR reads 0 as O/o/D, 1 as l/I/|, 2 as Z, 5 as S, 8 as B: map them "
            "back inside a number-like run only, then drop a leading 00.",
        ),
        solution=(
            "Keep posts of accounts whose status is 'active' in case.accounts; apply the "
            "number finder to their text and image_text (ascii digits, OCR read-back inside "
            "runs starting with + or 00, strip separators, '+' + digits); take the set."
        ),
    ),
    Question(
        id="online.advert_languages",
        title="advert languages",
        prompt=(
            "Collection plan: in which languages are the adverts written? Give ISO 639-1 codes "
            "(the posts' language column)."
        ),
        answer=SetOf(normalise="text"),
        compute=_languages,
        hints=(
            "Use the adverts you found (posts with a contact number), not every post.",
            "sorted(adverts.language.unique())",
        ),
        solution="sorted(adverts.language.dropna().unique())",
    ),
    Question(
        id="online.keyword_precision",
        title="keyword precision",
        prompt=(
            "Search every captured post (each post_id once) for the campaign vocabulary. What "
            "share of the posts it finds are real adverts (the search's precision)? Give a "
            "fraction between 0 and 1."
        ),
        answer=Number(tolerance=0.05),
        compute=_precision,
        hints=(
            "Precision = adverts among the hits / all hits.",
            "hits.post_id.isin(adverts.post_id).mean()",
        ),
        solution=(
            "hits = posts matching any vocabulary word (post_id once); "
            "precision = hits.post_id.isin(adverts.post_id).mean()."
        ),
    ),
    Question(
        id="online.median_price",
        title="median price",
        prompt=(
            "What is the median price the adverts ask (each advert post once, in the currency "
            "they quote)? Read prices written as '2500€', '2 500 €', '€2,500', '2.5k', '£3k' "
            "or in Arabic-Indic digits."
        ),
        answer=Number(tolerance=0.1, relative=True),
        compute=_median_price,
        hints=(
            "Remove the phone numbers from the text first, so their digits are not read as "
            "prices; ignore percentages ('100% safe').",
            "Thousands come grouped by space, dot, comma or thin space, or as 'k'. Keep adverts "
            "with exactly one amount and take the median.",
        ),
        solution=(
            "For each advert (post_id once): ascii digits, remove phone runs, read amounts "
            "(k-forms, grouped thousands, plain numbers; not before %), keep amounts >= 100; "
            "median over adverts with exactly one amount."
        ),
    ),
    Question(
        id="online.advert_accounts",
        title="advertising accounts",
        prompt=("How many accounts (platform and handle) posted adverts? Answer with a number."),
        answer=Number(),
        compute=_accounts,
        hints=(
            "The same handle on two platforms is two accounts; case.accounts has a status.",
            "Merge the adverts' platform and handle with case.accounts and keep 'active'.",
        ),
        solution=(
            "adverts[['platform', 'handle']].drop_duplicates().merge(case.accounts)"
            ".query(\"status == 'active'\"), then len()."
        ),
    ),
    Question(
        id="online.sellers",
        title="sellers",
        prompt=(
            "Link the advertising accounts that share a contact number (directly or through a "
            "chain of accounts and numbers). How many different sellers are behind the adverts? "
            "(Posts lost with removed accounts may hide a link: within 10% counts.)"
        ),
        answer=Number(tolerance=0.1, relative=True),
        compute=_sellers,
        hints=(
            "Build a graph with a node per account and per number, and an edge when an "
            "account's advert gives the number.",
            "Each connected component is one seller: nx.number_connected_components(G).",
            "Logos and brand names are copied between sellers and partner groups: they "
            "corroborate a link, they do not prove one.",
        ),
        solution="nx.number_connected_components(G) on the account-number graph of the adverts.",
    ),
    Question(
        id="online.largest_seller",
        title="largest seller",
        prompt=(
            "How many advertising accounts does the seller with the most accounts run? (within ±1)"
        ),
        answer=Number(tolerance=1),
        compute=_largest_seller_accounts,
        hints=(
            "Count the account nodes in each connected component.",
            "max(sum(1 for n in c if n[0] == 'account') for c in nx.connected_components(G))",
        ),
        solution="The largest number of account nodes in one connected component of G.",
    ),
    Question(
        id="online.log_verified",
        title="collection log verified",
        prompt=(
            "Store your collection log (one row per captured advert: URL, capture time, SHA-256 "
            "of what was captured) in the evidence locker, add your linking as an inference, "
            "then run case.evidence.verify(). Is the locker intact? Answer True or False with "
            "what verify() reports (its .ok)."
        ),
        answer=Exact(normalise="text"),
        compute=_locker_intact,
        hints=(
            "case.evidence.add(frame, source=..., description=...) stores a hashed copy.",
            "report = case.evidence.verify(); report.ok",
        ),
        solution=(
            "item = case.evidence.add(log, source='open/posts', description=...); "
            "case.evidence.add(..., kind='inference', confidence=..., based_on=[item.id]); "
            "answer = case.evidence.verify().ok"
        ),
    ),
)
