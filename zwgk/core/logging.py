"""Keep applicants' identity numbers, phones and e-mail addresses out of every log line, and
the secrets carried in URLs (tracking codes, letter and confirmation tokens) out of access logs."""

import logging
import re

_PATTERNS = [
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),  # resident identity card
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),  # mainland mobile
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
]


# Whoever holds a tracking code sees the case's progress, and letter tokens open the letters:
# an access log must not become a list of them (issue 21.7). The URLs of API.md stay as they
# are; only what is logged is scrubbed.
_URL_SECRETS = [
    re.compile(r"(/track/letters/)[^/?#\s\"]+"),
    re.compile(r"(/track/)(?!letters/)[^/?#\s\"]+"),
    re.compile(r"(/subscribe/confirm/)[^/?#\s\"]+"),
    re.compile(r"([?&](?:code|token|tracking_code)=)[^&#\s\"]+"),
]
URL_SECRET_MASK = "[已隐藏]"


def scrub_url_secrets(text: str) -> str:
    for pattern in _URL_SECRETS:
        text = pattern.sub(lambda m: m.group(1) + URL_SECRET_MASK, text)
    return text


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub("[已屏蔽]", text)
    return scrub_url_secrets(text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
