"""The audit: a catalogue of coded rules, each one check a careful reviewer would make.

``jixiao.audit`` is both this package and the API function: the package is callable, so
``jixiao.audit("forms/")`` works however the package was first imported (a submodule import would
otherwise replace the function attribute on :mod:`jixiao`).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from jixiao.audit.engine import audit_form
from jixiao.audit.finding import Finding
from jixiao.audit.registry import RULES, Context, Hit, Rule, all_rules, rule


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> list[Finding]:
        from jixiao.audit.api import audit

        return audit(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage

__all__ = ["RULES", "Context", "Finding", "Hit", "Rule", "all_rules", "audit_form", "rule"]
