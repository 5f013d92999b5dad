"""Reuse (雷同): candidate pairs by MinHash, then passage alignment."""
