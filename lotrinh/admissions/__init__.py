"""Admission plans, public applications, review, admission and enrolment."""
