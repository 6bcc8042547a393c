"""Frozen entry point: the workstation, or the routing API when the bundle re-invokes itself.

The embedded demo (operator_app/demo/launcher.py) starts its server and traffic simulator as
`sys.executable -m routing_api …`. Frozen, `sys.executable` is this binary, so that form runs
the routing API here instead of opening a second window; `routing-api …` is the same thing
spelled as a subcommand for people (`ekc-workstation routing-api seed --demo`).
"""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()
    args = sys.argv[1:]
    if args[:2] == ["-m", "routing_api"] or args[:1] == ["routing-api"]:
        from routing_api.cli import main as routing_api

        return routing_api(args[2:] if args[0] == "-m" else args[1:])
    from operator_app.cli import main as workstation

    return workstation(args)


if __name__ == "__main__":
    sys.exit(main())
