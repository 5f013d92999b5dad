"""Batches: reading many inputs with typed failures, running them (in worker processes), the results store."""
