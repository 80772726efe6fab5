"""simulator.memory.give_back: what a finished phase freed leaves the process."""

import weakref

from simulator.memory import give_back


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None
        self.payload = bytearray(1 << 20)


def test_objects_that_refer_to_each_other_are_collected():
    # A finished model is such a web: dropping the last reference frees none of it.
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    alive = weakref.ref(first)
    del first, second
    assert give_back() >= 2
    assert alive() is None
