# Issue 20 item 1: the two interpretation indicators take the names of the catalogue's flag
# kinds they count; schemes already stored are rewritten.

from django.db import migrations, models

RENAMED = {"missing_interpretation": "interpretation_missing", "late_interpretation": "interpretation_late"}


def forwards(apps, schema_editor):
    SchemeIndicator = apps.get_model("reports", "SchemeIndicator")
    for old, new in RENAMED.items():
        SchemeIndicator.objects.filter(code=old).update(code=new)


def backwards(apps, schema_editor):
    SchemeIndicator = apps.get_model("reports", "SchemeIndicator")
    for old, new in RENAMED.items():
        SchemeIndicator.objects.filter(code=new).update(code=old)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_assessmentscheme_schemeindicator"),
    ]

    operations = [
        migrations.AlterField(
            model_name="schemeindicator",
            name="code",
            field=models.CharField(
                choices=[
                    ("on_time_rate", "依申请按期答复率（%）"),
                    ("overdue", "超期未答复申请（件）"),
                    ("median_workdays", "答复用时中位数（工作日）"),
                    ("late_publication", "超期发布信息（条，条例第26条）"),
                    ("interpretation_missing", "政策文件未解读（件）"),
                    ("interpretation_late", "政策解读滞后（件）"),
                    ("topic_breaches", "专题栏目未按期归集（条）"),
                    ("leader_filed", "分管负责人已备案（1 是 / 0 否）"),
                    ("site_ok", "网站检查达标（1 是 / 0 否）"),
                ],
                max_length=40,
                verbose_name="指标",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
