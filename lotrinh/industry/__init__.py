"""Enterprises (shared), each center's partnerships, agreements, training orders, openings, enterprise accounts."""
