"""``analyzer.kernels`` lists every fast path it holds: a newcomer reads there which kernels exist and what each
replaces, so a kernel module missing from the list is an error."""
from __future__ import annotations

import pkgutil

import analyzer.kernels


def test_every_kernel_module_is_named_in_the_package_docstring():
    modules = [m.name for m in pkgutil.iter_modules(analyzer.kernels.__path__)]
    assert len(modules) >= 18
    missing = [m for m in modules if f"``{m}``" not in analyzer.kernels.__doc__]
    assert not missing, missing
