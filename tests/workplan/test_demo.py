from datetime import date
from io import StringIO

import pytest

from zwgk.workplan import demo
from zwgk.workplan.models import ProgressReport, ProgressStatus, TaskUnit, WorkPlan, WorkTask

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed_with_progress_and_is_idempotent(dalian):
    summary = demo.load(stdout=StringIO())
    assert "23 项任务" in summary
    counts = (
        WorkPlan.objects.count(),
        WorkTask.objects.count(),
        TaskUnit.objects.count(),
        ProgressReport.objects.count(),
    )
    demo.load(stdout=StringIO())
    assert (
        WorkPlan.objects.count(),
        WorkTask.objects.count(),
        TaskUnit.objects.count(),
        ProgressReport.objects.count(),
    ) == counts
    assert counts[:2] == (1, 23)

    responsible = TaskUnit.objects.responsible()
    done = responsible.filter(status=ProgressStatus.DONE).count()
    assert 0.5 < done / responsible.count() < 0.85
    assert responsible.filter(status=ProgressStatus.IN_PROGRESS).exists()
    assert responsible.filter(status=ProgressStatus.NOT_STARTED).exists()
    assert WorkTask.objects.overdue(on=date(2021, 1, 1)).exists()
    assert set(WorkTask.objects.completed().values_list("section", flat=True)) == {"五、(二)", "六、(三)"}
    assert WorkTask.objects.filter(reports__reported_on__gt=date(2020, 9, 15), section="三、(三)").exists()
    # The demo 信息员 of 市司法局 finds open tasks to report on.
    assert responsible.filter(organization=dalian["dl-sfj"]).exclude(status=ProgressStatus.DONE).count() >= 3
    assert not ProgressReport.objects.filter(status=ProgressStatus.DONE, evidence_links=[]).exists()
