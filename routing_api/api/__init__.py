"""HTTP routes of the routing API, under /api/v1."""
