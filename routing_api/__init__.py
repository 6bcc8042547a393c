"""The central routing API of the ЕКЦ: contacts, skills-based routing, durable events."""
