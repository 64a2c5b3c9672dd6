"""Random agent against a bridge server.

    npx edgellm-gym serve &            # in the repository
    python random_agent.py ws://127.0.0.1:8765
"""
import sys

from edgellm_bridge import RemoteEnv

url = sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8765"
env = RemoteEnv(url, "EdgeLLM-v0")
env.action_space.seed(0)
for episode in range(3):
    obs, info = env.reset(seed=episode)
    total, done = 0.0, False
    while not done:
        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
        total += reward
        done = terminated or truncated
    print("episode %d: return %.3f over %d slots" % (episode, total, info["slot"]))
env.close()
