"""Proofreading of official formulations (规范提法): the engine and one module per rule type."""
