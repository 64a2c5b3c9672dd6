"""Spaces from their JSON description (``space.toJSON()`` on the server).

With gymnasium importable they are ``gymnasium.spaces`` objects; otherwise small stand-ins with the same
attributes and methods (``shape``, ``dtype``, ``low``/``high``, ``n``, ``sample``, ``contains``, ``seed``).
"""
import numpy as np

try:  # pragma: no cover - depends on the environment
    import gymnasium.spaces as _gs
except ImportError:  # pragma: no cover
    _gs = None

#: ``True`` when the spaces are gymnasium spaces.
HAS_GYMNASIUM = _gs is not None


def _bounds(values, dtype):
    out = [np.inf if v in ("inf", "Infinity") else -np.inf if v in ("-inf", "-Infinity") else v for v in values]
    return np.array(out, dtype=np.float64)


class Space:
    """Base of the stand-in spaces."""

    shape = None
    dtype = None

    def __init__(self, seed=None):
        self._rng = np.random.default_rng(seed)

    def seed(self, seed=None):
        self._rng = np.random.default_rng(seed)
        return [seed]

    @property
    def np_random(self):
        return self._rng


class Box(Space):
    def __init__(self, low, high, shape, dtype):
        super().__init__()
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self.low = np.asarray(low, dtype=np.float64).reshape(self.shape).astype(self.dtype)
        self.high = np.asarray(high, dtype=np.float64).reshape(self.shape).astype(self.dtype)

    def sample(self):
        lo = np.where(np.isfinite(self.low.astype(np.float64)), self.low, -1e6).astype(np.float64)
        hi = np.where(np.isfinite(self.high.astype(np.float64)), self.high, 1e6).astype(np.float64)
        if np.issubdtype(self.dtype, np.integer):
            return self._rng.integers(lo, hi + 1).astype(self.dtype).reshape(self.shape)
        return self._rng.uniform(lo, hi).astype(self.dtype).reshape(self.shape)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= self.low)) and bool(np.all(x <= self.high))

    def __repr__(self):
        return "Box(%s, %s, %s, %s)" % (self.low.min(), self.high.max(), self.shape, self.dtype)


class Discrete(Space):
    def __init__(self, n, start=0):
        super().__init__()
        self.n = int(n)
        self.start = int(start)
        self.shape = ()
        self.dtype = np.dtype(np.int64)

    def sample(self):
        return int(self.start + self._rng.integers(self.n))

    def contains(self, x):
        return int(x) == x and self.start <= x < self.start + self.n

    def __repr__(self):
        return "Discrete(%d)" % self.n


class MultiDiscrete(Space):
    def __init__(self, nvec, start=None):
        super().__init__()
        self.nvec = np.asarray(nvec, dtype=np.int64)
        self.start = np.zeros_like(self.nvec) if start is None else np.asarray(start, dtype=np.int64)
        self.shape = self.nvec.shape
        self.dtype = np.dtype(np.int64)

    def sample(self):
        return (self.start + self._rng.integers(self.nvec)).astype(self.dtype)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= self.start)) and bool(np.all(x < self.start + self.nvec))


class MultiBinary(Space):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.shape = tuple(n) if isinstance(n, (list, tuple)) else (int(n),)
        self.dtype = np.dtype(np.int8)

    def sample(self):
        return self._rng.integers(0, 2, size=self.shape, dtype=np.int8)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all((x == 0) | (x == 1)))

    def __repr__(self):
        return "MultiBinary(%s)" % (self.n,)


class Dict(Space):
    def __init__(self, spaces):
        super().__init__()
        self.spaces = dict(sorted(spaces.items()))

    def seed(self, seed=None):
        super().seed(seed)
        return [seed] + [s.seed(None if seed is None else seed + i + 1)[0] for i, s in enumerate(self.spaces.values())]

    def sample(self):
        return {k: s.sample() for k, s in self.spaces.items()}

    def contains(self, x):
        return isinstance(x, dict) and x.keys() == self.spaces.keys() and all(s.contains(x[k]) for k, s in self.spaces.items())

    def __getitem__(self, key):
        return self.spaces[key]

    def __repr__(self):
        return "Dict(%s)" % ", ".join("%r: %r" % kv for kv in self.spaces.items())


class Tuple(Space):
    def __init__(self, spaces):
        super().__init__()
        self.spaces = tuple(spaces)

    def sample(self):
        return tuple(s.sample() for s in self.spaces)

    def contains(self, x):
        return len(x) == len(self.spaces) and all(s.contains(v) for s, v in zip(self.spaces, x))

    def __getitem__(self, i):
        return self.spaces[i]


def space_from_json(j):
    """Builds a space from its JSON description (gymnasium's when available)."""
    t = j["type"]
    lib = _gs
    if t == "Box":
        shape = tuple(j["shape"])
        low = _bounds(j["low"], j["dtype"]).reshape(shape)
        high = _bounds(j["high"], j["dtype"]).reshape(shape)
        if lib is not None:
            return lib.Box(low=low.astype(j["dtype"]), high=high.astype(j["dtype"]), shape=shape, dtype=np.dtype(j["dtype"]))
        return Box(low, high, shape, j["dtype"])
    if t == "Discrete":
        if lib is not None:
            return lib.Discrete(j["n"], start=j.get("start", 0))
        return Discrete(j["n"], j.get("start", 0))
    if t == "MultiDiscrete":
        start = j.get("start")
        if lib is not None:
            if start is not None and any(start):
                return lib.MultiDiscrete(np.array(j["nvec"]), start=np.array(start))
            return lib.MultiDiscrete(np.array(j["nvec"]))
        return MultiDiscrete(j["nvec"], start)
    if t == "MultiBinary":
        shape = j["shape"]
        n = shape[0] if len(shape) == 1 else shape
        return lib.MultiBinary(n) if lib is not None else MultiBinary(n)
    if t == "Dict":
        spaces = {k: space_from_json(v) for k, v in j["spaces"].items()}
        return lib.Dict(spaces) if lib is not None else Dict(spaces)
    if t == "Tuple":
        spaces = [space_from_json(v) for v in j["spaces"]]
        return lib.Tuple(spaces) if lib is not None else Tuple(spaces)
    raise ValueError("unknown space type %r" % (t,))


def _exact_cast(action, dtype):
    """Casts to ``dtype``; integer casts that would change a value keep float64 (the server then rejects)."""
    a = np.asarray(action)
    if a.dtype == dtype:
        return a
    if np.issubdtype(dtype, np.floating):
        return a.astype(dtype)
    with np.errstate(invalid="ignore"):
        c = a.astype(dtype)
    if np.array_equal(c.astype(np.float64), a.astype(np.float64)):
        return c
    return a.astype(np.float64)


def to_wire_action(j, action):
    """Converts an action to what the server expects for the space described by ``j``.

    Arrays are cast to the space's element type (float32 for the default Box, int8 for MultiBinary, int32
    for MultiDiscrete), as gymnasium envs cast actions. Values are never clipped or rounded: an integer
    cast that would change a value is not made, so the server rejects the action with ``invalid_action``.
    """
    t = j["type"]
    if t == "Box":
        return _exact_cast(action, np.dtype(j["dtype"]))
    if t == "MultiBinary":
        return _exact_cast(action, np.dtype(np.int8))
    if t == "MultiDiscrete":
        return _exact_cast(action, np.dtype(np.int32))
    if t == "Discrete":
        if isinstance(action, (bool, np.bool_)) or int(action) != action:
            return float(action)
        return int(action)
    if t == "Dict":
        return {k: to_wire_action(sub, action[k]) for k, sub in j["spaces"].items()}
    if t == "Tuple":
        return [to_wire_action(sub, a) for sub, a in zip(j["spaces"], action)]
    raise ValueError("unknown space type %r" % (t,))
