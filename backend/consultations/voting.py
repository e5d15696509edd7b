"""Consultation votes (表决): the services, in one import.

- ``voting_setup``: create a DRAFT vote; open it with the eligibility snapshot.
- ``voting_ballots``: cast online, enter paper and on-site ballots, resolve conflicts.
- ``voting_results``: turnout, close with the frozen tally and outcome, recount, receipts.
- ``voting_common``: visibility of votes, locks, retries.

Nothing here imports the API layer; choices of a ballot are only ever read as aggregates.
"""

from __future__ import annotations

from backend.consultations.voting_ballots import (
    CastBallot,
    PaperEntry,
    cast_online,
    enter_paper,
    resolve_conflict,
)
from backend.consultations.voting_common import (
    accepting_ballots,
    filter_votes,
    managed_votes,
    visible_votes,
)
from backend.consultations.voting_results import (
    Receipt,
    ReceiptStatus,
    Recount,
    Turnout,
    VoterUnit,
    close_vote,
    filter_conflicts,
    filter_units,
    frozen_turnout,
    live_turnouts,
    lookup_receipt,
    raw_tally,
    recount_vote,
    tally_from_json,
    voter_units,
)
from backend.consultations.voting_setup import (
    OptionData,
    VoteData,
    create_vote,
    open_vote,
    take_snapshot,
)

__all__ = [
    "CastBallot",
    "OptionData",
    "PaperEntry",
    "Receipt",
    "ReceiptStatus",
    "Recount",
    "Turnout",
    "VoteData",
    "VoterUnit",
    "accepting_ballots",
    "cast_online",
    "close_vote",
    "create_vote",
    "enter_paper",
    "filter_conflicts",
    "filter_units",
    "filter_votes",
    "frozen_turnout",
    "live_turnouts",
    "lookup_receipt",
    "managed_votes",
    "open_vote",
    "raw_tally",
    "recount_vote",
    "resolve_conflict",
    "take_snapshot",
    "tally_from_json",
    "visible_votes",
    "voter_units",
]
