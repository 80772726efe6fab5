"""Smuggling Trace Lab: a synthetic world of online-enabled migrant smuggling, for training
investigators.

Every person, number, account, wallet and place-bound record this package produces is SYNTHETIC and
exists for training only.
"""

__version__ = "0.3.1"

SYNTHETIC_NOTICE = "SYNTHETIC TRAINING DATA - no record refers to a real person, number or account."

__all__ = ["SYNTHETIC_NOTICE", "__version__", "exercises", "open_case"]


def __getattr__(name: str) -> object:
    # Lazy, so `import simulator` (the CLI, the generator) does not load the trainee toolkit.
    if name == "open_case":
        from simulator.investigate import open_case

        return open_case
    if name == "exercises":
        import importlib

        return importlib.import_module("simulator.exercises")
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
