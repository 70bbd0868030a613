"""Drop-out risk maths in plain Python (no Django): facts about a learner in, a score with reasons out.

``features`` turns raw records (attendance marks, score means, status history, policy facts) into
``LearnerFacts`` and the measure behind each rule; ``rules`` is the readable table of weights and
thresholds and the transparent score; the learned model (``lotrinh.retention.learning``) reads the same
measures and explains itself with the same reason texts.
"""
