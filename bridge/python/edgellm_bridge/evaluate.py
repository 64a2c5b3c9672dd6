"""Leaderboard evaluation driven from Python: the server picks the seeds and records the result."""
from .connection import Connection
from .spaces import space_from_json, to_wire_action


def evaluate(url, env_id, policy, agent_name, token=None, on_episode=None, connection=None):
    """Evaluates ``policy(obs, info) -> action`` on the server's leaderboard seeds.

    ``policy`` may also have ``reset(obs, info)``, called at the start of each episode. The server runs its
    configured number of episodes (seeds 10000 + k), merges the summary into its ``leaderboard.json``
    under ``agent_name`` with source ``remote``, and this returns the reply fields of the last step
    (``result``, ``recorded``, ``configHash``).
    """
    conn = connection if connection is not None else Connection(url, token=token)
    try:
        start = conn.request("evaluate.start", env=env_id, agent=agent_name)
        handle = start["handle"]
        action_json = start["actionSpace"]
        action_space = space_from_json(action_json)
        obs, info = start["obs"], start.get("info", {})
        act = policy.act if hasattr(policy, "act") else policy
        reset = getattr(policy, "reset", None)
        if reset is not None:
            reset(obs, info)
        while True:
            action = act(obs, info) if act is not None else action_space.sample()
            r = conn.request("evaluate.step", handle=handle, action=to_wire_action(action_json, action))
            if "episodeRecord" in r and on_episode is not None:
                on_episode(r["episodeRecord"], r["episode"])
            if r.get("done"):
                return r
            nxt = r.get("next")
            if nxt is not None:
                obs, info = nxt["obs"], nxt.get("info", {})
                if reset is not None:
                    reset(obs, info)
            else:
                obs, info = r["obs"], r.get("info", {})
    finally:
        if connection is None:
            conn.close()
