"""The production deployments file says what ``deployments.serve`` serves: same names, flows, schedules."""

from __future__ import annotations

from pathlib import Path

import yaml

from deployments.serve import all_deployments

PREFECT_YAML = Path(__file__).resolve().parents[2] / "deployments" / "prefect.yaml"


def test_prefect_yaml_lists_every_served_deployment_with_its_flow() -> None:
    declared = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))["deployments"]
    declared_names = {d["name"] for d in declared}
    served = {d.name for d in all_deployments()}
    assert declared_names == served
    for deployment in declared:
        module, function = deployment["entrypoint"].split(":")
        source = (PREFECT_YAML.parents[1] / module).read_text(encoding="utf-8")
        assert f"def {function}(" in source


def test_prefect_yaml_schedules_match_served_intervals() -> None:
    declared = {d["name"]: d for d in yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))["deployments"]}
    for deployment in all_deployments():
        schedules = deployment.schedules or []
        intervals = [
            s.schedule.interval.total_seconds() for s in schedules if hasattr(s.schedule, "interval")
        ]
        crons = [s.schedule.cron for s in schedules if hasattr(s.schedule, "cron")]
        yaml_schedules = declared[deployment.name].get("schedules", [])
        assert sorted(intervals) == sorted(float(s["interval"]) for s in yaml_schedules if "interval" in s)
        assert sorted(crons) == sorted(s["cron"] for s in yaml_schedules if "cron" in s)


def test_no_deployment_holds_a_prefect_concurrency_slot() -> None:
    """A killed runner keeps a deployment's concurrency slot until its lease expires (minutes of
    stalled intake); what must not overlap takes our own locks, which die with their holder."""
    declared = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))["deployments"]
    assert [d["name"] for d in declared if "concurrency_limit" in d] == []
    assert [d.name for d in all_deployments() if d.concurrency_limit is not None] == []
