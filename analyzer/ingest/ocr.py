"""Offline OCR for pages without a text layer: scanned PDFs (whole, or single scanned pages among text pages) and
images (.png .jpg .jpeg .tif .tiff, every frame of a multi-page TIFF).

Engine: RapidOCR (``rapidocr-onnxruntime`` from PyPI: PP-OCRv4 detection and recognition models shipped inside the
wheel, run by onnxruntime; nothing is downloaded at run time). Why RapidOCR and not Tesseract, and what each
setting below gains, with figures: docs/ingest.md. The pipeline is RapidOCR's own parts called in this order:

- detection on the page scaled down to ``DET_LONG_SIDE`` pixels (a 16 pt 公文 line is still ~18 px high there;
  RapidOCR itself would run it on the full 150 dpi page, 3.3x the pixels for the same boxes), boxes mapped back;
- recognition of each detected line cut from the full 150 dpi page, one line per run (``REC_BATCH``: batches of 6
  cost 1.6x the CPU of single lines, the padding and the larger tensors outweighing the fewer calls);
- no per-line angle classifier; instead the page's widest lines are classified once (~10 ms) and an upside-down
  page is turned 180° and detected again;
- onnxruntime with one thread per core when reading in this process, one per worker under ``--jobs``
  (``use_threads``), and no busy-waiting threads (the machine is shared).

Each page image is scaled to about 150 dpi, red seal pixels (strongly red: R high, G and B well below it) are
turned white before recognition, and every recognised box becomes positioned characters (spread over the box by
their widths, CJK 1 em and ASCII ½), so the PDF reader's layout does the rest exactly as for a text layer: lines
by position, running headers and page numbers dropped, wrapped lines re-joined (``analyzer.ingest.rejoin``).
Boxes recognised with a confidence below ``LOW_CONFIDENCE`` are reported as spans of the final text.

Bounded: at most ``Limits.ocr_max_pages`` pages, ``Limits.ocr_max_pixels`` pixels per image (checked before
decoding: a decompression bomb is refused), ``Limits.ocr_seconds`` of OCR per file; failures are typed
(``OcrFailed``, ``MissingComponent``, ``TooLarge``) with Chinese messages."""
from __future__ import annotations

import io
import os
import sys
import time
from dataclasses import dataclass, field

from analyzer.errors import CorruptFile, MissingComponent, OcrFailed, TooLarge
from analyzer.ingest.pdf import Char

ENGINE_NAME = "RapidOCR (PP-OCRv4, onnxruntime)"
LOW_CONFIDENCE = 0.80
TARGET_DPI = 150
DET_LONG_SIDE = 960          # pixels, long side of the image the text detector sees
REC_BATCH = 1                # lines per recognition run
MIN_TEXT_SCORE = 0.5         # lines recognised below this are noise (RapidOCR's own default)
FLIP_SAMPLE = 8              # widest lines classified to find an upside-down page
FLIP_SCORE = 0.9
A4_LONG_SIDE_PT = 842.0
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
PACKAGE = "rapidocr-onnxruntime"
BLANK_LEVEL = 235   # darkest pixel of a blank page (0 black, 255 white); faint scanned text is far below


@dataclass
class OcrPage:
    chars: list[Char]
    height: float
    boxes: list[tuple[str, float]] = field(default_factory=list)  # (text, confidence) in reading order


_ENGINE = None
_ENGINE_PID = 0
_THREADS: int | None = None
_RETIRED: list = []   # engines never freed: one inherited through fork() crashes when its thread pool is torn down


def use_threads(n: int | None) -> None:
    """Inference threads for the engine loaded next in this process (None: one per core). Worker processes of
    ``--jobs`` use 1: the workers already fill the cores."""
    global _THREADS
    if n != _THREADS:
        _THREADS = n
        _retire()


def _retire() -> None:
    global _ENGINE
    if _ENGINE is not None:
        _RETIRED.append(_ENGINE)
        _ENGINE = None


def _threads() -> int:
    if _THREADS:
        return _THREADS
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def engine():
    """The RapidOCR engine, loaded once per process (~1 s). An engine inherited from the parent through fork()
    is not used (onnxruntime's thread pool does not survive a fork): this process loads its own."""
    global _ENGINE, _ENGINE_PID
    if _ENGINE is not None and _ENGINE_PID != os.getpid():
        _retire()
    if _ENGINE is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise MissingComponent(f"识别扫描件需要 OCR 组件 {PACKAGE}，本机未安装。请运行 .venv/bin/pip install "
                                   f"{PACKAGE}（或重新 make setup），或提供可复制文字的文件。") from None
        eng = RapidOCR(use_cls=False, rec_batch_num=REC_BATCH)
        _tune_sessions(eng, _threads())
        _ENGINE, _ENGINE_PID = eng, os.getpid()
    return _ENGINE


def _tune_sessions(eng, threads: int) -> None:
    """Each model's onnxruntime session re-created with our options: ``threads`` intra-op threads, no spinning
    (idle threads would busy-wait on a shared machine), memory arena on (RapidOCR turns it off)."""
    import onnxruntime as ort
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml, update_model_path
    paths = update_model_path(read_yaml(DEFAULT_CFG_PATH))
    for holder, part in ((eng.text_det.infer, "Det"), (eng.text_rec.session, "Rec"), (eng.text_cls.infer, "Cls")):
        so = ort.SessionOptions()
        so.log_severity_level = 4
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        so.add_session_config_entry("session.inter_op.allow_spinning", "0")
        holder.session = ort.InferenceSession(paths[part]["model_path"], sess_options=so,
                                              providers=["CPUExecutionProvider"])


def remove_seal(rgb):
    """Red seal ink to white: a 公文's seal stamped over the signature would otherwise be read as characters and
    break the characters under it. Black text keeps R≈G≈B; seal ink has R far above both."""
    import numpy as np
    a = rgb.astype(np.int16)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    red = (r > 100) & (r - np.maximum(g, b) > 20)  # the ink, and its pink JPEG/blur fringe
    out = rgb.copy()
    out[red] = 255
    return out


def is_blank(img) -> bool:
    """True when nothing is drawn on the page image: no pixel darker than light grey. Recognition would find
    nothing, and only loading the engine and running detection cost ~350 MB (docs/robustness.md)."""
    return img.convert("L").getextrema()[0] >= BLANK_LEVEL


def scale_to_dpi(img, long_side_pt: float = A4_LONG_SIDE_PT):
    """An image scaled so a page is about ``TARGET_DPI`` (scans come at 200–600 dpi; recognition needs ~150)."""
    from PIL import Image
    want = round(long_side_pt / 72 * TARGET_DPI)
    long_side = max(img.size)
    if long_side > want * 1.15:
        k = want / long_side
        img = img.resize((max(1, round(img.width * k)), max(1, round(img.height * k))), Image.LANCZOS)
    return img


def _lines(eng, arr):
    """Detected text lines of a page array: (boxes in ``arr`` pixels, top to bottom; their crops)."""
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess
    det = eng.text_det
    h, w = arr.shape[:2]
    tensor = DetPreProcess(DET_LONG_SIDE, "max", det.mean, det.std)(arr)
    if tensor is None:
        return [], []
    boxes, _ = det.postprocess_op(det.infer(tensor)[0], (h, w))
    boxes = det.filter_tag_det_res(boxes, (h, w))
    if len(boxes) == 0:
        return [], []
    boxes = eng.sorted_boxes(boxes)
    return boxes, eng.get_crop_img_list(arr, boxes)


def _upside_down(eng, crops) -> bool:
    """Most of the page's widest lines classified as turned 180° with confidence."""
    sample = sorted(crops, key=lambda c: -c.shape[1])[:FLIP_SAMPLE]
    if not sample:
        return False
    _, labels, _ = eng.text_cls(sample)
    return sum(1 for label, score in labels if label == "180" and score >= FLIP_SCORE) * 2 > len(sample)


def read_lines(arr) -> list[tuple[list, str, float]]:
    """A page array (RGB, seal removed) -> recognised lines (box points in ``arr`` pixels, text, confidence)."""
    import numpy as np
    eng = engine()
    boxes, crops = _lines(eng, arr)
    if crops and _upside_down(eng, crops):
        arr = np.ascontiguousarray(arr[::-1, ::-1])
        boxes, crops = _lines(eng, arr)
    if not crops:
        return []
    recognised, _ = eng.text_rec(crops)
    return [(box.tolist(), rec[0], float(rec[1])) for box, rec in zip(boxes, recognised)
            if float(rec[1]) >= MIN_TEXT_SCORE]


def recognise(img, *, page_height_pt: float | None = None) -> OcrPage:
    """One page image (PIL) -> positioned characters (in points when ``page_height_pt`` is given, else pixels)."""
    import numpy as np
    img = scale_to_dpi(img.convert("RGB"))
    arr = remove_seal(np.asarray(img))
    try:
        result = read_lines(arr)
    except MissingComponent:
        raise
    except Exception as e:  # onnxruntime / opencv errors on a malformed image
        raise OcrFailed(f"文字识别失败（{type(e).__name__}）。") from None
    k = (page_height_pt / img.height) if page_height_pt else 1.0
    chars: list[Char] = []
    boxes: list[tuple[str, float]] = []
    for box, text, score in result:
        text = text.strip()
        if not text:
            continue
        xs = [p[0] * k for p in box]
        ys = [p[1] * k for p in box]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        ems = sum(0.5 if c.isascii() else 1.0 for c in text)
        em = (x1 - x0) / max(ems, 0.5)
        size = min(em, (bottom - top) * 1.2)
        mid = (top + bottom) / 2
        x = x0
        for c in text:
            w = em * (0.5 if c.isascii() else 1.0)
            if not c.isspace():
                chars.append(Char(c, x, x + w, mid - size / 2, mid + size / 2, size))
            x += w
        boxes.append((text, score))
    return OcrPage(chars, page_height_pt or float(img.height), boxes)


class Progress:
    """"正在识别扫描页 3/12" on stderr for scans of several pages, when a person is watching."""

    def __init__(self, total: int, name: str):
        self.total = total
        self.on = total >= 3 and sys.stderr.isatty()
        self.name = os.path.basename(name)

    def step(self, i: int) -> None:
        if self.on:
            sys.stderr.write(f"\r正在识别扫描页 {i}/{self.total}（{self.name}）…")
            sys.stderr.flush()

    def done(self) -> None:
        if self.on:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


class Budget:
    """The per-file OCR limits: pages and seconds."""

    def __init__(self, limits, name: str):
        self.limits, self.name, self.start, self.pages = limits, name, time.monotonic(), 0

    def page(self) -> None:
        self.pages += 1
        if self.pages > self.limits.ocr_max_pages:
            raise TooLarge(f"需要识别的扫描页超过 {self.limits.ocr_max_pages} 页，请拆分后分别提交。", path=self.name)
        if time.monotonic() - self.start > self.limits.ocr_seconds:
            raise OcrFailed(f"文字识别超过 {self.limits.ocr_seconds:.0f} 秒仍未完成，已中止（第 {self.pages} 页）。",
                            path=self.name)


def open_image_frames(data: bytes, *, name: str, limits):
    """The frames of an image file (a TIFF may hold several pages), refused before decoding when too many
    pixels (a decompression bomb) or pages."""
    from PIL import Image, UnidentifiedImageError
    Image.MAX_IMAGE_PIXELS = None  # checked here, against the limit, with a Chinese message
    try:
        img = Image.open(io.BytesIO(data))
        frames = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        raise CorruptFile(f"图片文件已损坏或格式无法识别（{type(e).__name__}），请确认后重新提交。", path=name) from None
    if frames > limits.ocr_max_pages:
        raise TooLarge(f"图片共 {frames} 页，超过识别上限 {limits.ocr_max_pages} 页，请拆分后分别提交。", path=name)
    for i in range(frames):
        try:
            img.seek(i)
            if img.width * img.height > limits.ocr_max_pixels:
                raise TooLarge(f"图片过大（{img.width}×{img.height} 像素），超过识别上限 "
                               f"{limits.ocr_max_pixels / 1e6:.0f} 百万像素。", path=name)
            frame = img.convert("RGB")
        except TooLarge:
            raise
        except (OSError, ValueError, SyntaxError) as e:
            raise CorruptFile(f"图片文件已损坏，无法解码（{type(e).__name__}）。", path=name) from None
        yield frame


def read_image(data: bytes, suffix: str, *, name: str = "<image>", limits=None):
    """An image file read by OCR into a Document (format = its suffix)."""
    from analyzer.ingest import DEFAULT_LIMITS
    from analyzer.ingest.pdf import document_from_pages
    from analyzer.errors import NoTextLayer
    limits = limits or DEFAULT_LIMITS
    if not limits.ocr:
        raise NoTextLayer("图片文件只能通过文字识别（OCR）读取，而 OCR 已关闭（--no-ocr）。", path=name)
    budget = Budget(limits, name)
    pages: list[OcrPage] = []
    for frame in open_image_frames(data, name=name, limits=limits):
        budget.page()
        height_pt = A4_LONG_SIDE_PT if frame.height >= frame.width else A4_LONG_SIDE_PT * frame.height / frame.width
        pages.append(recognise(frame, page_height_pt=height_pt))
    return document_from_pages([(p.chars, p.height) for p in pages], fmt=suffix[1:],
                               ocr_pages=[(i + 1, p) for i, p in enumerate(pages)])


def low_confidence_spans(text: str, pages: list[tuple[int, OcrPage]]) -> list[dict]:
    """Spans of ``text`` that came from boxes recognised with low confidence, found in reading order."""
    out, cursor = [], 0
    for _, page in pages:
        for box, score in page.boxes:
            if score >= LOW_CONFIDENCE:
                continue
            i = text.find(box, cursor)
            if i < 0:
                i = text.find(box)
            if i >= 0:
                out.append({"start": i, "end": i + len(box)})
                cursor = i + len(box)
    return sorted(out, key=lambda s: s["start"])
