"""python -m routing_api."""

import sys

from routing_api.cli import main

sys.exit(main())
