from ninja.security import APIKeyHeader

from zwgk.api.tokens import user_for_token


class TokenAuth(APIKeyHeader):
    """`Authorization: Token <token>` (API.md); a logged-in staff session also works for the UI."""

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
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return request.user
        return None

    def _get_key(self, request):
        return request.headers.get(self.param_name)

    def __call__(self, request):
        return self.authenticate(request, self._get_key(request))


token_auth = TokenAuth()
