"""Versioned support and tuition policies and the rule engine that applies them."""
