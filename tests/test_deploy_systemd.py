"""The systemd units (deploy/systemd/) as systemd reads them, pointed at this checkout."""
from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import ROOT

UNITS = ROOT / "deploy" / "systemd"
INSTALLED_AT = "/opt/clinic-assistant"


def units_here(tmp_path: Path) -> Path:
    for unit in UNITS.glob("clinic-*"):
        (tmp_path / unit.name).write_text(unit.read_text().replace(INSTALLED_AT, str(ROOT)))
    return tmp_path


def test_systemd_reads_every_unit_without_a_complaint(tmp_path):
    # instances of the health check's templates stand for themselves
    names = [unit.name for unit in UNITS.glob("clinic-*") if "@" not in unit.name]
    names += ["clinic-health@actions.service", "clinic-health@rasa.timer"]
    verified = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=units_here(tmp_path),
                              capture_output=True, text=True)
    assert verified.returncode == 0 and verified.stderr == "", verified.stderr


def test_each_server_restarts_on_failure_and_waits_for_its_health_route():
    for name, check in (("clinic-actions.service", "health-check actions"),
                        ("clinic-rasa.service", "health-check rasa")):
        unit = (UNITS / name).read_text()
        assert "\nRestart=on-failure\n" in unit and "\nStartLimitIntervalSec=0\n" in unit
        assert f"ExecStartPost={INSTALLED_AT}/deploy/systemd/{check} --wait" in unit
        assert "RASA_TELEMETRY_ENABLED=false" in unit
