"""公文-like test documents from a source text (one paragraph per line): laid out with hard wraps at a given width
(with 禁则: no line starts with closing punctuation, numbers and Latin words are never split), then written as
wrapped plain text, as a text-layer PDF (running header, "— N —" page numbers, tables, right-aligned signature),
or as scanned page images (a red seal, slight skew, JPEG noise). Used by the ingest tests and benchmarks; the
expected text is always the source, never something the code under test produced."""
from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from pathlib import Path

NO_START = "，。、；：？！,.;:?!”’」』）)》〕】…%"
NO_END = "“‘「『（(《〔【"
_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%:/+\-]*|.")
LATIN = ["5G", "APP", "PPT", "GDP", "CPI", "AI", "OA", "QQ", "VR", "PM2.5", "ISO9001", "12345", "2.3%", "86.5%",
         "1,047", "30", "128", "2024", "6", "Wi-Fi"]


@dataclass
class Block:
    kind: str   # title | centred | salutation | heading | body | table | sign
    text: str


def parse_source(text: str) -> list[Block]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    blocks: list[Block] = []
    n = len(lines)
    for i, ln in enumerate(lines):
        if i == 0 and len(ln) <= 60:
            kind = "title"
        elif "\t" in ln:
            kind = "table"
        elif i <= 2 and (re.fullmatch(r"[（(].*[）)]", ln) or "\u3000" in ln):
            kind = "centred"
        elif i <= 4 and ln.endswith(("：", ":")) and len(ln) <= 20:
            kind = "salutation"
        elif i >= n - 2 and len(ln) <= 30 and not ln.endswith(("。", "！", "？")):
            kind = "sign"
        elif re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])", ln) and len(ln) <= 40 \
                and not ln.endswith("。"):
            kind = "heading"
        else:
            kind = "body"
        blocks.append(Block(kind, ln))
    return blocks


def with_latin(text: str, seed: int, every: int = 40) -> str:
    """The source with half-width tokens (digits, Latin) put in after a comma every ~``every`` characters:
    more lines then hold half-width text and end short of the edge."""
    rnd = random.Random(seed)
    out = []
    for ln in text.splitlines():
        if "\t" in ln or len(ln) < 30:
            out.append(ln)
            continue
        pieces = re.split(r"(?<=，)", ln)
        acc = []
        for p in pieces:
            if p.endswith("，") and rnd.random() < 30 / every:
                p = p + f"推进{rnd.choice(LATIN)}项目{rnd.choice(LATIN)}，"
            acc.append(p)
        out.append("".join(acc))
    return "\n".join(out)


def wrap(text: str, width: float, first_indent: float, measure) -> list[str]:
    """Greedy line breaking at ``width`` (in the unit of ``measure``) with 禁则; the first line is narrower by
    ``first_indent``."""
    units = _UNIT.findall(text)
    lines, cur, avail = [], "", width - first_indent
    for u in units:
        if measure(cur + u) <= avail or not cur:
            cur += u
            continue
        if u[0] in NO_START:              # pull the last unit down with the closing punctuation
            last = _UNIT.findall(cur)[-1]
            lines.append(cur[: len(cur) - len(last)])
            cur = last + u
        elif cur[-1] in NO_END:           # an opening quote never ends a line
            lines.append(cur[:-1])
            cur = cur[-1] + u
        else:
            lines.append(cur)
            cur = u
        avail = width
    if cur:
        lines.append(cur)
    return lines


def em_measure(s: str) -> float:
    return sum(0.5 if c.isascii() else 1.0 for c in s)


def wrapped_text(source: str, width: int, *, indent: bool, header: str | None = None, page_lines: int = 0) -> str:
    """The source hard-wrapped at ``width`` ems, as pasted from a PDF: optionally 　　 indents, and every
    ``page_lines`` lines a page break with a running ``header`` and a "— N —" page number."""
    out: list[str] = []
    for b in parse_source(source):
        if b.kind == "table":
            out.append(b.text)
            continue
        ind = 2 if indent and b.kind in ("body", "heading") else 0
        for k, ln in enumerate(wrap(b.text, width, ind, em_measure)):
            out.append(("\u3000" * ind if k == 0 else "") + ln)
    if page_lines:
        paged, page = [], 1
        for i in range(0, len(out), page_lines):
            if header and len(out) > page_lines:
                paged.append(header)
            paged.extend(out[i:i + page_lines])
            paged.append(f"— {page} —")
            page += 1
        out = paged
    return "\n".join(out)


# ------------------------------------------------------------------ pages

@dataclass
class Op:
    page: int
    x: float     # points from the left
    y: float     # points from the top (baseline)
    text: str
    size: float
    body: bool   # a line of the text body (counted for the broken-lines measure)


def layout(source: str, measure, *, size: float = 16.0, header: str | None = "中共江屿市委员会办公室",
           page_w: float = 595.0, page_h: float = 842.0, margin_l: float = 79.0, margin_r: float = 74.0,
           margin_t: float = 104.0, margin_b: float = 100.0) -> tuple[list[Op], int]:
    """Pages of a 公文: title centred at 1.375x, body with a two-character first-line indent, tables in columns,
    signature right-aligned; a running header on every page after the first and a "— N —" number at the
    bottom, on the right of odd pages and the left of even ones. ``measure(text, size)`` -> width in points."""
    ops: list[Op] = []
    width = page_w - margin_l - margin_r
    lead = size * 1.75
    page, y = 1, margin_t

    def newline(h: float):
        nonlocal page, y
        if y + h > page_h - margin_b:
            page, y = page + 1, margin_t
        y += h

    for b in parse_source(source):
        if b.kind == "title":
            ts = size * 1.375
            for ln in wrap(b.text, width - 4 * ts, 0, lambda s: measure(s, ts)):
                newline(ts * 1.6)
                ops.append(Op(page, margin_l + (width - measure(ln, ts)) / 2, y, ln, ts, False))
            newline(lead * 0.5)
        elif b.kind == "centred":
            newline(lead)
            ops.append(Op(page, margin_l + (width - measure(b.text, size)) / 2, y, b.text, size, False))
        elif b.kind == "sign":
            newline(lead)
            ops.append(Op(page, margin_l + width - 2 * size - measure(b.text, size), y, b.text, size, False))
        elif b.kind == "table":
            cells = b.text.split("\t")
            col = width / len(cells)
            newline(lead)
            ts = min([size * 0.85] + [(col - size) / max(measure(c, 1.0), 1e-6) for c in cells])
            for k, c in enumerate(cells):
                ops.append(Op(page, margin_l + k * col + size * 0.5, y, c, ts, False))
        else:
            ind = 0 if b.kind == "salutation" else 2 * size
            for k, ln in enumerate(wrap(b.text, width, ind, lambda s: measure(s, size))):
                newline(lead)
                ops.append(Op(page, margin_l + (ind if k == 0 else 0), y, ln, size, True))
    pages = page
    for p in range(1, pages + 1):
        if header and pages > 1:
            ops.append(Op(p, margin_l, margin_t - 2.2 * size, header, size * 0.75, False))
        num = f"— {p} —"
        x = page_w - margin_r - measure(num, size * 0.875) if p % 2 else margin_l
        ops.append(Op(p, x, page_h - margin_b + 2.5 * size, num, size * 0.875, False))
    return ops, pages


def text_pdf(source: str, *, size: float = 16.0, header: str | None = "中共江屿市委员会办公室", **kw) -> tuple[bytes, int]:
    """A text-layer PDF of the source; returns (bytes, number of body lines drawn)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    ops, pages = layout(source, lambda s, sz: pdfmetrics.stringWidth(s, "STSong-Light", sz), size=size,
                        header=header, **kw)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    for p in range(1, pages + 1):
        for op in ops:
            if op.page == p:
                c.setFont("STSong-Light", op.size)
                c.drawString(op.x, 842 - op.y, op.text.replace("·", "・"))  # the CID font has no U+00B7
        c.showPage()
    c.save()
    return buf.getvalue(), sum(1 for op in ops if op.body)


# ------------------------------------------------------------------ scans

CJK_FONTS = ["/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"]


def cjk_font() -> str | None:
    return next((f for f in CJK_FONTS if Path(f).is_file()), None)


def scan_pages(source: str, *, dpi: int = 150, seal: bool = True, skew: float = 0.6, jpeg: int = 70,
               seed: int = 0, header: str | None = "中共江屿市委员会办公室"):
    """The source as scanned page images (PIL, RGB): a red seal over the signature on the last page, a small
    rotation, speckle noise and JPEG compression."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont
    font_path = cjk_font()
    if font_path is None:
        raise RuntimeError("no CJK font (apt-get install fonts-noto-cjk)")
    scale = dpi / 72.0
    fonts: dict[float, ImageFont.FreeTypeFont] = {}

    def font(sz: float):
        key = round(sz * scale)
        if key not in fonts:
            fonts[key] = ImageFont.truetype(font_path, key, index=2 if "Noto" in font_path else 0)
        return fonts[key]

    ops, pages = layout(source, lambda s, sz: font(sz).getlength(s) / scale, header=header)
    rnd = random.Random(seed)
    out = []
    for p in range(1, pages + 1):
        img = Image.new("RGB", (round(595 * scale), round(842 * scale)), "white")
        d = ImageDraw.Draw(img)
        mine = [op for op in ops if op.page == p]
        for op in mine:
            d.text((op.x * scale, op.y * scale), op.text, font=font(op.size), fill=(20, 20, 20), anchor="ls")
        if seal and p == pages and mine:
            last = max(mine, key=lambda op: op.y if not op.text.startswith("—") else 0)
            _seal(img, (last.x * scale + 60 * scale, last.y * scale - 10 * scale), 62 * scale, rnd)
        img = img.rotate(rnd.uniform(-skew, skew), resample=Image.BICUBIC, fillcolor="white", expand=False)
        img = img.filter(ImageFilter.GaussianBlur(0.4))
        arr = np.asarray(img).astype(np.int16)
        noise = np.random.default_rng(seed + p).normal(0, 6, arr.shape[:2])[..., None]
        arr = np.clip(arr + noise, 0, 255).astype(np.uint8)
        buf = io.BytesIO()
        Image.fromarray(arr).save(buf, "JPEG", quality=jpeg)
        out.append(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    return out


def _seal(img, centre, radius, rnd):
    """A red round seal: ring, star and an arc of text, drawn semi-transparently over what is below."""
    import math
    from PIL import Image, ImageDraw, ImageFont
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    red = (220, 30, 40, 200)
    d.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=red, width=max(3, int(radius / 14)))
    r = radius * 0.28
    pts = [(cx + r * math.cos(math.pi / 2 + k * 4 * math.pi / 5) * (1 if True else 0),
            cy - r * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    d.polygon(pts, fill=red)
    font = ImageFont.truetype(cjk_font(), int(radius / 4.2), index=2 if "Noto" in cjk_font() else 0)
    label = "中共江屿市委员会办公室"
    for k, ch in enumerate(label):
        a = math.radians(200 + k * 140 / (len(label) - 1))
        d.text((cx + radius * 0.75 * math.cos(a), cy + radius * 0.75 * math.sin(a)), ch, font=font, fill=red,
               anchor="mm")
    # ink multiplies with the paper: black text under the seal stays black, as on a real stamped page
    from PIL import ImageChops
    ink = Image.new("RGB", img.size, "white")
    ink.paste(layer.convert("RGB"), mask=layer.split()[3])
    img.paste(ImageChops.multiply(img, ink))


def images_pdf(images, dpi: int = 150) -> bytes:
    """A scanned PDF: one JPEG image per page, no text layer."""
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def mixed_pdf(pages) -> bytes:
    """A PDF whose pages are text lines (a str: drawn with a text layer) or scans (a PIL image, no text layer),
    in the given order, A4."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for page in pages:
        if isinstance(page, str):
            c.setFont("STSong-Light", 16)
            c.drawString(80, 700, page)
        else:
            c.drawImage(ImageReader(page), 0, 0, 595, 842)
        c.showPage()
    c.save()
    return buf.getvalue()


# ------------------------------------------------------------------ a finding on page 2

def pdf_measure():
    """Width in points of a string in reportlab's STSong-Light at a size (the font registered)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return lambda s, sz: pdfmetrics.stringWidth(s, "STSong-Light", sz)


FILLERS = ["机关党委全年组织集中学习12次，覆盖党员56名。", "各支部按期完成换届选举，新发展党员3名。",
           "开展主题党日活动24次，走访困难群众41户。"]
ERROR = "要始终坚持大局意识、政治意识、核心意识、看齐意识。"


def two_page_pdf() -> bytes:
    """Page 1: three paragraphs; page 2: a paragraph wrapped over from page 1, another, then the misordered list."""
    from reportlab.pdfgen import canvas
    measure = pdf_measure()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    long = "机关党委把学习贯彻党的二十大精神作为首要政治任务，制定学习计划，"     # reaches the column's edge
    rest = "明确责任人，全年开展专题研讨6次。"
    assert 96 + measure(long, 12) < 595 - 72
    c.setFont("STSong-Light", 12)
    y = 760
    for line in FILLERS[:2]:
        c.drawString(96, y, line)
        y -= 20
    c.drawString(96, y, long)
    width = measure(long, 12)
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, rest)
    c.drawString(96, 740, FILLERS[2])
    c.drawString(96, 720, ERROR)
    c.drawString(72 + width - measure("第二页结束。", 12), 700, "第二页结束。")
    c.showPage()
    c.save()
    return buf.getvalue()


# ------------------------------------------------------------------ measures

def squash(s: str) -> str:
    """Whitespace out; the middle dot in one form (reportlab's STSong-Light writes · as ・)."""
    return re.sub(r"\s+", "", s).replace("・", "·")


def break_errors(source: str, paragraphs: list[str]) -> dict:
    """Paragraph breaks of the result against the source's, on the text with whitespace removed: ``broken``
    = breaks inside a source paragraph, ``mid_sentence`` = those of them not after a sentence end,
    ``merged`` = source breaks missing. ``same_text``: the result holds exactly the source's characters (no
    page furniture left, nothing lost)."""
    src = [squash(x) for x in source.splitlines() if x.strip()]
    out = [squash(x) for x in paragraphs if x.strip()]

    def cuts(parts):
        pos, s = 0, set()
        for p in parts[:-1]:
            pos += len(p)
            s.add(pos)
        return s
    a, b = "".join(src), "".join(out)
    sc, oc = cuts(src), cuts(out)
    broken = sorted(oc - sc)
    mid = [k for k in broken if not re.search(r"[。！？；：…”）;:!?]$", b[:k])]
    return {"same_text": a == b, "broken": len(broken), "mid_sentence": len(mid), "merged": len(sc - oc),
            "examples": [b[max(0, k - 12):k] + "|" + b[k:k + 8] for k in mid[:5]]}


# ------------------------------------------------------------------ OFD

def ofd_package(source: str, *, size: float = 16.0, header: str | None = "中共江屿市委员会办公室",
                template: str | None = None, extra: dict | None = None) -> bytes:
    """An OFD (GB/T 33190) package of the source, written the way OFD producers do: OFD.xml → Doc_0/Document.xml →
    Pages/Page_N/Content.xml, one TextObject per line (Boundary and Size in mm, TextCode with X/Y and DeltaX,
    runs of equal advances in the "g N d" form). ``template``: text on a template page (a letterhead) that the
    reader must leave out. ``extra``: more members (name -> bytes)."""
    import zipfile
    mm = 25.4 / 72
    ops, pages = layout(source, lambda s, sz: em_measure(s) * sz, size=size, header=header)
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD">'
                    '<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>'
                    '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        tpl = '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
        page_refs = "".join(f'<ofd:Page ID="{10 + p}" BaseLoc="Pages/Page_{p - 1}/Content.xml"/>'
                            for p in range(1, pages + 1))
        zf.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}>'
                    '<ofd:CommonData><ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea>'
                    '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                    f'<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{tpl}</ofd:CommonData>'
                    f'<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>')
        zf.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {ns} BaseLoc="Res">'
                    '<ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
        if template:
            zf.writestr("Doc_0/Tpls/Tpl_0/Content.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}>'
                        '<ofd:Content><ofd:Layer ID="3"><ofd:TextObject ID="4" Boundary="20 10 170 12" Font="1" '
                        f'Size="8"><ofd:TextCode X="0" Y="8">{template}</ofd:TextCode></ofd:TextObject>'
                        '</ofd:Layer></ofd:Content></ofd:Page>')
        uid = 100
        for p in range(1, pages + 1):
            objs = []
            for op in (o for o in ops if o.page == p):
                uid += 1
                sz = op.size * mm
                adv = [(0.5 if c.isascii() else 1.0) * sz for c in op.text]
                delta = _delta_x(adv[:-1])
                w = sum(adv)
                text = op.text.replace("&", "&amp;").replace("<", "&lt;")
                objs.append(f'<ofd:TextObject ID="{uid}" Boundary="{op.x * mm:.3f} {(op.y - op.size) * mm:.3f} '
                            f'{w + 1:.3f} {sz * 1.3:.3f}" Font="1" Size="{sz:.3f}"><ofd:FillColor Value="0 0 0"/>'
                            f'<ofd:TextCode X="0" Y="{sz:.3f}" DeltaX="{delta}">{text}</ofd:TextCode>'
                            '</ofd:TextObject>')
            tref = '<ofd:Template TemplateID="2" ZOrder="Background"/>' if template else ""
            zf.writestr(f"Doc_0/Pages/Page_{p - 1}/Content.xml",
                        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}>{tref}<ofd:Content>'
                        f'<ofd:Layer ID="{uid + 5000}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')
        for k, v in (extra or {}).items():
            zf.writestr(k, v)
    return buf.getvalue()


def _delta_x(adv: list[float]) -> str:
    """Advances in OFD's compressed form: a run of equal values as "g N d"."""
    out, i = [], 0
    while i < len(adv):
        j = i
        while j < len(adv) and abs(adv[j] - adv[i]) < 1e-6:
            j += 1
        out.append(f"g {j - i} {adv[i]:.3f}" if j - i > 1 else f"{adv[i]:.3f}")
        i = j
    return " ".join(out)


def similarity(a: str, b: str) -> float:
    """difflib's ratio of the two texts with whitespace removed (1.0: the same characters in the same order)."""
    import difflib
    return difflib.SequenceMatcher(None, squash(a), squash(b), autojunk=False).ratio()
