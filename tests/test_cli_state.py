"""`qbo-sandbox snapshot save|restore` and `qbo-sandbox reset`, run as a sales engineer runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.servers import free_port
from scenarios.api import SandboxApi, SourceAccount
from scenarios.sandbox import RunningSandbox


def qbo_sandbox_command(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    command = [sys.executable, "-m", "qbo_sandbox", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, cwd=cwd, check=False)


def against(sandbox: RunningSandbox, api: SandboxApi) -> list[str]:
    return ["--api-key", api.api_key, "--provider-url", sandbox.provider_url, "--qbo-url", sandbox.qbo_url]


def test_save_reset_and_restore_bring_a_demo_back(
    qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, tmp_path: Path
) -> None:
    sandbox_api.setup_connection("Demo Bikes", [SourceAccount("demo-1", "Demo Checking")])
    sandbox_api.create_realm("Demo Bikes Ltd")
    realms = sandbox_api.realms()
    saved = tmp_path / "demo.json"
    options = against(qbo_sandbox, sandbox_api)

    save = qbo_sandbox_command("snapshot", "save", str(saved), *options)
    reset = qbo_sandbox_command("reset", *options)
    emptied = (sandbox_api.realms(), sandbox_api.http.get("/companies").json()["totalResults"])
    restore = qbo_sandbox_command("snapshot", "restore", str(saved), *options)

    assert (save.returncode, reset.returncode, restore.returncode) == (0, 0, 0), save.stderr + reset.stderr
    assert "1 company, 1 QuickBooks company" in save.stdout and "1 QuickBooks company" in restore.stdout
    assert set(json.loads(saved.read_text())) == {"provider", "qbo"}
    assert emptied == ([], 0)
    assert sandbox_api.realms() == realms
    assert [c["name"] for c in sandbox_api.http.get("/companies").json()["results"]] == ["Demo Bikes"]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("demo.json", ".sandbox/snapshots/demo.json"),  # a bare name: kept where git ignores it
        ("./here.json", "here.json"),  # a path: taken as it is
        ("out/there.json", "out/there.json"),
    ],
)
def test_a_bare_file_name_is_kept_where_git_ignores_it_and_a_path_as_it_is(
    qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, tmp_path: Path, typed: str, kept: str
) -> None:
    sandbox_api.create_realm("Kept Bikes Ltd")
    options = against(qbo_sandbox, sandbox_api)

    save = qbo_sandbox_command("snapshot", "save", typed, *options, cwd=tmp_path)
    sandbox_api.reset()
    restore = qbo_sandbox_command("snapshot", "restore", typed, *options, cwd=tmp_path)

    assert (save.returncode, restore.returncode) == (0, 0), save.stderr + restore.stderr
    assert set(json.loads((tmp_path / kept).read_text())) == {"provider", "qbo"}
    assert [str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.json")] == [kept]
    assert kept in save.stdout
    assert [realm["companyName"] for realm in sandbox_api.realms()] == ["Kept Bikes Ltd"]
    ignored = (Path(__file__).parents[1] / ".gitignore").read_text().splitlines()
    assert ".sandbox/" in ignored


def test_no_running_sandbox_is_one_clear_line(tmp_path: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"

    answers = [
        qbo_sandbox_command("reset", "--provider-url", nowhere, "--qbo-url", nowhere),
        qbo_sandbox_command("snapshot", "save", str(tmp_path / "x.json"), "--provider-url", nowhere),
    ]

    for answer in answers:
        assert answer.returncode == 1
        assert answer.stderr.startswith(f"qbo-sandbox: no sandbox answers at {nowhere}")
        assert len(answer.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.json").exists()


def test_a_refused_restore_is_one_clear_line_and_changes_nothing(
    qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, tmp_path: Path
) -> None:
    sandbox_api.create_company("Still Here Co")
    realm = sandbox_api.create_realm("Still Here Ltd")
    snapshot = sandbox_api.snapshot()
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**snapshot, "qbo": {**snapshot["qbo"], "schemaVersion": 99}}))
    not_json = tmp_path / "notes.txt"
    not_json.write_text("my demo notes")

    refused = qbo_sandbox_command("snapshot", "restore", str(broken), *against(qbo_sandbox, sandbox_api))
    unreadable = qbo_sandbox_command("snapshot", "restore", str(not_json), *against(qbo_sandbox, sandbox_api))
    missing = qbo_sandbox_command(
        "snapshot", "restore", str(tmp_path / "nope.json"), *against(qbo_sandbox, sandbox_api)
    )

    assert [a.returncode for a in (refused, unreadable, missing)] == [1, 1, 1]
    assert refused.stderr.startswith("qbo-sandbox: the sandbox refused the restore (400): ")
    assert "schema version 99" in refused.stderr
    assert "is not JSON" in unreadable.stderr and "cannot read" in missing.stderr
    assert all(len(a.stderr.strip().splitlines()) == 1 for a in (refused, unreadable, missing))
    assert [r["realmId"] for r in sandbox_api.realms()] == [realm.realm_id]
    assert [c["name"] for c in sandbox_api.http.get("/companies").json()["results"]] == ["Still Here Co"]


def test_the_provider_url_is_enough_its_health_names_the_qbo_emulator(
    qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi
) -> None:
    sandbox_api.create_realm("Found Through Health")

    reset = qbo_sandbox_command("reset", "--api-key", sandbox_api.api_key, "--provider-url", qbo_sandbox.provider_url)

    assert reset.returncode == 0, reset.stderr
    assert sandbox_api.realms() == []  # QuickBooks was reset too, at the URL the provider named
