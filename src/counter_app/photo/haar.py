"""Haar cascade detection in NumPy, computing what OpenCV's ``CascadeClassifier.detectMultiScale``
computes for a HAAR/BOOST cascade in OpenCV's XML format, so the app needs no OpenCV at run time.

It follows OpenCV 4's ``cascadedetect.cpp`` step by step, so that the same image gives the same
boxes: the scales (``factor`` = 1, f, f², … kept while the window fits ``minSize``/``maxSize``);
each level shrunk from the input with OpenCV's bit-exact bilinear resize (``INTER_LINEAR_EXACT``,
8-bit fixed-point weights); integral, squared and tilted integral images; a window step of 2 px
below scale 2 and 1 px from there on; each window's variance normalisation on the window less
1 px each side (windows of nearly flat grey, std ≤ 10, are rejected as OpenCV does); feature values
in float32 as OpenCV computes them; stage thresholds less 1e-5; then ``groupRectangles`` with
``eps`` 0.2 and the clip to the image.

Speed comes from evaluating many windows together, stage by stage: the levels' integral images
are packed into one buffer with a common row stride, as OpenCV does, so one set of feature offsets
serves every window; each feature is compiled to an integer combination of integral-image corners
(exact in int32, hence exactly OpenCV's float32 value) and each tree to a lookup table. A level
with many live windows runs its first stages on whole-level strided views; the windows left are
gathered and carried from stage to stage, only those that passed (most are dropped by the first
stages). The levels are split between a few threads (NumPy releases the GIL in its loops), as
OpenCV spreads them over the cores. No matrix products: the frozen app's NumPy has no BLAS.

Timing against OpenCV on one photo's searches: bench/bench_photo.py (``make bench``); equality
box for box: tests/unit/test_photo_haar_vs_opencv.py.
"""

from __future__ import annotations

import os
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

THRESHOLD_EPS = np.float32(1e-5)  # OpenCV lowers every stage threshold by this
GROUP_EPS = 0.2
# A pyramid level with at least this many windows has its first stages evaluated on whole-level
# views (strided slices of its integral image, no gather), while at least DENSE_FRACTION of its
# windows are still alive; the windows left after that are gathered, all levels together.
DENSE_MIN_WINDOWS = 4096
DENSE_FRACTION = 0.25
WORKERS = min(4, os.cpu_count() or 1)  # threads searching the pyramid's levels side by side
PARALLEL_MIN_WINDOWS = 20_000  # below this the threads' overhead outweighs them


@dataclass(frozen=True)
class _Stage:
    """One stage, compiled for evaluation.

    Every rectangle sum of every feature is four corners of an integral image; the stage's
    features are rewritten as integer combinations of the stage's distinct corners (``corners``:
    buffer 0 straight / 1 tilted, dy, dx from the window's top-left; ``terms`` per feature, and
    the same flattened in ``term_*`` for the gathered windows). The Haar
    weights are small integers and a window's feature value stays far below 2**24, so the integer
    result is exactly the float32 value OpenCV computes rect by rect.

    Each tree is a lookup table: its nodes' decisions (node j of the tree is bit j of a code)
    select the leaf (``lut`` (T, 2**M), ``tree_nodes`` (T, M) the stage's node of each bit)."""

    threshold: np.float32
    corners: np.ndarray  # (K, 3) int
    terms: tuple[tuple[tuple[int, int], ...], ...]  # per feature: its (corner, coefficient) pairs
    node_threshold: np.ndarray  # (F,) float32
    tree_nodes: np.ndarray  # (T, M) int
    lut: np.ndarray  # (T * 2**M,) float32
    max_nodes: int
    groups: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]  # (features, (F_m, m) corners, coefficients)
    lut_base: np.ndarray  # (T, 1) each tree's first entry in ``lut``
    exact_sum: bool  # the leaves of any windows add up exactly in double, whatever the order


@dataclass(frozen=True)
class Cascade:
    """A parsed cascade: its window size, whether it has tilted features, and its stages."""

    window: tuple[int, int]  # (w, h)
    has_tilted: bool
    stages: tuple[_Stage, ...]


def _numbers(text: str | None) -> list[str]:
    return (text or "").split()


def load_cascade(path: str | Path) -> Cascade:
    """Parse a cascade in OpenCV's new XML format (``opencv_storage/cascade``, BOOST of HAAR).

    Raises ``ValueError`` for anything else (an old-format or LBP cascade, a broken file)."""
    try:
        root = ET.parse(str(path)).getroot()
    except (OSError, ET.ParseError) as e:
        raise ValueError(f"cascade {path} cannot be read: {e}") from e
    node = root.find("cascade")
    if node is None or (node.findtext("stageType") or "").strip() != "BOOST" \
            or (node.findtext("featureType") or "").strip() != "HAAR":
        raise ValueError(f"{path} is not a BOOST/HAAR cascade in OpenCV's new format")
    window = (int(node.findtext("width")), int(node.findtext("height")))
    if int((node.findtext("featureParams/maxCatCount") or "0").strip()) != 0:
        raise ValueError(f"{path}: categorical features are not supported")
    feats = node.find("features")
    rects, weights, tilted = [], [], []
    for f in feats.findall("_"):
        r = np.zeros((3, 4), np.int64)
        w = np.zeros(3, np.float32)
        for i, rect in enumerate(f.find("rects").findall("_")):
            v = _numbers(rect.text)
            r[i] = [int(float(t)) for t in v[:4]]
            w[i] = np.float32(float(v[4]))
        rects.append(r)
        weights.append(w)
        tilted.append(int((f.findtext("tilted") or "0").strip() or 0) != 0)
    rects, weights, tilted = np.array(rects), np.array(weights, np.float32), np.array(tilted, bool)
    if not np.array_equal(weights, np.rint(weights)):
        raise ValueError(f"{path}: non-integer rectangle weights are not supported")
    stages = []
    for s in node.find("stages").findall("_"):
        thr = np.float32(np.float32(float(s.findtext("stageThreshold"))) - THRESHOLD_EPS)
        trees = []
        for weak in s.find("weakClassifiers").findall("_"):
            nodes = _numbers(weak.findtext("internalNodes"))
            leaves = [np.float32(float(t)) for t in _numbers(weak.findtext("leafValues"))]
            trees.append(([(int(nodes[4 * k]), int(nodes[4 * k + 1]), int(nodes[4 * k + 2]),
                            np.float32(float(nodes[4 * k + 3]))) for k in range(len(nodes) // 4)], leaves))
        stages.append(_compile_stage(thr, trees, rects, weights, tilted))
    return Cascade(window, bool(tilted.any()), tuple(stages))


def _compile_stage(threshold: np.float32, trees, rects: np.ndarray, weights: np.ndarray,
                   tilted: np.ndarray) -> _Stage:
    """A stage's trees ``[(nodes [(left, right, feature, threshold)], leaves)]`` as a :class:`_Stage`."""
    corner_index: dict[tuple[int, int, int], int] = {}
    feature_terms: list[dict[int, int]] = []
    node_thr = []
    for nodes, _leaves in trees:
        for _left, _right, fi, th in nodes:
            node_thr.append(th)
            terms: dict[int, int] = {}
            for r in range(3):
                x, y, w, h = (int(v) for v in rects[fi, r])
                wt = int(weights[fi, r])
                if wt == 0 or w == 0 or h == 0:
                    continue
                if tilted[fi]:
                    pts = ((1, y, x, 1), (1, y + h, x - h, -1), (1, y + w, x + w, -1), (1, y + w + h, x + w - h, 1))
                else:
                    pts = ((0, y, x, 1), (0, y, x + w, -1), (0, y + h, x, -1), (0, y + h, x + w, 1))
                for buf, dy, dx, sign in pts:
                    k = corner_index.setdefault((buf, dy, dx), len(corner_index))
                    terms[k] = terms.get(k, 0) + sign * wt
            feature_terms.append({k: c for k, c in terms.items() if c})
    corners = np.array(list(corner_index), np.int64).reshape(-1, 3)
    max_nodes = max(len(nodes) for nodes, _ in trees)
    tree_nodes = np.zeros((len(trees), max_nodes), np.int64)
    lut = np.zeros((len(trees), 1 << max_nodes), np.float32)
    first = 0
    for t, (nodes, leaves) in enumerate(trees):
        tree_nodes[t] = [first + min(j, len(nodes) - 1) for j in range(max_nodes)]
        for code in range(1 << max_nodes):
            idx = 0
            while True:
                left, right, _fi, _th = nodes[idx]
                nxt = left if (code >> idx) & 1 else right  # bit set: value below the node's threshold
                if nxt <= 0:
                    lut[t, code] = leaves[-nxt]
                    break
                idx = nxt
        first += len(nodes)
    terms = tuple(tuple(t.items()) for t in feature_terms)
    groups = []
    for m in sorted({len(t) for t in terms}):
        feats = [i for i, t in enumerate(terms) if len(t) == m]
        groups.append((np.array(feats, np.intp), np.array([[k for k, _ in terms[i]] for i in feats], np.int64),
                       np.array([[c for _, c in terms[i]] for i in feats], np.int32)))
    # Leaves are float32: all are multiples of 2**(e - 23), e the smallest exponent among them, and
    # a double holds such multiples exactly up to 2**(e + 30): below that the sum is order-free.
    nonzero = np.abs(lut[lut != 0]).astype(np.float64)
    exact = bool(nonzero.size == 0 or np.abs(lut).max(1).astype(np.float64).sum() * 2
                 < 2.0 ** (np.floor(np.log2(nonzero.min())) + 30))
    return _Stage(threshold, corners, terms, np.array(node_thr, np.float32), tree_nodes, lut.ravel(),
                  max_nodes, tuple(groups), (np.arange(len(trees)) << max_nodes)[:, None], exact)


# --- image preparation, as OpenCV does it ------------------------------------------------------

def _linear_exact_coeffs(dst: int, src: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    scale = 1.0 / (dst / src)
    pos = (np.arange(dst, dtype=np.float64) + 0.5) * scale - 0.5
    i0 = np.floor(pos)
    frac = pos - i0
    i0 = i0.astype(np.int64)
    c1 = np.rint(frac * 256).astype(np.int64)
    below = i0 < 0
    c1[below] = 0
    i0[below] = 0
    above = i0 >= src - 1
    i0[above] = src - 1
    c1[above] = 0
    i1 = np.minimum(i0 + 1, src - 1)
    return i0, i1, c1


def resize_linear_exact(grey: np.ndarray, width: int, height: int) -> np.ndarray:
    """OpenCV's ``resize(..., INTER_LINEAR_EXACT)`` of an 8-bit grey image: bilinear with 8-bit
    fixed-point weights, rounded once at the end.

    All in exact integers, so the order of the two passes does not change the result: the
    columns come second, on the rows the output needs only (far fewer when shrinking)."""
    sh, sw = grey.shape
    if (sw, sh) == (width, height):
        return grey.copy()
    x0, x1, cx = (a.astype(np.int32) for a in _linear_exact_coeffs(width, sw))
    y0, y1, cy = (a.astype(np.int32) for a in _linear_exact_coeffs(height, sh))
    cy = cy[:, None]
    rows = grey[y0].astype(np.int32)
    rows *= 256 - cy
    rows += grey[y1] * cy  # 8 fractional bits
    v = rows[:, x0] * (256 - cx)
    v += rows[:, x1] * cx  # 16 fractional bits, at most 255 * 2**16: int32 holds it
    v += 1 << 15
    v >>= 16
    return v.astype(np.uint8)


def rgb_to_grey(rgb: np.ndarray) -> np.ndarray:
    """OpenCV's ``cvtColor(RGB2GRAY)`` for 8 bits: the BT.601 weights in 14-bit fixed point."""
    c = rgb.astype(np.int32)
    return ((c[..., 0] * 4899 + c[..., 1] * 9617 + c[..., 2] * 1868 + 8192) >> 14).astype(np.uint8)


def equalize_hist(grey: np.ndarray) -> np.ndarray:
    """OpenCV's ``equalizeHist``: the grey levels spread by their cumulative histogram, the
    darkest level present mapped to 0 (float32 scale, rounded to nearest)."""
    hist = np.bincount(grey.ravel(), minlength=256)
    nz = np.flatnonzero(hist)
    if nz.size == 0:
        return grey.copy()
    i = int(nz[0])
    total = grey.size
    if hist[i] == total:
        return np.full_like(grey, i)
    scale = np.float32(255.0) / np.float32(total - hist[i])
    lut = np.zeros(256, np.uint8)
    csum = np.cumsum(hist[i + 1:])
    lut[i + 1:] = np.clip(np.rint(csum.astype(np.float32) * scale), 0, 255).astype(np.uint8)
    return lut[grey]


def _tilted_integral(img: np.ndarray) -> np.ndarray:
    """OpenCV's tilted (45°) integral: T[Y, X] = sum of img[y, x] for y < Y, |x − X + 1| ≤ Y − y − 1."""
    h, w = img.shape
    pad = h + 2
    src = np.zeros((h, w + 2 * pad), np.int64)
    src[:, pad:pad + w] = img
    t = np.zeros((h + 1, w + 2 * pad), np.int64)
    for y in range(1, h + 1):
        row = np.zeros(w + 2 * pad, np.int64)
        row[1:-1] = t[y - 1, :-2] + t[y - 1, 2:]
        if y >= 2:
            row -= t[y - 2]
            row[1:] += src[y - 2, :-1]
        row[1:] += src[y - 1, :-1]
        t[y] = row
    return t[:, pad:pad + w + 1]


# --- detection -----------------------------------------------------------------------------------

def _scales(cascade: Cascade, size: tuple[int, int], scale_factor: float, min_size, max_size) -> list[np.float32]:
    w, h = size
    ww, wh = cascade.window
    max_w, max_h = (max_size if max_size and max_size[0] and max_size[1] else (w, h))
    min_w, min_h = min_size or (0, 0)
    out, factor = [], 1.0
    while True:
        sw, sh = int(np.rint(ww * factor)), int(np.rint(wh * factor))
        if sw > max_w or sh > max_h or sw > w or sh > h:
            break
        if sw >= min_w and sh >= min_h:
            out.append(np.float32(factor))
        factor *= scale_factor
    return out


@dataclass(frozen=True)
class _Level:
    scale: np.float32
    width: int
    height: int
    row0: int  # first row of the level in the packed buffers


@dataclass(frozen=True)
class _Pyramid:
    """The levels' integral images packed one below the other with one row stride, as OpenCV
    does, so that one set of feature offsets serves every window: ``buf`` holds the sums then (for
    a cascade with tilted features) the tilted sums at ``tofs``; the squared sums apart. All
    int32: the squared sums of a large level wrap, as OpenCV's do, and a window's sum of squares
    (four corners, in int32 too) is still exact, being far below 2**31."""

    levels: tuple[_Level, ...]
    stride: int
    buf: np.ndarray  # flat
    sqsums: np.ndarray  # (rows, stride)
    tofs: int

    @property
    def sums(self) -> np.ndarray:
        return self.buf[:self.tofs].reshape(-1, self.stride)

    @property
    def tilted(self) -> np.ndarray:
        return self.buf[self.tofs:].reshape(-1, self.stride)

    def fill(self, grey: np.ndarray, lv: _Level, has_tilted: bool) -> None:
        """Compute level ``lv``'s images (its own rows: levels may be filled in parallel)."""
        img = resize_linear_exact(grey, lv.width, lv.height)
        r0, lh, lw = lv.row0, lv.height, lv.width
        v = img.astype(np.int32)
        np.cumsum(np.cumsum(v, 0, dtype=np.int32), 1, dtype=np.int32, out=self.sums[r0 + 1:r0 + lh + 1, 1:lw + 1])
        v *= v
        np.cumsum(np.cumsum(v, 0, dtype=np.int32), 1, dtype=np.int32, out=self.sqsums[r0 + 1:r0 + lh + 1, 1:lw + 1])
        if has_tilted:
            self.tilted[r0:r0 + lh + 1, :lw + 1] = _tilted_integral(img.astype(np.int64))


def _pyramid(cascade: Cascade, size: tuple[int, int], scales: list[np.float32]) -> _Pyramid:
    w, h = size
    levels, row0 = [], 0
    for sc in scales:
        lw, lh = int(np.rint(np.float32(w) / sc)), int(np.rint(np.float32(h) / sc))
        levels.append(_Level(sc, lw, lh, row0))
        row0 += lh + 1
    stride = max(lv.width for lv in levels) + 1
    planes = 2 if cascade.has_tilted else 1
    return _Pyramid(tuple(levels), stride, np.zeros(planes * row0 * stride, np.int32),
                    np.zeros((row0, stride), np.int32), row0 * stride)


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor | None:
    """Threads for the pyramid levels (NumPy releases the GIL in its loops; OpenCV, whose place
    this takes, uses every core too). None on a single core."""
    global _POOL
    if WORKERS < 2:
        return None
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(WORKERS, thread_name_prefix="haar")
        return _POOL


def _window_grid(cascade: Cascade, lv: _Level) -> tuple[int, int, int]:
    """(step, nx, ny): windows with x + ww < lw + 1 (OpenCV's setWindow bound), y likewise, every
    2 px below scale 2 and every pixel from there on."""
    ww, wh = cascade.window
    step = 1 if lv.scale >= 2 else 2
    return step, (lv.width + 1 - ww + step - 1) // step, (lv.height + 1 - wh + step - 1) // step


def detect_multi_scale(cascade: Cascade, grey: np.ndarray, scale_factor: float = 1.1, min_neighbors: int = 3,
                       min_size: tuple[int, int] | None = None,
                       max_size: tuple[int, int] | None = None) -> list[tuple[int, int, int, int]]:
    """The objects in an 8-bit grey image as ``(x, y, w, h)`` boxes, like OpenCV's
    ``CascadeClassifier.detectMultiScale`` with the same arguments."""
    if grey.ndim != 2 or grey.dtype != np.uint8:
        raise ValueError("detect_multi_scale wants an 8-bit grey image")
    if scale_factor <= 1:
        raise ValueError("scale_factor must be above 1")
    h, w = grey.shape
    scales = _scales(cascade, (w, h), scale_factor, min_size, max_size)
    if not scales:
        return []
    ww, wh = cascade.window
    pyr = _pyramid(cascade, (w, h), scales)
    # The levels split into groups of about equal work (windows), searched side by side.
    cost = []
    for li, lv in enumerate(pyr.levels):
        _step, nx, ny = _window_grid(cascade, lv)
        cost.append((max(nx, 0) * max(ny, 0) + lv.width * lv.height // 8, li))
    pool = _pool() if sum(c for c, _ in cost) >= PARALLEL_MIN_WINDOWS else None
    groups: list[list[int]] = [[] for _ in range(WORKERS if pool else 1)]
    load = [0] * len(groups)
    for c, li in sorted(cost, reverse=True):
        g = load.index(min(load))
        groups[g].append(li)
        load[g] += c
    groups = [sorted(g) for g in groups if g]
    if pool is None or len(groups) == 1:
        found = [_search(cascade, grey, pyr, g) for g in groups]
    else:
        found = list(pool.map(lambda g: _search(cascade, grey, pyr, g), groups))
    xy = np.concatenate([f[0] for f in found])
    level = np.concatenate([f[1] for f in found])
    scl = np.array([lv.scale for lv in pyr.levels], np.float32)[level]
    bx = np.rint(xy[:, 0].astype(np.float32) * scl).astype(np.int64)
    by = np.rint(xy[:, 1].astype(np.float32) * scl).astype(np.int64)
    bw = np.rint(np.float32(ww) * scl).astype(np.int64)
    bh = np.rint(np.float32(wh) * scl).astype(np.int64)
    rects = np.stack([bx, by, bw, bh], 1) if bx.size else np.zeros((0, 4), np.int64)
    grouped = group_rectangles(rects, min_neighbors, GROUP_EPS)
    out = []
    for x, y, rw, rh in grouped:  # OpenCV's clipObjects
        x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + rw, w), min(y + rh, h)
        if x1 > x0 and y1 > y0:
            out.append((int(x0), int(y0), int(x1 - x0), int(y1 - y0)))
    return out


def _search(cascade: Cascade, grey: np.ndarray, pyr: _Pyramid, level_ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The windows of the levels ``level_ids`` that pass every stage: (x, y) in level pixels,
    and the level of each.

    A level with many windows has its first stages evaluated on whole-level views (strided slices
    of its integral images, no gather) while enough of its windows are alive; the windows left
    are then gathered, these levels together, and carried from stage to stage, only those that
    passed."""
    ww, wh = cascade.window
    stride, sums, sqsums = pyr.stride, pyr.sums, pyr.sqsums
    planes = (sums, pyr.tilted if cascade.has_tilted else None)
    stages = cascade.stages
    nw, nh = ww - 2, wh - 2
    area = float(nw * nh)
    win_idx, win_xy, win_level, win_vnf, win_stage = [], [], [], [], []
    for li in level_ids:
        lv = pyr.levels[li]
        pyr.fill(grey, lv, cascade.has_tilted)
        step, nx, ny = _window_grid(cascade, lv)
        if nx <= 0 or ny <= 0:
            continue
        r0 = lv.row0

        def view(a: np.ndarray, dy: int, dx: int) -> np.ndarray:
            return a[r0 + dy:r0 + dy + step * ny:step, dx:dx + step * nx:step]  # noqa: B023 - used within this iteration only

        def box(a: np.ndarray, y0: int, x0: int, y1: int, x1: int) -> np.ndarray:
            return view(a, y0, x0) - view(a, y0, x1) - view(a, y1, x0) + view(a, y1, x1)

        vs = box(sums, 1, 1, 1 + nh, 1 + nw).astype(np.float64).ravel()
        vq = box(sqsums, 1, 1, 1 + nh, 1 + nw).astype(np.float64).ravel()
        nf = area * vq - vs * vs
        ok = nf > 0
        vnf = np.ones(vs.size, np.float32)
        vnf[ok] = (1.0 / np.sqrt(nf[ok])).astype(np.float32)
        ok &= area * vnf.astype(np.float64) < 1e-1
        si = 0
        if ok.size >= DENSE_MIN_WINDOWS:
            while si < len(stages) and np.count_nonzero(ok) >= DENSE_FRACTION * ok.size:
                stage = stages[si]
                views = [view(planes[b], int(dy), int(dx)) for b, dy, dx in stage.corners]
                bits = np.empty((len(stage.terms), ok.size), bool)
                for i, terms in enumerate(stage.terms):
                    acc = None
                    for k, c in terms:  # int32 may wrap on the way: the final value is exact
                        term = views[k] if c == 1 else views[k] * np.int32(c)
                        if acc is None:
                            acc = term.copy() if c == 1 else term
                        else:
                            acc += term
                    val = acc.astype(np.float32).ravel()
                    val *= vnf
                    np.less(val, stage.node_threshold[i], out=bits[i])
                ok &= _stage_passes(stage, bits)
                si += 1
        where = np.flatnonzero(ok)
        gy, gx = (where // nx) * step, (where % nx) * step
        win_idx.append((gy + r0) * stride + gx)
        win_xy.append(np.stack([gx, gy], 1))
        win_level.append(np.full(where.size, li))
        win_vnf.append(vnf[where])
        win_stage.append(np.full(where.size, si))
    if not win_idx:
        return np.zeros((0, 2), np.int64), np.zeros(0, np.int64)
    idx = np.concatenate(win_idx)
    xy = np.concatenate(win_xy)
    level = np.concatenate(win_level)
    vnf = np.concatenate(win_vnf)
    done = np.concatenate(win_stage)  # stages already passed on the level's views
    buf, tofs = pyr.buf, pyr.tofs
    for si, stage in enumerate(stages):
        if idx.size == 0:
            break
        todo = done <= si
        if not todo.any():
            continue
        sel = np.flatnonzero(todo) if not todo.all() else None
        at = idx if sel is None else idx[sel]
        val = np.empty((len(stage.terms), at.size), np.float32)
        for feats, corner, coef in stage.groups:  # features with the same number m of terms
            m = corner.shape[1]
            c = stage.corners[corner.ravel()]
            ofs = c[:, 1] * stride + c[:, 2] + c[:, 0] * tofs
            g = np.take(buf, ofs[:, None] + at[None, :])  # (F_m * m, N) int32
            g *= coef.reshape(-1, 1)
            # int32 may wrap on the way: each feature's final value is small and exact
            val[feats] = g.reshape(len(feats), m, at.size).sum(1, dtype=np.int32)
        val *= vnf[None, :] if sel is None else vnf[sel][None, :]
        passed = _stage_passes(stage, val < stage.node_threshold[:, None])
        if sel is None:
            keep = passed
        else:
            keep = np.ones(idx.size, bool)
            keep[sel] = passed
        idx, xy, level, vnf, done = idx[keep], xy[keep], level[keep], vnf[keep], done[keep]
    return xy, level


def _stage_passes(stage: _Stage, bits: np.ndarray) -> np.ndarray:
    """Which windows pass ``stage``, given each node's decision (F, N): value below its threshold.

    The leaves are summed in double, tree by tree in order, as OpenCV does (or in any order
    where that gives the same double)."""
    if stage.max_nodes == 1:
        code = bits.view(np.uint8)
    else:
        code = bits[stage.tree_nodes[:, 0]].view(np.uint8).copy()
        for j in range(1, stage.max_nodes):
            code += bits[stage.tree_nodes[:, j]].view(np.uint8) << np.uint8(j)
    code = code.astype(np.intp)
    code += stage.lut_base
    leaves = np.take(stage.lut, code)
    if stage.exact_sum:  # every order gives the same double (see _compile_stage)
        total = leaves.sum(0, dtype=np.float64)
    else:
        total = np.cumsum(leaves, axis=0, dtype=np.float64)[-1]
    return total >= stage.threshold


def group_rectangles(rects: np.ndarray, threshold: int, eps: float) -> list[tuple[int, int, int, int]]:
    """OpenCV's ``groupRectangles``: similar boxes clustered, each cluster of more than
    ``threshold`` boxes replaced by its mean, and a small cluster inside a stronger one dropped."""
    rects = np.asarray(rects, np.int64).reshape(-1, 4)
    if threshold <= 0 or rects.shape[0] == 0:
        return [tuple(int(v) for v in r) for r in rects]
    n = rects.shape[0]
    x, y, w, h = rects.T
    delta = eps * (np.minimum(w[:, None], w[None]) + np.minimum(h[:, None], h[None])) * 0.5
    similar = ((np.abs(x[:, None] - x[None]) <= delta) & (np.abs(y[:, None] - y[None]) <= delta)
               & (np.abs(x[:, None] + w[:, None] - x[None] - w[None]) <= delta)
               & (np.abs(y[:, None] + h[:, None] - y[None] - h[None]) <= delta))
    # Connected components: each box takes the smallest label among its similar boxes until
    # nothing changes (with pointer jumping), so a cluster is labelled by its first box and the
    # clusters come in the order of their first boxes, as OpenCV's partition numbers them.
    labels = np.arange(n)
    while True:
        new = np.where(similar, labels[None, :], n).min(1)
        new = new[new]
        if np.array_equal(new, labels):
            break
        labels = new
    _, labels = np.unique(labels, return_inverse=True)
    k = int(labels.max()) + 1
    sums = np.zeros((k, 4), np.int64)
    np.add.at(sums, labels, rects)
    counts = np.bincount(labels, minlength=k)
    s = (np.float32(1.0) / counts.astype(np.float32))[:, None]
    avg = np.rint(sums.astype(np.float32) * s).astype(np.int64)
    strong = counts > threshold
    dx = np.rint(avg[:, 2].astype(np.float64) * eps).astype(np.int64)
    dy = np.rint(avg[:, 3].astype(np.float64) * eps).astype(np.int64)
    r1, r2 = avg[:, None, :], avg[None, :, :]
    n1, n2 = counts[:, None], counts[None, :]
    inside = ((r1[..., 0] >= r2[..., 0] - dx[None]) & (r1[..., 1] >= r2[..., 1] - dy[None])
              & (r1[..., 0] + r1[..., 2] <= r2[..., 0] + r2[..., 2] + dx[None])
              & (r1[..., 1] + r1[..., 3] <= r2[..., 1] + r2[..., 3] + dy[None])
              & ((n2 > np.maximum(3, n1)) | (n1 < 3)) & strong[None, :] & ~np.eye(k, dtype=bool)).any(1)
    return [tuple(int(v) for v in avg[i]) for i in range(k) if strong[i] and not inside[i]]

