"""``python -m desk`` runs the command line."""

import sys

from desk.cli import main

sys.exit(main())
