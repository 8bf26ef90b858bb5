"""The failing and passing examples inside each rule's docstring, as form fragments."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from jixiao.checks.registry import Rule

_BLOCK = re.compile(
    r"^(?P<head>错误示例|正确示例)[^\n]*::\n\n(?P<body>(?:[ \t]+.*\n?|\n)+)", re.MULTILINE
)


@dataclass(frozen=True)
class Example:
    failing: bool
    fragment: dict[str, Any]
    text: str


def examples(rule: Rule) -> list[Example]:
    """Parse ``错误示例 / failing::`` and ``正确示例 / passing::`` blocks of a rule's docstring."""
    out = []
    for m in _BLOCK.finditer(rule.doc + "\n"):
        body = textwrap.dedent(m.group("body")).strip()
        out.append(Example(m.group("head") == "错误示例", json.loads(body), body))
    return out


def description(rule: Rule) -> str:
    """The docstring without its examples."""
    return _BLOCK.sub("", rule.doc + "\n").strip()
