"""Helpers for tests that run bridge servers in Ray actors (the Ray suite and the SB3-on-Ray test)."""

import time


def kill_actor(actor, seconds=20.0):
    """Kills a Ray actor and waits until calls to it fail: ``ray.kill`` only sends the signal, and a call made
    right after it could still reach the living actor."""
    import ray

    ray.kill(actor, no_restart=True)
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            ray.get(actor.describe.remote(), timeout=seconds)
        except (ray.exceptions.RayActorError, ray.exceptions.GetTimeoutError):
            return
        time.sleep(0.02)
    raise AssertionError("the Ray actor still answers %.0f s after ray.kill" % seconds)
