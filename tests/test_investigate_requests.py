"""Lawful requests: each rule granted and refused; minimisation, retention, preservation, log."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from simulator.investigate import MAX_TARGETS, open_case
from simulator.investigate.sample import write_sample_case

A = "+00 555 0101"  # the advertised number in the sample case
REASON = "number advertised in smuggling posts 1 and 3"


@pytest.fixture
def case(tmp_path: Path):
    return open_case(write_sample_case(tmp_path / "case"), work=tmp_path / "work")


def refused_because(result, text: str) -> bool:
    return (not result.granted) and text in result.reason and result.data.empty


# ------------------------------------------------------------------ basis per data kind


def test_subscriber_request_is_granted_for_subscriber_data(case):
    result = case.request(
        "Facepage", "subscriber", "@Eagle_Travel1", basis="subscriber_request", reason=REASON
    )
    assert result.granted and result.reason == "granted"
    assert result.data["handle"].tolist() == ["eagle_travel1"]  # only the target: minimisation


def test_subscriber_request_does_not_cover_traffic_data(case):
    result = case.request("Telco Demo", "traffic", A, basis="subscriber_request", reason=REASON)
    assert refused_because(result, "a subscriber_request does not cover traffic data")


def test_production_order_is_granted_for_traffic_data(case):
    result = case.request("Telco Demo", "traffic_data", A, basis="production_order", reason=REASON)
    assert result.granted
    # Only Telco Demo's records (not Other Tel's) and only calls involving the target.
    assert result.data["provider"].unique().tolist() == ["Telco Demo"]
    assert result.data["caller"].tolist() == [A]


def test_no_basis_is_refused(case):
    result = case.request("Telco Demo", "traffic", A, reason=REASON)
    assert refused_because(result, "no legal basis cited for traffic data")


def test_unknown_basis_provider_and_kind_are_refused(case):
    assert refused_because(
        case.request("Telco Demo", "traffic", A, basis="a_letter", reason=REASON),
        "unknown legal basis 'a_letter'",
    )
    assert refused_because(
        case.request("Nowhere Inc", "traffic", A, basis="production_order", reason=REASON),
        "no provider called 'Nowhere Inc'",
    )
    assert refused_because(
        case.request("Telco Demo", "dna", A, basis="production_order", reason=REASON),
        "unknown data kind 'dna'",
    )


# ------------------------------------------------------------------ content and encryption


def test_content_is_never_available_from_an_end_to_end_encrypted_provider(case):
    result = case.request(
        "Chatterbox", "content", A, basis="court_order + european_production_order", reason=REASON
    )
    assert refused_because(result, "end-to-end encrypted")


def test_data_the_provider_does_not_hold_is_refused_with_that_reason(case):
    result = case.request("Telco Demo", "kyc", A, basis="production_order", reason=REASON)
    assert refused_because(result, "holds no kyc data")


# ------------------------------------------------------------------ cross-border


def test_provider_in_another_eu_state_needs_a_european_production_order(case):
    refused = case.request("Chatterbox", "traffic", A, basis="production_order", reason=REASON)
    assert refused_because(refused, "needs a european_production_order")
    granted = case.request(
        "Chatterbox", "traffic", A, basis=["production_order", "european_production_order"],
        reason=REASON,
    )  # fmt: skip
    assert granted.granted and len(granted.data) == 2


def test_provider_outside_the_eu_needs_mutual_legal_assistance(case):
    wallet = "TDEMOxWALLETxNOTxVALID01"
    refused = case.request(
        "Coinhub", "kyc", wallet, basis="production_order + european_production_order",
        reason="wallet received payments for crossings",
    )  # fmt: skip
    assert refused_because(refused, "outside the EU") and "mla_request" in refused.reason
    granted = case.request(
        "Coinhub", "kyc", wallet, basis="production_order + mla_request",
        reason="wallet received payments for crossings",
    )  # fmt: skip
    assert granted.granted and granted.data["holder_name"].tolist() == ["A. Sample"]


# ------------------------------------------------------------------ proportionality


@pytest.mark.parametrize("reason", [None, "", "   ", "because"])
def test_missing_or_vague_reason_is_disproportionate(case, reason):
    result = case.request("Telco Demo", "traffic", A, basis="production_order", reason=reason)
    assert refused_because(result, "disproportionate")


@pytest.mark.parametrize("target", ["", None, [], "*", "all", "Everyone", "+00 555*", "Telco Demo"])
def test_too_broad_targets_are_disproportionate(case, target):
    result = case.request("Telco Demo", "traffic", target, basis="production_order", reason=REASON)
    assert refused_because(result, "disproportionate")


def test_too_many_targets_are_disproportionate(case):
    many = [f"+00 555 {index:04d}" for index in range(MAX_TARGETS + 1)]
    result = case.request("Telco Demo", "traffic", many, basis="production_order", reason=REASON)
    assert refused_because(result, f"{MAX_TARGETS + 1} targets in one request")
    few = many[:MAX_TARGETS]
    assert case.request("Telco Demo", "traffic", few, basis="production_order", reason=REASON)


def test_a_refusal_lists_every_problem_at_once(case):
    result = case.request("Chatterbox", "traffic", "*", basis="subscriber_request", reason="")
    for text in ("does not cover traffic", "european_production_order", "no reason", "wildcard"):
        assert text in result.reason


# ------------------------------------------------------------------ retention and preservation

EPO = "production_order + european_production_order"


def test_records_older_than_retention_are_gone(case):
    # Chatterbox keeps 90 days: on 2024-06-30 nothing before 2024-04-01 is left.
    result = case.request("Chatterbox", "traffic", A, basis=EPO, reason=REASON)
    assert result.granted
    assert pd.to_datetime(result.data["sent_at"]).min() >= pd.Timestamp("2024-04-01")
    early = case.request("Chatterbox", "traffic", A, basis=EPO, reason=REASON, date="2024-02-01")
    assert len(early.data) == 2  # on 1 February, the January messages were still there


def test_preservation_keeps_old_records_for_its_hold_period(case):
    assert not case.preserve("Chatterbox", A, basis="preservation_order", reason=REASON).granted
    preserved = case.preserve(
        "Chatterbox", A, basis="european_preservation_order", reason=REASON, date="2024-03-01"
    )
    assert preserved.granted and "until 2024-04-30" in preserved.note
    within = case.request("Chatterbox", "traffic", A, basis=EPO, reason=REASON, date="2024-04-20")
    assert pd.Timestamp("2024-01-10 08:00") in set(pd.to_datetime(within.data["sent_at"]))
    after = case.request("Chatterbox", "traffic", A, basis=EPO, reason=REASON, date="2024-06-30")
    assert pd.to_datetime(after.data["sent_at"]).min() >= pd.Timestamp("2024-04-01")


def test_a_second_preservation_before_expiry_extends_the_hold(case):
    for day in ("2024-03-01", "2024-04-25"):
        assert case.preserve(
            "Chatterbox", A, basis="european_preservation_order", reason=REASON, date=day
        ).granted
    late = case.request("Chatterbox", "traffic", A, basis=EPO, reason=REASON, date="2024-06-20")
    assert pd.Timestamp("2024-01-10 08:00") in set(pd.to_datetime(late.data["sent_at"]))


def test_preservation_of_another_target_does_not_help(case):
    case.preserve(
        "Chatterbox", "+00 555 0303", basis="european_preservation_order", reason=REASON,
        date="2024-03-01",
    )  # fmt: skip
    result = case.request("Chatterbox", "traffic", A, basis=EPO, reason=REASON, date="2024-04-20")
    assert pd.to_datetime(result.data["sent_at"]).min() >= pd.Timestamp("2024-01-21")


def test_requests_after_the_end_of_the_case_are_refused(case):
    result = case.request("Telco Demo", "traffic", A, basis="production_order", reason=REASON,
                          date="2025-01-01")  # fmt: skip
    assert refused_because(result, "after the last day of the case")


# ------------------------------------------------------------------ logging and reuse


def test_every_request_granted_or_refused_is_logged_in_order(case):
    first = case.request("Telco Demo", "traffic", A, basis="subscriber_request", reason=REASON)
    second = case.request("Telco Demo", "traffic", A, basis="production_order", reason=REASON)
    third = case.preserve("Telco Demo", A, basis="preservation_order", reason=REASON)
    log = case.requests()
    assert log["request_id"].tolist() == [first.id, second.id, third.id]
    assert log["granted"].tolist() == [False, True, True]
    assert log.loc[0, "decision"].startswith("refused:")
    assert log.loc[1, "rows"] == 1
    assert log.loc[0, "justification"] == REASON


def test_granted_data_is_a_sql_view_and_survives_reopening(case, tmp_path):
    result = case.request("Telco Demo", "traffic", A, basis="production_order", reason=REASON)
    assert case.sql(f"select count(*) as n from {result.view}")["n"].item() == 1
    again = open_case(tmp_path / "case", work=tmp_path / "work")
    assert again.result(result.id).data.equals(result.data)
    assert again.sql(f"select caller from {result.view}")["caller"].tolist() == [A]


def test_result_shows_its_decision_in_text_and_html(case):
    refused = case.request("Telco Demo", "traffic", A, basis="subscriber_request", reason=REASON)
    assert "refused" in repr(refused) and "refused" in refused._repr_html_()
    assert not refused


def test_a_case_without_legal_json_or_case_date_refuses_clearly(tmp_path):
    folder = write_sample_case(tmp_path / "case")
    legal = folder / "legal.json"
    text = legal.read_text().replace('"case_date": "2024-06-30"', '"case_date": null')
    legal.write_text(text)
    case = open_case(folder, work=tmp_path / "w1")
    result = case.request("Telco Demo", "traffic", A, basis="production_order", reason=REASON)
    assert refused_because(result, "no request date")
    assert case.request(
        "Telco Demo", "traffic", A, basis="production_order", reason=REASON, date="2024-06-30"
    ).granted
    legal.unlink()
    bare = open_case(folder, work=tmp_path / "w2")
    result = bare.request("Telco Demo", "traffic", A, basis="production_order", reason=REASON)
    assert refused_because(result, "no provider called 'Telco Demo'")
    assert bare.legal_bases()["data_kind"].tolist()[:3] == ["subscriber", "traffic", "content"]


def test_a_cross_border_instrument_does_not_replace_the_domestic_order():
    from simulator.investigate.legal import LegalFramework, ProviderInfo
    from simulator.investigate.rules import decide_request

    law = LegalFramework(
        investigating_country="IT",
        providers=(ProviderInfo("Faraway Tel", "telecom", "TN"),),
        legal_bases={
            "subscriber": ("subscriber_request", "mla_request"),
            "traffic": ("production_order", "mla_request"),
        },
    )
    reason = "number advertised in three crossing offers"
    refused = decide_request(
        law,
        "Faraway Tel",
        "traffic",
        "+216 1",
        basis="subscriber_request + mla_request",
        reason=reason,
        held_kinds=["traffic"],
    )
    assert not refused.granted
    assert any("does not cover traffic data" in problem for problem in refused.problems)
    granted = decide_request(
        law,
        "Faraway Tel",
        "traffic",
        "+216 1",
        basis="production_order + mla_request",
        reason=reason,
        held_kinds=["traffic"],
    )
    assert granted.granted, granted.problems
