"""Password hashing and checking leave the event loop free: other work runs while scrypt does."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from sandbox.security import hash_password_off_loop, verify_password_off_loop


def test_other_work_runs_while_a_password_is_hashed_and_checked() -> None:
    async def go() -> tuple[bool, bool, int]:
        ticks = 0
        running = True

        async def other_work() -> None:
            nonlocal ticks
            while running:
                ticks += 1
                await asyncio.sleep(0)

        ticker = asyncio.create_task(other_work())
        await asyncio.sleep(0)
        before = ticks
        stored = await hash_password_off_loop("correct horse")
        right = await verify_password_off_loop("correct horse", stored)
        wrong = await verify_password_off_loop("battery staple", stored)
        running = False
        await ticker
        return right, wrong, ticks - before

    with ThreadPoolExecutor(max_workers=1) as pool:  # its own loop: a browser test's may be running here
        right, wrong, ticks = pool.submit(asyncio.run, go()).result()
    assert (right, wrong) == (True, False)
    assert ticks > 100  # the loop went on turning while each of the three scrypt runs went on
