"""协商议事: topics, sessions, comments, votes, ballots and resolutions.

The models live in one module per part of the story; this package exports every name, and it
is the module the Tortoise app lists (``backend.db``), so the model registry (app ``models``),
the tables and the migrations do not depend on the split:

- ``scope``: ``ScopeKind`` and the CHECK on a topic's or vote's scope keys;
- ``topics``: ``ConsultationSettings``, ``Topic``, ``TopicSupport``;
- ``sessions``: ``ConsultationSession`` with its agenda, participants and materials;
  ``Comment`` and ``CommentReport``;
- ``votes``: ``Vote``, ``VoteOption`` and the eligibility snapshot (``EligibleUnit``,
  ``EligibleVoter``);
- ``ballots``: ``Ballot``, ``BallotConflict`` and their choices; receipt codes;
- ``resolutions``: ``Resolution``, ``ImplementationUpdate``, ``Evaluation``.

CHECK constraints compare decimals through ``CAST(… AS NUMERIC)``: Tortoise keeps SQLite
decimals as text, which would otherwise compare as strings.

Cross-row consistency the foreign keys cannot express (a ballot's unit and options, a
conflict's unit and ballot, an eligible voter's unit all belong to the same vote) is
enforced by triggers created in the migration, so a direct insert cannot break it either.
"""

from __future__ import annotations

from backend.consultations.models.ballots import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotConflict,
    BallotConflictChoice,
    ConflictStatus,
    new_receipt_code,
)
from backend.consultations.models.resolutions import (
    Evaluation,
    EvaluationRating,
    ImplementationUpdate,
    Resolution,
)
from backend.consultations.models.scope import ScopeKind
from backend.consultations.models.sessions import (
    Comment,
    CommentReport,
    ConsultationSession,
    ParticipantRole,
    SessionMaterial,
    SessionMode,
    SessionParticipant,
    SessionState,
    SessionTopic,
)
from backend.consultations.models.topics import (
    DEFAULT_COMMENT_EDIT_MINUTES,
    DEFAULT_NOTICE_DAYS,
    DEFAULT_SUPPORT_THRESHOLD_COUNT,
    ConsultationSettings,
    Topic,
    TopicCategory,
    TopicState,
    TopicSupport,
)
from backend.consultations.models.votes import (
    EligibleUnit,
    EligibleVoter,
    OptionStance,
    Vote,
    VoteOption,
    VoteState,
    VotingUnit,
)
from backend.consultations.rules import BallotKind, DecisionRule

__all__ = [
    "DEFAULT_COMMENT_EDIT_MINUTES",
    "DEFAULT_NOTICE_DAYS",
    "DEFAULT_SUPPORT_THRESHOLD_COUNT",
    "RECEIPT_ALPHABET",
    "RECEIPT_LENGTH",
    "Ballot",
    "BallotChannel",
    "BallotChoice",
    "BallotConflict",
    "BallotConflictChoice",
    "BallotKind",
    "Comment",
    "CommentReport",
    "ConflictStatus",
    "ConsultationSession",
    "ConsultationSettings",
    "DecisionRule",
    "EligibleUnit",
    "EligibleVoter",
    "Evaluation",
    "EvaluationRating",
    "ImplementationUpdate",
    "OptionStance",
    "ParticipantRole",
    "Resolution",
    "ScopeKind",
    "SessionMaterial",
    "SessionMode",
    "SessionParticipant",
    "SessionState",
    "SessionTopic",
    "Topic",
    "TopicCategory",
    "TopicState",
    "TopicSupport",
    "Vote",
    "VoteOption",
    "VoteState",
    "VotingUnit",
    "new_receipt_code",
]
