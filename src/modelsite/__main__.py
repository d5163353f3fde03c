"""Run the command line: `python -m modelsite`."""

import sys

from modelsite.cli import main

sys.exit(main())
