"""Typed errors of the bridge, as the server reports them (code, message, hint), and its warnings."""


class BridgeError(Exception):
    """An error reply of the server, or a failure of the connection.

    Attributes:
        code: stable code such as ``invalid_action``, ``unknown_env`` or ``connection_closed``.
        message: what went wrong.
        hint: what to do about it.
        field: the request field at fault, when the server named one.
    """

    def __init__(self, code, message, hint="", field=None):
        super().__init__("[%s] %s%s" % (code, message, (" Hint: " + hint) if hint else ""))
        self.code = code
        self.message = message
        self.hint = hint
        self.field = field

    def __reduce__(self):
        """Pickles with all four fields (Ray and multiprocessing send errors between processes)."""
        return (type(self), (self.code, self.message, self.hint, self.field))

    @classmethod
    def from_wire(cls, error):
        """Builds the error from a reply's ``error`` map (tolerating a malformed one)."""
        if not isinstance(error, dict):
            return cls("internal", "malformed error reply: %r" % (error,))
        return cls(
            str(error.get("code", "internal")),
            str(error.get("message", "")),
            str(error.get("hint", "")),
            error.get("field"),
        )


class BridgeWarning(UserWarning):
    """A warning the server's environment emitted during a call (its checker's, for example), re-emitted by
    ``warnings.warn`` where the call was made, as a local call would have printed it. Filter it like any
    warning, e.g. ``warnings.simplefilter("ignore", BridgeWarning)``."""
