"""Smuggling Trace Lab: a synthetic world of online-enabled migrant smuggling, for training investigators.

Every person, number, account, wallet and place-bound record this package produces is SYNTHETIC and
exists for training only.
"""

__version__ = "0.1.0"

SYNTHETIC_NOTICE = "SYNTHETIC TRAINING DATA - no record refers to a real person, number or account."

__all__ = ["SYNTHETIC_NOTICE", "__version__"]
