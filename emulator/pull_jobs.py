"""Update's pulls as jobs: one running pull per realm, how far it has got, and how it ended.

Update starts a job and waits a moment for it. A pull that takes longer carries on in the
background while the page shows a progress state that polls the job (or, without JavaScript,
refreshes) until it is done. Jobs live in memory: a restart forgets them, and the pull they
started simply runs again on the next Update.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sandbox.security import token

log = logging.getLogger("qbo_sandbox.pull_jobs")
KEEP_SECONDS = 600.0  # a finished job nobody came back for is forgotten after this


@dataclass
class PullJob:
    id: str
    realm_id: str
    account: str | None  # the account whose page Update was pressed on: where the result is shown
    task: asyncio.Task[int] = field(repr=False)
    downloaded: int = 0  # new transactions stored so far
    finished_at: float | None = None

    @property
    def done(self) -> bool:
        return self.task.done()

    def count(self, added: int) -> None:
        self.downloaded += added

    def result(self) -> int | None:
        """How many transactions the pull added, or None when it failed (the failure is logged)."""
        if self.task.cancelled() or self.task.exception() is not None:
            return None
        return self.task.result()


class PullJobs:
    def __init__(self) -> None:
        self._jobs: dict[str, PullJob] = {}

    def start(self, realm_id: str, account: str | None, work: Callable[[PullJob], Awaitable[int]]) -> PullJob:
        """Starts `work` as the realm's pull, or returns the realm's pull already running."""
        self._forget_stale()
        for job in self._jobs.values():
            if job.realm_id == realm_id and not job.done:
                return job
        started: list[PullJob] = []  # the job, once made: its task starts running only after this returns

        async def run() -> int:
            try:
                return await work(started[0])
            finally:
                started[0].finished_at = asyncio.get_running_loop().time()

        job = PullJob(token(12), realm_id, account, asyncio.create_task(run(), name=f"qbo-update-{realm_id}"))
        started.append(job)
        job.task.add_done_callback(_log_failure)
        self._jobs[job.id] = job
        return job

    async def wait(self, job: PullJob, seconds: float) -> bool:
        """Waits up to `seconds` for the job (never cancelling it); True when it is done."""
        await asyncio.wait([job.task], timeout=seconds)
        return job.done

    def get(self, job_id: str, realm_id: str) -> PullJob | None:
        """The realm's job `job_id`: another realm's job is none of its business."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.realm_id == realm_id else None

    def forget(self, job: PullJob) -> None:
        self._jobs.pop(job.id, None)

    async def stop(self) -> None:
        for job in list(self._jobs.values()):
            job.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await job.task
        self._jobs.clear()

    def _forget_stale(self) -> None:
        now = asyncio.get_running_loop().time()
        for job in list(self._jobs.values()):
            if job.finished_at is not None and now - job.finished_at > KEEP_SECONDS:
                self.forget(job)


def _log_failure(task: asyncio.Task[int]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("an Update pull failed", exc_info=task.exception())
