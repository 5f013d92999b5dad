"""The command-line shell (``shengao``): each command parses options and calls the library.

Before the commands import the analyses, ``dataclasses`` is given the compiled-method cache
(``kernels.dataclass_code``): a process of the shell no longer compiles every dataclass's methods again."""
from analyzer.kernels import dataclass_code

dataclass_code.install()

from analyzer.cli.commands import main  # noqa: E402 - after install(), so the analyses' dataclasses use it

__all__ = ["main"]
