from ninja.security import APIKeyHeader
from ninja.utils import check_csrf

from zwgk.api.tokens import user_for_token
from zwgk.core.errors import NotPermitted

# RFC 9110 §9.2.1: only these never change state, so only they may skip the CSRF check.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class TokenAuth(APIKeyHeader):
    """`Authorization: Token <token>` (API.md); a logged-in staff session also works for the
    API docs page and the back office's scripts, but then an unsafe method must pass Django's
    CSRF check like any form: a page on another dl.gov.cn site is same-site for SameSite=Lax
    (gov.cn is a public suffix), so the cookie alone proves nothing (issue 21.1)."""

    param_name = "Authorization"
    openapi_description = "Authorization: Token <token>（使用 `zwgk api-token USERNAME` 生成）"

    def authenticate(self, request, key):
        if key:
            scheme, _, raw = key.partition(" ")
            if scheme.lower() in {"token", "bearer"} and raw.strip():
                user = user_for_token(raw.strip())
                if user is not None:
                    request.user = user
                    return user
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise NotPermitted(
                "请求缺少有效的 CSRF 令牌：以登录会话调用写操作须带 X-CSRFToken 请求头，脚本请使用接口令牌。",
                code="csrf_failed",
            )
        return user

    def _get_key(self, request):
        return request.headers.get(self.param_name)

    def __call__(self, request):
        return self.authenticate(request, self._get_key(request))


token_auth = TokenAuth()
