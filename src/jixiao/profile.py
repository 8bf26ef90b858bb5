"""Template profiles: the weights, tiers, aliases and thresholds of a form template, as data.

A profile is a TOML file (``src/jixiao/profiles/*.toml`` or any path).  It may ``extends`` another
profile; tables merge key by key, and a key listed in ``replace`` replaces its parent's value
instead.  A user config file may override any value without touching code::

    profile = "beijing-2024"        # optional; otherwise chosen from the form
    select = ["F", "S002"]          # optional
    ignore = ["T002"]
    [thresholds]
    score_tolerance = 0.3

Problems in a profile raise :class:`ProfileError`, whose message names the file and the key in
Chinese and English: configuration is the user's own input and must be fixed before a run.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jixiao.model import Form


class ProfileError(ValueError):
    """A profile or config file that cannot be used; the message is bilingual."""


class Tiers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    achieved_floor: float = Field(0.8, ge=0, le=1, description="tier 1 starts at this share of W")
    basic_floor: float = Field(0.6, ge=0, le=1, description="tier 2 starts at this share of W")


class Grade(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    min: float


class Thresholds(BaseModel):
    """Every tolerance the scorer and the audit use (see national.toml for what each means)."""

    model_config = ConfigDict(extra="forbid")

    score_tolerance: float = Field(0.5, ge=0)
    funds_score_rounding: float = Field(0.05, ge=0)
    funds_score_error: float = Field(0.5, ge=0)
    rate_tolerance: float = Field(0.005, ge=0)
    total_tolerance: float = Field(0.05, ge=0)
    exact_tolerance: float = Field(0.005, ge=0)
    over_achievement: float = Field(0.20, ge=0)
    budget_change: float = Field(0.5, ge=0)
    cost_loose_ratio: float = Field(0.5, ge=0)
    cost_budget_factor: float = Field(1.1, ge=0)
    spend_match_tolerance: float = Field(0.01, ge=0)
    spend_gap: float = Field(0.05, ge=0)
    weak_execution_rate: float = Field(0.6, ge=0)
    weak_output_share: float = Field(0.8, ge=0)
    weight_deviation: float = Field(10, ge=0)
    evidence_free_share: float = Field(0.8, ge=0, le=1)
    evidence_free_total: float = Field(95, ge=0)
    deviation_min_chars: int = Field(8, ge=0)
    funds_sum_tolerance: float = Field(0.01, ge=0)


class Roles(BaseModel):
    model_config = ConfigDict(extra="forbid")

    output_level1: str = "产出指标"
    benefit_level1: str = "效益指标"
    satisfaction_level1: str = "满意度指标"
    required_level1: list[str] = Field(default_factory=list)
    quantity_level2: list[str] = Field(default_factory=list)
    cost_level2: list[str] = Field(default_factory=list)
    deadline_level2: list[str] = Field(default_factory=list)
    ceiling_level2: list[str] = Field(default_factory=list)


class Auto(BaseModel):
    """When a profile is chosen for a form without --profile: all given conditions must hold."""

    model_config = ConfigDict(extra="forbid")

    priority: int = 0
    funds_weight: float | None = None
    level1_any: list[str] = Field(default_factory=list)
    level2_any: list[str] = Field(default_factory=list)
    department_any: list[str] = Field(default_factory=list)


class Texts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weak_deviation: list[str] = Field(default_factory=list)


class Profile(BaseModel):
    """One template variant.  Validated on load; unknown keys are errors (typos never pass)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: str = ""
    title_en: str = ""
    source: str | None = Field(default=None, description="the file it was loaded from")
    funds_weight: float = Field(10, gt=0)
    total_weight: float = Field(100, gt=0)
    level1_weights: dict[str, float] = Field(default_factory=dict)
    level1_aliases: dict[str, str] = Field(default_factory=dict)
    level1_labels: dict[str, str] = Field(default_factory=dict)
    level2_parents: dict[str, str] = Field(default_factory=dict)
    level2_aliases: dict[str, str] = Field(default_factory=dict)
    roles: Roles = Field(default_factory=Roles)
    nature_ops: dict[str, str] = Field(default_factory=dict)
    tiers: Tiers = Field(default_factory=Tiers)
    grades: list[Grade] = Field(default_factory=list)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    text: Texts = Field(default_factory=Texts)
    auto: Auto | None = None

    @field_validator("nature_ops")
    @classmethod
    def _ops_known(cls, value: dict[str, str]) -> dict[str, str]:
        allowed = {">=", ">", "<=", "<", "=", "qual"}
        for key, op in value.items():
            if op not in allowed:
                raise ValueError(f"{key}: {op!r} not in {sorted(allowed)}")
        return value

    @field_validator("tiers")
    @classmethod
    def _tiers_ordered(cls, value: Tiers) -> Tiers:
        if value.basic_floor > value.achieved_floor:
            raise ValueError("basic_floor must not exceed achieved_floor / 二档下限不得高于一档下限")
        return value

    def level1(self, label: str | None, level2: str | None = None) -> str | None:
        """The canonical level-1 of a row: its label through the aliases, or implied by level-2."""
        if label:
            name = self.level1_aliases.get(label, label)
            if name in self.level1_weights or name in self.roles.required_level1:
                return name
            parent = self.level2_parents.get(self.level2(name) or name)
            if parent:
                return parent
            return name
        l2 = self.level2(level2)
        return self.level2_parents.get(l2) if l2 else None

    def level2(self, label: str | None) -> str | None:
        return self.level2_aliases.get(label, label) if label else None

    def label(self, level1: str) -> str:
        """How this template prints a canonical level-1 (效益指标 → 效果指标 in Beijing 2024)."""
        return self.level1_labels.get(level1, level1)

    def grade(self, total: float) -> str | None:
        for grade in sorted(self.grades, key=lambda g: -g.min):
            if total >= grade.min - 1e-9:
                return grade.name
        return None


def _merge(base: dict[str, Any], over: Mapping[str, Any], replace: Iterable[str] = ()) -> dict[str, Any]:
    out = dict(base)
    replaced = set(replace)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict) and key not in replaced:
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ProfileError(f"{path}：TOML 格式错误（{err}）/ {path}: invalid TOML ({err})") from err


def packaged_profiles() -> list[str]:
    """Names of the profiles shipped with jixiao."""
    return list(_packaged_names())


@cache
def _packaged_names() -> tuple[str, ...]:
    root = resources.files("jixiao.profiles")
    return tuple(sorted(p.name.removesuffix(".toml") for p in root.iterdir()
                        if p.name.endswith(".toml")))


def _raw(name_or_path: str | Path, seen: tuple[str, ...] = ()) -> tuple[str, dict[str, Any]]:
    key = str(name_or_path)
    if key in seen:
        raise ProfileError(f"配置继承成环：{' → '.join((*seen, key))} / profiles extend in a cycle")
    path = Path(key)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ProfileError(f"找不到配置文件 {key} / profile file not found: {key}")
        where, data = key, _read_toml(key, path.read_text(encoding="utf-8"))
    else:
        res = resources.files("jixiao.profiles").joinpath(f"{key}.toml")
        if not res.is_file():
            known = "、".join(packaged_profiles())
            raise ProfileError(
                f"未知的模板配置“{key}”，可选：{known} / unknown profile {key!r}; known: {known}"
            )
        where, data = f"profiles/{key}.toml", _read_toml(key, res.read_text(encoding="utf-8"))
    parent = data.pop("extends", None)
    replace = data.pop("replace", [])
    if parent is not None:
        _, base = _raw(parent, (*seen, key))
        base.pop("auto", None)  # a child is chosen by its own conditions only
        data = _merge(base, data, replace)
    return where, data


def _validate(where: str, data: dict[str, Any]) -> Profile:
    try:
        return Profile.model_validate({**data, "source": where})
    except ValidationError as err:
        lines = []
        for e in err.errors():
            loc = ".".join(str(p) for p in e["loc"])
            lines.append(f"  {where}: {loc}: {e['msg']}")
        raise ProfileError(
            "模板配置有误 / invalid profile:\n" + "\n".join(lines)
        ) from err


@cache
def _packaged(name: str) -> Profile:
    return _validate(*_raw(name))


def load_profile(
    name_or_path: str | Path = "national", overrides: Mapping[str, Any] | None = None
) -> Profile:
    """A packaged profile by name (``national``) or a TOML file by path, with overrides applied.

    >>> load_profile("national", {"thresholds": {"score_tolerance": 0.3}}).thresholds.score_tolerance
    0.3
    """
    if not overrides:
        key = str(name_or_path)
        if not Path(key).exists() and not key.endswith(".toml"):
            return _packaged(key)
    where, data = _raw(name_or_path)
    if overrides:
        data = _merge(data, overrides)
        where = f"{where} (+ overrides)"
    return _validate(where, data)


def _matches(auto: Auto, form: Form) -> bool:
    if auto.funds_weight is not None and form.funds.weight != auto.funds_weight:
        return False
    level1 = {i.level1 for i in form.indicators} | set(form.level1_weights)
    level2 = {i.level2 for i in form.indicators}
    if auto.level1_any and not level1 & set(auto.level1_any):
        return False
    if auto.level2_any and not level2 & set(auto.level2_any):
        return False
    if auto.department_any:
        names = f"{form.department or ''}{form.implementer or ''}"
        if not any(word in names for word in auto.department_any):
            return False
    return True


def choose_profile(form: Form, overrides: Mapping[str, Any] | None = None) -> Profile:
    """The packaged profile whose ``[auto]`` conditions fit the form best; national otherwise."""
    best, best_priority = "national", -1
    for name in packaged_profiles():
        auto = _packaged(name).auto
        if auto is not None and auto.priority > best_priority and _matches(auto, form):
            best, best_priority = name, auto.priority
    return load_profile(best, overrides)


class Config(BaseModel):
    """A user config file: profile choice, rule selection, and overrides of any profile value."""

    model_config = ConfigDict(extra="forbid")

    profile: str | None = None
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    overrides: dict[str, Any] = Field(default_factory=dict)


_CONFIG_KEYS = {"profile", "select", "ignore"}


def load_config(path: str | Path) -> Config:
    """Read a config TOML: ``profile``, ``select``, ``ignore``; every other key overrides the profile.

    The overrides are checked against the profile schema at once, so a misspelt threshold is an
    error that names the file and the key rather than a silent no-op.
    """
    p = Path(path)
    if not p.is_file():
        raise ProfileError(f"找不到配置文件 {p} / config file not found: {p}")
    data = _read_toml(str(p), p.read_text(encoding="utf-8"))
    overrides = {k: v for k, v in data.items() if k not in _CONFIG_KEYS}
    try:
        config = Config.model_validate(
            {**{k: v for k, v in data.items() if k in _CONFIG_KEYS}, "overrides": overrides}
        )
    except ValidationError as err:
        lines = [f"  {p}: {'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in err.errors()]
        raise ProfileError("配置文件有误 / invalid config:\n" + "\n".join(lines)) from err
    if overrides:  # validate the keys now, against the base profile
        _validate(str(p), _merge(_raw("national")[1], overrides))
    return config
