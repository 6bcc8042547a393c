"""Demo data and traffic for the embedded demo and tests."""
