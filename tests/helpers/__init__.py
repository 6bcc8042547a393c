"""Test helpers: a real routing API on loopback, API clients, event-stream readers."""
