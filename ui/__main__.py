"""``python -m desk.ui``: start the desktop app."""

import sys

from desk.ui.app import main

sys.exit(main())
