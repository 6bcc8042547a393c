"""The thin layer to the routing API: HTTP client, tokens, event stream, outbox, KB delta."""
