"""Remote parallel (multi-agent) environments: a registered parallel env of a bridge server used through
PettingZoo's Parallel API.

``RemoteParallelEnv`` subclasses ``pettingzoo.ParallelEnv`` when pettingzoo is importable; otherwise it is
a plain class with the same methods and attributes. Its spaces are built like ``RemoteEnv``'s
(``gymnasium.spaces`` when gymnasium is importable, stand-ins otherwise).
"""
from .connection import Connection
from .env import _release, _snake_metadata
from .errors import BridgeError
from .spaces import space_from_json, to_wire_action

try:  # pragma: no cover - depends on the environment
    from pettingzoo.utils.env import ParallelEnv as _ParallelBase

    #: ``True`` when ``RemoteParallelEnv`` is a ``pettingzoo.ParallelEnv``.
    HAS_PETTINGZOO = True
except ImportError:  # pragma: no cover
    HAS_PETTINGZOO = False

    class _ParallelBase:
        """Stand-in for ``pettingzoo.ParallelEnv``."""

        metadata = {}

        @property
        def num_agents(self):
            return len(self.agents)

        @property
        def max_num_agents(self):
            return len(self.possible_agents)

        @property
        def unwrapped(self):
            return self

        def state(self):
            raise NotImplementedError("state() is not available for %s" % self.metadata.get("name", type(self).__name__))

        def __str__(self):
            return self.metadata.get("name", type(self).__name__)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()
            return False


class RemoteParallelEnv(_ParallelBase):
    """A registered parallel environment of the server at ``url``.

    Args:
        url: ``ws://host:port`` of a server started with ``npx edgellm-gym serve``.
        env_id: a registered parallel id, e.g. ``"EdgeLLMMulti-v0"`` (the server's hello lists them under
            ``parallelEnvs``).
        config: keyword arguments of the env (checked by the server against its config schema).
        token: the server's token, when it was started with one.
        infos: ``False`` asks the server for an empty info per agent (less traffic).
        connection: an open :class:`Connection` to share (then ``url`` and ``token`` are ignored).
    """

    def __init__(self, url=None, env_id="EdgeLLMMulti-v0", config=None, token=None, infos=True, connection=None, timeout=30.0):
        self._owns = connection is None
        self.conn = connection if connection is not None else Connection(url, token=token, timeout=timeout)
        fields = {"env": env_id}
        if config is not None:
            fields["config"] = dict(config)
        if infos is not None:
            fields["infos"] = bool(infos)
        try:
            reply = self.conn.request("parallel.make", **fields)
        except BridgeError:
            if self._owns:
                self.conn.close()
            raise
        self.env_id = env_id
        self.handle = reply["handle"]
        self.possible_agents = list(reply["possibleAgents"])
        self.agents = []
        self._action_json = dict(reply["actionSpaces"])
        self.observation_spaces = {a: space_from_json(reply["observationSpaces"][a]) for a in self.possible_agents}
        self.action_spaces = {a: space_from_json(self._action_json[a]) for a in self.possible_agents}
        self.metadata = _snake_metadata(reply.get("metadata"))
        self.render_mode = None
        self.remote_spec = reply.get("spec")
        self._closed = False

    def _space(self, spaces, agent, which):
        try:
            return spaces[agent]
        except KeyError:
            raise KeyError("%s(%r): not an agent of %s (possible agents: %s)" % (which, agent, self.env_id, ", ".join(self.possible_agents))) from None

    def observation_space(self, agent):
        """The observation space of ``agent`` (the same object at every call)."""
        return self._space(self.observation_spaces, agent, "observation_space")

    def action_space(self, agent):
        """The action space of ``agent`` (the same object at every call)."""
        return self._space(self.action_spaces, agent, "action_space")

    def reset(self, seed=None, options=None):
        """Starts an episode; returns ``(observations, infos)``, dicts keyed by the live agents."""
        fields = {"handle": self.handle}
        if seed is not None:
            fields["seed"] = int(seed)
        if options is not None:
            fields["options"] = options
        r = self.conn.request("parallel.reset", **fields)
        self.agents = list(r["agents"])
        return r["observations"], r.get("infos", {})

    def step(self, actions):
        """Steps every live agent with ``actions`` (a dict keyed by agent); returns ``(observations,
        rewards, terminations, truncations, infos)``, dicts keyed by the agents that acted. Afterwards
        ``agents`` holds the agents still live.

        Raises:
            BridgeError: ``invalid_action`` naming the agent when an action is missing, belongs to an
                agent that is not live, or is not in the agent's action space (the env is unchanged);
                ``reset_needed`` once no agent is live.
        """
        wire = {}
        for agent, action in dict(actions).items():
            space = self._action_json.get(agent)
            wire[agent] = action if space is None else to_wire_action(space, action)
        r = self.conn.request("parallel.step", handle=self.handle, actions=wire)
        self.agents = list(r["agents"])
        return (
            r["observations"],
            {a: float(v) for a, v in r["rewards"].items()},
            {a: bool(v) for a, v in r["terminations"].items()},
            {a: bool(v) for a, v in r["truncations"].items()},
            r.get("infos", {}),
        )

    def render(self):
        """The server's render output (text for ``ansi``), or ``None``."""
        return self.conn.request("render", handle=self.handle).get("frame")

    def close(self):
        """Frees the remote env (and closes the connection when this env opened it)."""
        _release(self)
