"""Sending one-time codes. Development writes them to the log and a local outbox table;
production posts to an SMS gateway (SMS_SENDER=http), and refuses to start without one."""

from __future__ import annotations

import asyncio
import json
import logging
import urllib.request
from typing import Protocol

from backend.auth.models import DevSmsMessage
from backend.config import Settings
from backend.core import crypto
from backend.core.validators import mask_phone

logger = logging.getLogger("gongzhi.sms")


class SmsSender(Protocol):
    async def send(self, phone: str, text: str) -> None: ...


class LogSmsSender:
    """Development only: the code goes to the log (phone masked) and to ``gongzhi otp-peek``."""

    async def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)
        phone_hash = crypto.get_cipher().lookup_hash(phone, crypto.PHONE)
        await DevSmsMessage.create(phone_hash=phone_hash, text=text)


class HttpSmsSender:
    """Posts ``{"phone", "text"}`` as JSON to the configured gateway with a bearer token."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.token = token

    def _post(self, phone: str, text: str) -> None:
        body = json.dumps({"phone": phone, "text": text}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    async def send(self, phone: str, text: str) -> None:
        await asyncio.to_thread(self._post, phone, text)


def sender_for(settings: Settings) -> SmsSender:
    if settings.sms_sender == "http":
        return HttpSmsSender(settings.sms_http_url, settings.sms_http_token)
    return LogSmsSender()


async def latest_dev_message(phone: str) -> str | None:
    phone_hash = crypto.get_cipher().lookup_hash(phone, crypto.PHONE)
    row = await DevSmsMessage.filter(phone_hash=phone_hash).order_by("-id").first()
    return row.text if row else None
