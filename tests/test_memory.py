"""simulator.memory.give_back: what a finished phase freed leaves the process."""

import weakref

import pyarrow as pa

from simulator.memory import ARROW_POOL_ENV, give_back, system_allocator


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


def test_arrow_allocates_from_malloc_inside_the_block_only(monkeypatch):
    monkeypatch.delenv(ARROW_POOL_ENV, raising=False)
    before = pa.default_memory_pool().backend_name
    with system_allocator():
        inside = pa.default_memory_pool().backend_name
        table = pa.table({"x": list(range(1000))})
    assert inside == "system"
    assert pa.default_memory_pool().backend_name == before
    assert table.column("x")[999].as_py() == 999  # a buffer outlives the block


def test_a_pool_chosen_in_the_environment_stands(monkeypatch):
    monkeypatch.setenv(ARROW_POOL_ENV, "jemalloc")
    before = pa.default_memory_pool().backend_name
    with system_allocator():
        assert pa.default_memory_pool().backend_name == before
