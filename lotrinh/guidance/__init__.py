"""Catchment cohorts, graduates' destinations, streaming, counseling and parent outreach."""
