"""``python -m simulator`` runs the ``tracelab`` command line."""

import sys

from simulator.cli import main

sys.exit(main())
