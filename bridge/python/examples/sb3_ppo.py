"""Stable-Baselines3 PPO on remote EdgeLLM environments through ``SB3VecEnv``.

Not run here: stable-baselines3 is not installable on the test machine, so this example is documented but
untested (the adapter itself is tested against SB3's DummyVecEnv contract in ``tests_sb3/``).

Needs gymnasium and stable-baselines3 (``pip install "./bridge/python[sb3]"``) and either

* a server (``npx edgellm-gym serve``): ``python sb3_ppo.py ws://127.0.0.1:8765`` steps all sub-envs in
  one ``RemoteVectorEnv`` (one frame per batch), or
* ray (``pip install "./bridge/python[ray,sb3]"``) and the npm package on every node:
  ``python sb3_ppo.py --ray`` spreads the sub-envs over Ray actors (``RayVectorEnv``), each starting its own
  server (set ``EDGELLM_GYM_BIN`` to ``<package>/bin/edgellm-gym.js`` when ``node_modules/.bin`` is not
  found from the working directory).

SB3's PPO wants one Box action, so the env is made with ``actionFormat: "box"``: 2·I·M values in [-1, 1],
the first half cache scores (> 0 = cache), the second mapped to local fractions. The learner's code is the
same in both cases: only the vector env under ``SB3VecEnv`` changes.
"""
import sys

import numpy as np
from stable_baselines3 import PPO

from edgellm_bridge import RemoteVectorEnv, evaluate
from edgellm_bridge.sb3 import SB3VecEnv

N_ENVS = 8
USE_RAY = "--ray" in sys.argv
URL = next((a for a in sys.argv[1:] if a.startswith("ws://")), "ws://127.0.0.1:8765")
CONFIG = {"actionFormat": "box"}

if USE_RAY:
    import ray

    from edgellm_bridge.ray import RayVectorEnv

    ray.init()  # ray.init(address="auto") on a running cluster
    venv = RayVectorEnv("EdgeLLM-v0", num_envs=N_ENVS, num_actors=2, config=CONFIG)
else:
    venv = RemoteVectorEnv(URL, "EdgeLLM-v0", num_envs=N_ENVS, config=CONFIG)

env = SB3VecEnv(venv)
model = PPO("MlpPolicy", env, n_steps=256, batch_size=256, learning_rate=3e-4, verbose=1, seed=0)
model.learn(total_timesteps=200_000)
model.save("ppo_edgellm")
env.close()

if USE_RAY:
    sys.exit(0)

# Leaderboard evaluation on the server's seeds: the server records the result as "sb3-ppo" (source remote).
# The leaderboard env is the registered EdgeLLM-v0, whose native action is the Dict; convert the Box policy.


def policy(obs, info):
    x, _ = model.predict(obs, deterministic=True)
    p = len(x) // 2
    return {"cache": (x[:p] > 0).astype(np.int8), "local": ((np.clip(x[p:], -1, 1) + 1) / 2).astype(np.float32)}


print(evaluate(URL, "EdgeLLM-v0", policy, "sb3-ppo")["result"]["meanCost"])
