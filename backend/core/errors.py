"""Domain errors: services raise them, only ``backend.api.errors`` makes them ``UserError``s."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")


class ErrorCode(Enum):
    """Every expected failure the API reports, one enum for the whole schema."""

    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_DIVISION_CODE = "INVALID_DIVISION_CODE"
    DIVISION_CODE_OUTSIDE_PARENT = "DIVISION_CODE_OUTSIDE_PARENT"
    INVALID_GEOJSON = "INVALID_GEOJSON"
    NOT_FOUND = "NOT_FOUND"
    WRONG_TYPE = "WRONG_TYPE"
    FORBIDDEN = "FORBIDDEN"
    DUPLICATE = "DUPLICATE"
    CONFLICT = "CONFLICT"
    BIRTH_DATE_MISMATCH = "BIRTH_DATE_MISMATCH"
    GENDER_MISMATCH = "GENDER_MISMATCH"
    HOUSEHOLD_HAS_HEAD = "HOUSEHOLD_HAS_HEAD"
    SAME_HOUSEHOLD = "SAME_HOUSEHOLD"
    GRID_MISMATCH = "GRID_MISMATCH"
    INVALID_RANGE = "INVALID_RANGE"
    FILE_UNREADABLE = "FILE_UNREADABLE"
    MISSING_COLUMN = "MISSING_COLUMN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    OTP_INVALID = "OTP_INVALID"
    OTP_EXPIRED = "OTP_EXPIRED"
    OTP_TOO_MANY_ATTEMPTS = "OTP_TOO_MANY_ATTEMPTS"
    OTP_THROTTLED = "OTP_THROTTLED"
    REASON_REQUIRED = "REASON_REQUIRED"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    ALREADY_ENDED = "ALREADY_ENDED"
    # Consultation votes (表决)
    ALREADY_VOTED = "ALREADY_VOTED"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    VOTE_NOT_OPEN = "VOTE_NOT_OPEN"
    VOTE_CLOSED = "VOTE_CLOSED"
    VOTE_ALREADY_OPENED = "VOTE_ALREADY_OPENED"
    VOTE_NOT_CLOSED = "VOTE_NOT_CLOSED"
    TOO_MANY_CHOICES = "TOO_MANY_CHOICES"
    OPTION_NOT_IN_VOTE = "OPTION_NOT_IN_VOTE"
    DUPLICATE_CHOICE = "DUPLICATE_CHOICE"
    EMPTY_BALLOT = "EMPTY_BALLOT"
    RULE_NEEDS_OWNER_UNITS = "RULE_NEEDS_OWNER_UNITS"
    UNIT_REQUIRED = "UNIT_REQUIRED"
    OPEN_CONFLICTS = "OPEN_CONFLICTS"
    CONFLICT_RESOLVED = "CONFLICT_RESOLVED"
    OUTSIDE_COMMUNITY = "OUTSIDE_COMMUNITY"
    IN_THE_PAST = "IN_THE_PAST"
    # 协商议事: topics, comments and resolutions
    INVALID_TRANSITION = "INVALID_TRANSITION"
    NOT_IN_SCOPE = "NOT_IN_SCOPE"
    ALREADY_SUPPORTED = "ALREADY_SUPPORTED"
    SUPPORT_CLOSED = "SUPPORT_CLOSED"
    ALREADY_REPORTED = "ALREADY_REPORTED"
    EDIT_WINDOW_CLOSED = "EDIT_WINDOW_CLOSED"
    REPLY_TOO_DEEP = "REPLY_TOO_DEEP"


class DomainError(Exception):
    """One expected failure tied to an input field (``None`` for the whole input)."""

    def __init__(self, code: ErrorCode, field: str | None = None, **params: Any) -> None:
        super().__init__(f"{code.value} on {field}")
        self.code = code
        self.field = field
        self.params = params


class DomainErrors(Exception):
    """Several field errors found while validating one input; nothing was written."""

    def __init__(self, errors: Iterable[DomainError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


class ErrorCollector:
    """Collects field errors so one response lists all of them, not only the first."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, code: ErrorCode, field: str | None = None, **params: Any) -> None:
        self.errors.append(DomainError(code, field, **params))

    def check(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a validator, recording its DomainError instead of raising; None on failure."""
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            self.errors.append(exc)
            return None

    async def check_async(self, awaitable: Awaitable[T]) -> T | None:
        """Await a lookup, recording its DomainError instead of raising; None on failure."""
        try:
            return await awaitable
        except DomainError as exc:
            self.errors.append(exc)
            return None

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)
