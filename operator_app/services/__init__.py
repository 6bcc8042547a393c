"""Use cases over domain, store, sync and search (take a contact, reply, wrap up); no Qt."""
