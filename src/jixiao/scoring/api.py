"""``jixiao.score``: recompute forms given as Form objects or as paths to documents."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from jixiao.model import Form, ParseResult
from jixiao.profile import Profile, choose_profile, load_profile
from jixiao.scoring.form import score_form
from jixiao.scoring.model import FormScore

PathLike = str | os.PathLike[str]
Source = Form | PathLike | Iterable[Form | PathLike]
ProfileArg = str | Path | Profile | None


def iter_results(source: Source) -> Iterator[ParseResult]:
    """Forms as parse results: Form objects are wrapped, paths are parsed with :func:`jixiao.parse`."""
    items: Iterable[Form | PathLike]
    items = [source] if isinstance(source, Form | str | os.PathLike) else source
    paths: list[PathLike] = []
    forms: list[Form] = []
    for item in items:
        if isinstance(item, Form):
            forms.append(item)
        else:
            paths.append(item)
    if forms:
        yield ParseResult(document=forms[0].document or "<forms>", forms=forms)
    if paths:
        yield from _iter_parse(paths)


def _iter_parse(paths: list[PathLike]) -> Iterator[ParseResult]:
    from jixiao.api import iter_parse  # the readers are heavy; load them only for paths

    return iter_parse(paths)


class ProfileResolver:
    """The profile for each form: the one given (by name, path or object), or chosen per form."""

    def __init__(self, profile: ProfileArg = None, overrides: Mapping[str, Any] | None = None):
        self.fixed = (
            profile if isinstance(profile, Profile)
            else None if profile is None else load_profile(profile, overrides)
        )
        self.overrides = overrides
        self._chosen: dict[str, Profile] = {}

    def __call__(self, form: Form) -> Profile:
        if self.fixed is not None:
            return self.fixed
        auto = choose_profile(form)
        if not self.overrides:
            return auto
        if auto.name not in self._chosen:
            self._chosen[auto.name] = load_profile(auto.name, self.overrides)
        return self._chosen[auto.name]


def score(
    source: Source, profile: ProfileArg = None, overrides: Mapping[str, Any] | None = None
) -> list[FormScore]:
    """Recompute every form.

    >>> import jixiao
    >>> [s.recomputed_total for s in jixiao.score("forms.txt")]   # doctest: +SKIP
    """
    resolve = ProfileResolver(profile, overrides)
    return [score_form(f, resolve(f)) for r in iter_results(source) for f in r.forms]
