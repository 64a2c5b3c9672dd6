"""Ray RLlib PPO on remote EdgeLLM environments (documented, not run in CI: RLlib cannot be installed on the
test machine, its dependency dm_tree is missing; ``edgellm_bridge.ray.RayVectorEnv`` is the tested way to
spread envs over a Ray cluster).

How servers and RLlib workers fit together:

* Start one bridge server per machine (or per core you want to dedicate to simulation), e.g. on hosts
  sim1..simK: ``npx edgellm-gym serve --host 0.0.0.0 --port 8765 --token $TOKEN``. A server steps its envs
  on one thread, so on a many-core machine start several servers on different ports.
* Every RLlib env runner builds its envs through the registered creator below. ``env_config`` carries the
  list of server URLs (and the token); the runner's ``worker_index`` and the env's ``vector_index`` pick
  one URL, so the runners spread over the servers. Each env opens its own connection and session; the
  server frees the env when the connection closes (also when a runner dies).
* Keep the sessions within the server limits (``--max-sessions``, ``--max-envs-per-session``).

    python rllib_ppo.py ws://sim1:8765 ws://sim2:8765
"""
import os
import sys

import ray
from ray.rllib.algorithms.ppo import PPOConfig
from ray.tune.registry import register_env

from edgellm_bridge import RemoteEnv

URLS = sys.argv[1:] or ["ws://127.0.0.1:8765"]


def env_creator(env_config):
    urls = env_config["urls"]
    index = getattr(env_config, "worker_index", 0) * 1000 + getattr(env_config, "vector_index", 0)
    return RemoteEnv(
        urls[index % len(urls)],
        env_config.get("env_id", "EdgeLLM-v0"),
        config={"actionFormat": "box"},
        token=env_config.get("token"),
    )


register_env("edgellm-remote", env_creator)
ray.init()
config = (
    PPOConfig()
    .environment("edgellm-remote", env_config={"urls": URLS, "token": os.environ.get("TOKEN")})
    .env_runners(num_env_runners=len(URLS) * 2, num_envs_per_env_runner=4)
    .training(train_batch_size=8000, lr=3e-4)
)
algo = config.build()
for i in range(50):
    result = algo.train()
    print(i, result.get("env_runners", {}).get("episode_return_mean"))
