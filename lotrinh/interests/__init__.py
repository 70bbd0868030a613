"""The RIASEC interest test: instrument, attempts (public or run for a class), scores."""
