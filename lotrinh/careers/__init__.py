"""Trades' interest codes, local labour demand, training on offer, recommendations, the family report."""
