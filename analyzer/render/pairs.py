"""``shengao reuse`` output: the pairs of documents sharing passages, as DESIGN.md's JSON or a table."""
from __future__ import annotations

from analyzer.analyses.reuse.detect import ReusePair
from analyzer.render.jsonout import dumps


def render_pairs(pairs: list[ReusePair], fmt: str = "table") -> str:
    """``json``: DESIGN.md's ``{"pairs": [...]}``; ``table``: one line per pair, then its passages."""
    if fmt == "json":
        return dumps({"pairs": [p.to_dict() for p in pairs]})
    if not pairs:
        return "未发现雷同段落。"
    lines = [f"发现 {len(pairs)} 对文稿存在雷同段落（占比 = 该文稿内容字符落在雷同段落中的比例）："]
    for p in pairs:
        lines.append(f"\n{p.a}（{p.a_share:.1%}）↔ {p.b}（{p.b_share:.1%}），{len(p.passages)} 段")
        for a0, a1, b0, b1, text in p.passages:
            snippet = " ".join(text.split())
            snippet = snippet if len(snippet) <= 60 else snippet[:58] + "……"
            lines.append(f"  [{a0}-{a1}] ↔ [{b0}-{b1}] {snippet}")
    return "\n".join(lines)
