"""The command-line shell (``shengao``): each command parses options and calls the library."""
from analyzer.cli.commands import main

__all__ = ["main"]
