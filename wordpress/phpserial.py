"""PHP's `serialize()` format, read-only, for the postmeta WordPress stores that way
(`_wp_attachment_metadata`: an image's sizes and files). Objects are read as plain dicts; nothing
is ever instantiated."""

import re

_INT = re.compile(rb"-?\d+")
_FLOAT = re.compile(rb"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|-?INF|NAN")
MAX_DEPTH = 32


def php_unserialize(value):
    """`a:1:{s:4:"file";s:8:"photo.jpg";}` → {"file": "photo.jpg"}; raises ValueError when
    `value` is not in the format (or truncated: string lengths are counted in bytes)."""
    data = value.encode("utf-8") if isinstance(value, str) else value
    result, end = _value(data, 0, 0)
    if end != len(data.rstrip()):
        raise ValueError(f"Trailing data after position {end}")
    return result


def _value(data, pos, depth):
    if depth > MAX_DEPTH:
        raise ValueError("Nested too deeply")
    kind = data[pos : pos + 1]
    if kind == b"N":
        return None, _expect(data, pos + 1, b";")
    if data[pos + 1 : pos + 2] != b":":
        raise ValueError(f"Unexpected {kind!r} at position {pos}")
    pos += 2
    if kind == b"b":
        number, pos = _match(_INT, data, pos)
        return number != b"0", _expect(data, pos, b";")
    if kind == b"i":
        number, pos = _match(_INT, data, pos)
        return int(number), _expect(data, pos, b";")
    if kind == b"d":
        number, pos = _match(_FLOAT, data, pos)
        return float(number.replace(b"INF", b"inf")), _expect(data, pos, b";")
    if kind == b"s":
        text, pos = _string(data, pos)
        return text, _expect(data, pos, b";")
    if kind == b"a":
        return _array(data, pos, depth)
    if kind == b"O":  # O:8:"stdClass":2:{…}: read as its properties
        _, pos = _string(data, pos)
        return _array(data, _expect(data, pos, b":"), depth)
    raise ValueError(f"Unknown type {kind!r} at position {pos - 2}")


def _array(data, pos, depth):
    count, pos = _match(_INT, data, pos)
    pos = _expect(data, _expect(data, pos, b":"), b"{")
    result = {}
    for _ in range(int(count)):
        key, pos = _value(data, pos, depth + 1)
        if not isinstance(key, int | str):
            raise ValueError(f"Array key of type {type(key).__name__} at position {pos}")
        result[key], pos = _value(data, pos, depth + 1)
    return result, _expect(data, pos, b"}")


def _string(data, pos):
    length, pos = _match(_INT, data, pos)
    start = _expect(data, _expect(data, pos, b":"), b'"')
    end = start + int(length)
    if end > len(data) or int(length) < 0:
        raise ValueError(f"String of {int(length)} bytes at position {start} runs past the end")
    return data[start:end].decode("utf-8", errors="replace"), _expect(data, end, b'"')


def _match(pattern, data, pos):
    match = pattern.match(data, pos)
    if not match:
        raise ValueError(f"Expected a number at position {pos}")
    return match.group(0), match.end()


def _expect(data, pos, char):
    if data[pos : pos + 1] != char:
        raise ValueError(f"Expected {char.decode()!r} at position {pos}")
    return pos + 1
