from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zwgk.api.tokens import api_token_for


class Command(BaseCommand):
    help = "打印某个用户的接口令牌（没有则创建）。用法：zwgk api-token USERNAME [--rotate]"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="作废旧令牌并生成新令牌")

    def handle(self, *args, username: str, rotate: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        self.stdout.write(api_token_for(actor=None, user=user, rotate=rotate))
