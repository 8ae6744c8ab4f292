from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zwgk.api.tokens import api_token_issue, api_token_revoke


class Command(BaseCommand):
    help = (
        "为用户生成新的接口令牌并打印（令牌只保存摘要，旧令牌无法再次显示）；--revoke 作废该用户的全部令牌。"
        "用法：zwgk api-token USERNAME [--days N] [--revoke]"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"有效天数（默认 {settings.ZWGK_API_TOKEN_DAYS}，见 ZWGK_API_TOKEN_DAYS）",
        )
        parser.add_argument("--revoke", action="store_true", help="作废该用户的全部令牌，不生成新令牌")

    def handle(self, *args, username: str, days: int | None, revoke: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        if revoke:
            count = api_token_revoke(actor=None, user=user)
            self.stderr.write(f"已作废 {username} 的 {count} 个令牌。")
            return
        if days is not None and not 1 <= days <= 3660:
            raise CommandError("--days 须在 1 到 3660 之间。")
        self.stdout.write(api_token_issue(actor=None, user=user, days=days))
