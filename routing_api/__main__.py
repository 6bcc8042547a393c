"""python -m routing_api."""

import sys

from routing_api.cli import main

if __name__ == "__main__":  # not in a spawned worker process (routing_api/offload.py)
    sys.exit(main())
