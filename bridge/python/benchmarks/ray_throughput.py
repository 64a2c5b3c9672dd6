"""Env-steps/s of ``RayVectorEnv`` with 1 and with 2 actors (local Ray), for docs/benchmarks.md.

    EDGELLM_GYM_BIN=<package>/bin/edgellm-gym.js python bridge/python/benchmarks/ray_throughput.py [SECONDS] [NUM_ENVS]

Each measurement makes the vector env (``NUM_ENVS`` sub-envs, default 32, split over the actors), resets it,
steps a fixed batch of actions (drawn once) for a warm-up of 20 steps and then for ``SECONDS`` (default 5),
and closes it. Prints one JSON line ``{"actors1": ..., "actors2": ..., "ratio": ...}`` in env-steps/s.
"""
import json
import os
import sys
import time

import ray

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from edgellm_bridge.ray import RayVectorEnv  # noqa: E402


def measure(num_actors, num_envs, seconds):
    env = RayVectorEnv("EdgeLLM-v0", num_envs=num_envs, num_actors=num_actors, infos=False)
    try:
        env.reset(seed=0)
        env.action_space.seed(0)
        actions = env.action_space.sample()
        for _ in range(20):
            env.step(actions)
        steps, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            env.step(actions)
            steps += num_envs
        return steps / (time.perf_counter() - t0)
    finally:
        env.close()


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    num_envs = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        one = measure(1, num_envs, seconds)
        two = measure(2, num_envs, seconds)
    finally:
        ray.shutdown()
    print(json.dumps({"numEnvs": num_envs, "seconds": seconds, "actors1": one, "actors2": two, "ratio": two / one}))


if __name__ == "__main__":
    main()
