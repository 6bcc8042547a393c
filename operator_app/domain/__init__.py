"""Plain data types and rules of the workstation: no Qt, no I/O."""
