"""Internship allocation, pure Python (no Django): dataclasses in, dataclasses out.

model.py holds the inputs and outputs, compat.py the compatible pairs and their scores, solve.py the
solvers (min-cost flow without side constraints, CP-SAT with them), explain.py the reasons per learner.
"""

from .model import Block, Learner, Outcome, Part, Result, Rules, Slot
from .solve import MODEL_VERSION, allocate

__all__ = ["MODEL_VERSION", "Block", "Learner", "Outcome", "Part", "Result", "Rules", "Slot", "allocate"]
