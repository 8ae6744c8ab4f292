"""pip-audit on the installed dependency set (issue 21.9), run by .ci/run.

Fails only on a known vulnerability. A package the vulnerability service could not be asked
about (no network, an index mirror without the JSON API, a package not on PyPI) is listed as
not audited, never a failure: the check must not turn red for reasons outside the code.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        run = subprocess.run(
            [
                str(Path(sys.executable).with_name("pip-audit")),
                "--progress-spinner",
                "off",
                "--skip-editable",
                "--format",
                "json",
                "--output",
                str(report),
            ],
            capture_output=True,
            text=True,
        )
        if not report.exists() or not report.read_text().strip():
            print(f"pip-audit: could not run ({run.stderr.strip()[-300:]}); not audited", file=sys.stderr)
            return 0
        dependencies = json.loads(report.read_text())["dependencies"]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    for dep in vulnerable:
        ids = ", ".join(f"{v['id']} (fixed in: {', '.join(v['fix_versions']) or '-'})" for v in dep["vulns"])
        print(f"pip-audit: {dep['name']} {dep['version']}: {ids}")
    audited = len(dependencies) - len(skipped)
    print(f"pip-audit: {audited} packages audited, {len(vulnerable)} vulnerable, {len(skipped)} not audited")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    raise SystemExit(main())
