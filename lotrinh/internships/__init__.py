"""Internship slots, learners' preferences, the allocation (allocation/ is pure), publication, follow-up."""
