"""MessagePack frames of the bridge protocol, with arrays as ``{dtype, shape, data}`` maps.

``data`` holds the elements' little-endian bytes. numpy arrays are encoded that way; received ones become
numpy arrays (copies, writable). Extension types are never used, so any msgpack library reads the frames.
"""
import msgpack
import numpy as np

#: Element types the protocol carries.
WIRE_DTYPES = ("float32", "float64", "int8", "int16", "int32", "uint8", "uint16", "uint32", "bool")
_WIRE_SET = frozenset(WIRE_DTYPES)
_ARRAY_KEYS = frozenset(("dtype", "shape", "data"))
# dtype objects (native and little-endian) to wire names; also the decoding dtypes by wire name.
_NAME_OF = {}
for _n in WIRE_DTYPES:
    _d = np.dtype(np.bool_) if _n == "bool" else np.dtype(_n)
    _NAME_OF[_d] = _n
    _NAME_OF[_d.newbyteorder("<")] = _n
_DECODE_DTYPE = {n: (np.dtype(np.bool_) if n == "bool" else np.dtype(n).newbyteorder("<")) for n in WIRE_DTYPES}
_NATIVE_LE = np.dtype("<f4") == np.dtype("=f4")


def array_to_wire(a):
    """The wire map of a numpy array (its dtype must be one of ``WIRE_DTYPES``)."""
    a = np.asarray(a)
    name = _NAME_OF.get(a.dtype)
    if name is None:
        raise TypeError(
            "arrays of dtype %s cannot be sent; cast to one of %s first" % (a.dtype, ", ".join(WIRE_DTYPES))
        )
    if name != "bool" and a.dtype.byteorder == ">":
        a = a.astype(a.dtype.newbyteorder("<"))
    return {"dtype": name, "shape": list(a.shape), "data": np.ascontiguousarray(a).tobytes()}


def _default(obj):
    if isinstance(obj, np.ndarray):
        return array_to_wire(obj)
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (tuple, set, frozenset)):
        return list(obj)
    raise TypeError("cannot send a %s" % type(obj).__name__)


def _object_hook(m):
    if len(m) != 3 or "data" not in m or m.keys() != _ARRAY_KEYS or not isinstance(m["data"], bytes):
        return m
    np_dtype = _DECODE_DTYPE.get(m["dtype"])
    if np_dtype is None:
        raise ValueError("unknown array dtype %r" % (m["dtype"],))
    arr = np.frombuffer(m["data"], dtype=np_dtype).reshape(m["shape"])
    if _NATIVE_LE:
        return arr.copy()
    return arr.astype(arr.dtype.newbyteorder("="), copy=True)


def encode(value):
    """Encodes one frame."""
    return msgpack.packb(value, default=_default, use_bin_type=True)


def decode(data):
    """Decodes one frame."""
    return msgpack.unpackb(data, raw=False, object_hook=_object_hook, strict_map_key=False)
