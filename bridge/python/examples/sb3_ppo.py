"""Stable-Baselines3 PPO on remote EdgeLLM environments (documented, not run in CI).

Needs gymnasium and stable-baselines3 (``pip install "./bridge/python[gymnasium]" stable-baselines3``) and a
server (``npx edgellm-gym serve``). SB3's PPO wants one Box action, so the env is made with
``actionFormat: "box"``: 2·I·M values in [-1, 1], the first half cache scores (> 0 = cache), the second
mapped to local fractions. Each of the ``N_ENVS`` copies is a RemoteEnv on its own connection; SB3's
DummyVecEnv steps them one after another (use SubprocVecEnv to overlap the round trips).

    python sb3_ppo.py ws://127.0.0.1:8765
"""
import sys

from stable_baselines3 import PPO
from stable_baselines3.common.env_util import make_vec_env

from edgellm_bridge import RemoteEnv, evaluate

URL = sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8765"
N_ENVS = 4


def make_env():
    return RemoteEnv(URL, "EdgeLLM-v0", config={"actionFormat": "box"})


vec_env = make_vec_env(make_env, n_envs=N_ENVS)
model = PPO("MlpPolicy", vec_env, n_steps=256, batch_size=256, learning_rate=3e-4, verbose=1, seed=0)
model.learn(total_timesteps=200_000)
model.save("ppo_edgellm")

# Leaderboard evaluation on the server's seeds: the server records the result as "sb3-ppo" (source remote).
# The leaderboard env is the registered EdgeLLM-v0, whose native action is the Dict; convert the Box policy.
import numpy as np  # noqa: E402


def policy(obs, info):
    x, _ = model.predict(obs, deterministic=True)
    p = len(x) // 2
    return {"cache": (x[:p] > 0).astype(np.int8), "local": ((np.clip(x[p:], -1, 1) + 1) / 2).astype(np.float32)}


print(evaluate(URL, "EdgeLLM-v0", policy, "sb3-ppo")["result"]["meanCost"])
