"""Rule modules by area; importing this package registers every rule.

Codes: F funds (预算执行) · S scores and totals (得分) · W weights and structure (分值与结构) ·
T targets (年度指标值) · A actual values (实际完成值) · D deviation analysis (偏差原因) ·
C cross-checks between parts of the form (一致性).
"""

from . import actuals, consistency, deviation, funds, scores, structure, targets

__all__ = ["actuals", "consistency", "deviation", "funds", "scores", "structure", "targets"]
