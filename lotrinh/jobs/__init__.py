"""Job placements, graduate follow-up at 6 and 12 months, employment rates."""
