"""Random agents on a parallel (multi-agent) env of a bridge server, through PettingZoo's Parallel API.

    npx edgellm-gym serve &            # in the repository
    python parallel_random.py ws://127.0.0.1:8765 EdgeLLMMulti-v0
"""
import sys

from edgellm_bridge import RemoteParallelEnv

url = sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8765"
env_id = sys.argv[2] if len(sys.argv) > 2 else "EdgeLLMMulti-v0"
env = RemoteParallelEnv(url, env_id)
for i, agent in enumerate(env.possible_agents):
    env.action_space(agent).seed(i)
for episode in range(2):
    observations, infos = env.reset(seed=episode)
    returns = dict.fromkeys(env.agents, 0.0)
    steps = 0
    while env.agents:
        actions = {agent: env.action_space(agent).sample() for agent in env.agents}
        observations, rewards, terminations, truncations, infos = env.step(actions)
        for agent, reward in rewards.items():
            returns[agent] += reward
        steps += 1
    print("episode %d: %d steps, returns %s" % (episode, steps, ", ".join("%s %.3f" % kv for kv in returns.items())))
env.close()
