"""Lock-step throughput of the Python client: ``python -m edgellm_bridge.bench URL [SECONDS] [ENV_ID]``.

Prints one JSON line ``{"stepsPerSecond": ..., "steps": ..., "seconds": ...}``. The action is drawn once
and repeated, so the figure measures the client, the wire and the server, not the policy.
"""
import json
import sys
import time

from .env import RemoteEnv


def run(url, seconds=3.0, env_id="EdgeLLM-v0", infos=True):
    """Steps one remote env in lock-step for ``seconds`` after a short warm-up; returns the figures."""
    env = RemoteEnv(url, env_id, infos=infos)
    try:
        env.reset(seed=1)
        env.action_space.seed(1)
        action = env.action_space.sample()
        for _ in range(200):
            if env.step(action)[3]:
                env.reset()
        steps = 0
        t0 = time.perf_counter()
        while True:
            for _ in range(100):
                if env.step(action)[3]:
                    env.reset()
            steps += 100
            elapsed = time.perf_counter() - t0
            if elapsed >= seconds:
                break
        return {"stepsPerSecond": steps / elapsed, "steps": steps, "seconds": elapsed}
    finally:
        env.close()


if __name__ == "__main__":
    url = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    env_id = sys.argv[3] if len(sys.argv) > 3 else "EdgeLLM-v0"
    print(json.dumps(run(url, seconds, env_id)))
