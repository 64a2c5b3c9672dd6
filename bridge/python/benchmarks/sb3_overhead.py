"""What ``SB3VecEnv`` costs on top of the ``RemoteVectorEnv`` it wraps, for docs/benchmarks.md.

    python bridge/python/benchmarks/sb3_overhead.py URL [SECONDS] [NUM_ENVS]

For infos off and on: two envs of ``NUM_ENVS`` EdgeLLM-v0 sub-envs (default 16, Box actions, one fixed batch
of actions drawn once, episodes of 100 steps so the adapter's end-of-episode resets are included), one
stepped directly and one through the adapter, one step of each in turn (the order alternating, so load
changes hit both alike) for ``SECONDS`` (default 4). The adapter's own time is its step time minus the time
spent in the wrapped env's ``step``/``reset`` (the round trips), which makes it the figure least moved by
load. Prints one JSON line: env-steps/s of each way, their ratio, and the adapter's own microseconds per
step and share of its step time.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from edgellm_bridge import RemoteVectorEnv  # noqa: E402
from edgellm_bridge.sb3 import SB3VecEnv  # noqa: E402


class Timed:
    """Forwards to a vector env and sums the time spent in its ``step`` and ``reset``."""

    def __init__(self, venv):
        self.venv = venv
        self.spent = 0.0

    def __getattr__(self, name):
        return getattr(self.venv, name)

    def step(self, actions):
        t0 = time.perf_counter()
        try:
            return self.venv.step(actions)
        finally:
            self.spent += time.perf_counter() - t0

    def reset(self, **kwargs):
        t0 = time.perf_counter()
        try:
            return self.venv.reset(**kwargs)
        finally:
            self.spent += time.perf_counter() - t0


def measure(url, num_envs, seconds, infos):
    make = dict(num_envs=num_envs, config={"actionFormat": "box"}, infos=infos)
    direct = RemoteVectorEnv(url, "EdgeLLM-v0", **make)
    inner = Timed(RemoteVectorEnv(url, "EdgeLLM-v0", **make))
    adapter = SB3VecEnv(inner)
    try:
        direct.reset(seed=0)
        adapter.seed(0)
        adapter.reset()
        direct.action_space.seed(0)
        actions = direct.action_space.sample()
        for _ in range(20):
            direct.step(actions)
            adapter.step(actions)
        inner.spent = 0.0
        spent = [0.0, 0.0]
        steps, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            order = ((0, direct.step), (1, adapter.step)) if steps % 2 == 0 else ((1, adapter.step), (0, direct.step))
            for k, step in order:
                t0 = time.perf_counter()
                step(actions)
                spent[k] += time.perf_counter() - t0
            steps += 1
        own = spent[1] - inner.spent
        return {
            "direct": steps * num_envs / spent[0],
            "sb3VecEnv": steps * num_envs / spent[1],
            "ratio": spent[0] / spent[1],
            "ownMicrosPerStep": own / steps * 1e6,
            "ownShare": own / spent[1],
        }
    finally:
        direct.close()
        adapter.close()


def main():
    url = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 4.0
    num_envs = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    out = {"numEnvs": num_envs, "seconds": seconds}
    for infos in (False, True):
        out["infos" if infos else "noInfos"] = measure(url, num_envs, seconds, infos)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
