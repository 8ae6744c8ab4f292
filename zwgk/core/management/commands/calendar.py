from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zwgk.core.calendars import (
    calendar_recompute,
    calendar_seed,
    calendar_year_as_json,
    calendar_year_replace,
    read_schedule_file,
)
from zwgk.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "节假日安排：load FILE 载入一年（JSON）；show YEAR 显示；seed 从 chinese-calendar 补齐；"
        "recompute YEAR… 重算期限"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="载入 JSON 文件中的一年安排（替换该年）")
        load.add_argument("file", type=Path)
        show = sub.add_parser("show", help="显示某年安排")
        show.add_argument("year", type=int)
        seed = sub.add_parser("seed", help="从 chinese-calendar 载入其收录各年中缺少的年份")
        seed.add_argument("--replace", action="store_true", help="覆盖已有年份")
        recompute = sub.add_parser(
            "recompute", help="按当前安排重新计算依赖这些年份的未办结期限（升级后运行）"
        )
        recompute.add_argument("years", type=int, nargs="+")

    def handle(self, *args, action: str, **options):
        try:
            if action == "load":
                schedule = calendar_year_replace(
                    actor=None, schedule=read_schedule_file(options["file"]), source=str(options["file"].name)
                )
                self.stdout.write(
                    self.style.SUCCESS(f"已载入 {schedule.year} 年节假日安排，未办结期限已重新计算。")
                )
            elif action == "show":
                data = calendar_year_as_json(options["year"])
                self.stdout.write(
                    f"{data['year']} 年"
                    + ("（未载入：按放假办法暂计，期限为暂定）" if data["provisional"] else "")
                )
                self.stdout.write("放假：" + ("、".join(data["holidays"]) or "无"))
                self.stdout.write("调休上班：" + ("、".join(data["workdays"]) or "无"))
            elif action == "recompute":
                calendar_recompute(actor=None, years=options["years"])
                self.stdout.write(f"已重新计算依赖 {', '.join(map(str, options['years']))} 年的未办结期限。")
            else:
                years = calendar_seed(actor=None, only_missing=not options["replace"])
                self.stdout.write(f"已载入：{', '.join(map(str, years)) or '无（均已存在）'}")
        except DomainError as exc:
            raise CommandError(exc.message) from exc
