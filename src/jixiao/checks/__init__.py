"""The audit catalogue: coded rules, each one check a careful reviewer would make.

The API function is :func:`jixiao.audit` (defined in :mod:`jixiao.checks.api`); this package is
named ``checks`` so that importing it never shadows that function on :mod:`jixiao`.
"""

from __future__ import annotations

from jixiao.checks.engine import audit_form
from jixiao.checks.finding import Finding
from jixiao.checks.registry import RULES, Context, Hit, Rule, all_rules, rule

__all__ = ["RULES", "Context", "Finding", "Hit", "Rule", "all_rules", "audit_form", "rule"]
