import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A staff API token (`Authorization: Token …`). Kept readable so `zwgk api-token` can print
    the existing token for scripts (API.md), as Django REST framework's tokens are."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_token"
    )
    key = models.CharField(_("令牌"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.user} {self.key[:6]}…"

    @staticmethod
    def new_key() -> str:
        return secrets.token_hex(20)
