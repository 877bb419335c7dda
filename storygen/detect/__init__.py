"""Detect: the rules engine. Each rule is a small pure function registered by decorator."""

from storygen.detect.fact import Entity, Fact
from storygen.detect.registry import RULES, Rule, RuleInput, all_rules, detect, rule

__all__ = ["RULES", "Entity", "Fact", "Rule", "RuleInput", "all_rules", "detect", "rule"]
