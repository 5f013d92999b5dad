"""Plain terminal table of a batch: what a reviewer reads first."""
from __future__ import annotations

from ..model import Report


def render_table(reports: list[Report], failures: list) -> str:
    lines = []
    header = f"{'文件':<30} {'文种':<10} {'判断日期':<10} {'覆盖度':>6} {'空话度':>6} {'错误':>4} {'提示':>4}"
    lines.append(header)
    for r in reports:
        c = r.counts()
        lines.append(f"{_short(r.path, 30):<30} {r.profile.name:<10} {r.as_of.isoformat():<10} "
                     f"{r.coverage.score:>6.1f} {r.hollowness.score:>6.1f} {c['error']:>4} {c['warning']:>4}")
    for f in failures:
        lines.append(f"{_short(f.path, 30):<30} 无法读取［{f.error}］：{f.message}")
    return "\n".join(lines)


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else "…" + s[-(n - 1):]
