"""Data files shipped with the package (the hollowness model, the traditional->simplified table)."""
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
