"""The audit: a catalogue of coded rules, each one check a careful reviewer would make."""

from jixiao.audit.engine import audit_form
from jixiao.audit.finding import Finding
from jixiao.audit.registry import RULES, Context, Hit, Rule, all_rules, rule

__all__ = ["RULES", "Context", "Finding", "Hit", "Rule", "all_rules", "audit_form", "rule"]
