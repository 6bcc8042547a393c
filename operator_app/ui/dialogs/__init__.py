"""Dialogs of the contact actions: escalation, transfer, consulting the supervisor."""
