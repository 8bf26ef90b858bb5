"""A progress bar on stderr for long batches (silent for a handful of files or a non-terminal)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

T = TypeVar("T")


def progress_over(
    items: Sequence[T], label: str, console: Console, minimum: int = 5
) -> Iterator[T]:
    if len(items) < minimum or not console.is_terminal:
        yield from items
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


class ProgressBar:
    """A bar advanced by hand, for work that finishes out of order (worker pools)."""

    def __init__(self, label: str, console: Console, minimum: int = 5) -> None:
        self.label, self.console, self.minimum = label, console, minimum
        self._bar: Progress | None = None
        self._task: Any = None

    def start(self, total: int) -> None:
        if total < self.minimum or not self.console.is_terminal:
            return
        columns = (TextColumn(self.label), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn())  # fmt: skip
        self._bar = Progress(*columns, console=self.console, transient=True)
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=total)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
