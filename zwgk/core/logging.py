"""Keep applicants' identity numbers, phones and e-mail addresses out of every log line."""

import logging
import re

_PATTERNS = [
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),  # resident identity card
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),  # mainland mobile
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
]


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub("[已屏蔽]", text)
    return text


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
