import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zwgk.core.errors import DomainError
from zwgk.workplan.services import ImportPreview, workplan_import, workplan_preview


def _mappings(values: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for value in values:
        phrase, sep, codes = value.partition("=")
        if not sep or not phrase.strip() or not codes.strip():
            raise CommandError(f"--map 应为 单位名称=机构代码[,机构代码…]（或 条目|单位=…）：{value}")
        out[phrase.strip()] = [c.strip() for c in codes.split(",") if c.strip()]
    return out


class Command(BaseCommand):
    help = "工作安排：import FILE 导入年度工作安排（先显示识别结果；有未能对应的单位时不保存，退出码 1）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入年度工作安排（文本，格式同种子文件）")
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="只显示识别结果，不保存")
        imp.add_argument("--json", action="store_true", help="以 JSON 输出识别结果")
        imp.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="单位=代码[,代码]",
            help="把未能识别的单位对应到机构（“市政府有关部门”按条目：“二、(三)|市政府有关部门=dl-sfj,dl-mzj”）",
        )

    def handle(self, *args, action: str, **options):
        try:
            text = options["file"].read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件：{exc}") from exc
        mappings = _mappings(options["map"])
        try:
            preview = workplan_preview(text=text, mappings=mappings)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(preview.as_json(), ensure_ascii=False, indent=2))
        else:
            self._print(preview)
        if preview.unresolved:
            raise CommandError(
                "有未能对应到机构的单位，未保存。用 --map 指定，或在后台“导入工作安排”页面对应。"
            )
        if options["dry_run"]:
            return
        try:
            result = workplan_import(actor=None, text=text, mappings=mappings, check_permission=False)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if not options["json"]:
            verb = "已新建" if result.created else "已更新" if result.changed else "无变化"
            self.stdout.write(self.style.SUCCESS(f"{verb}：{result.plan}，{result.tasks} 项任务。"))

    def _print(self, preview: ImportPreview) -> None:
        p = preview.parsed
        self.stdout.write(f"{p.title}（{p.doc_no}），{p.year} 年，印发机关：{preview.issuer.name}")
        for t in preview.tasks:
            due = t.item.deadline
            when = f"{due.on:%Y-%m-%d}" + (f"（{due.wording}）" if due.wording else "（未写明，年底）")
            self.stdout.write(f"{t.item.section} {t.item.title} 期限 {when}")
            lead = "、".join(o.display_name for _, o in t.lead) + ("（默认）" if t.lead_defaulted else "")
            self.stdout.write(f"    牵头：{lead or '无'}；责任单位 {len(t.units)} 个")
            if t.unresolved:
                self.stdout.write(self.style.ERROR(f"    未能对应：{'、'.join(t.unresolved)}"))
        for warning in preview.warnings:
            self.stdout.write(self.style.WARNING(f"! {warning}"))
