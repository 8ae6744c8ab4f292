"""Public submissions' proof of work (API.md "Public submissions"): the challenge endpoint."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from zwgk.core.proof_of_work import challenge_new

router = Router(tags=["公开提交"])


class ChallengeOut(Schema):
    algorithm: str
    challenge: str
    maxnumber: int
    salt: str
    signature: str


@router.get("", response=ChallengeOut, summary="获取人机验证（工作量证明）题目（公开）")
def challenge(request: HttpRequest) -> dict[str, Any]:
    """Solve it (SHA-256(salt + number) == challenge, number ≤ maxnumber) and send base64 of
    `{algorithm, challenge, number, salt, signature}` in the `X-Altcha` header of the public POST."""
    return challenge_new()
