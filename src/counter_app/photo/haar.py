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

Speed comes from evaluating all windows of all pyramid levels together, stage by stage: the
levels' integral images are packed into one buffer with a common row stride, as OpenCV does, so
one set of feature offsets serves every window, and after each stage only the windows that passed
are carried on (most are dropped by the first stages).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np

THRESHOLD_EPS = np.float32(1e-5)  # OpenCV lowers every stage threshold by this
GROUP_EPS = 0.2
# The first stages see nearly every window: they are evaluated on whole-level views (strided
# slices of the integral images, no gather); the windows left after them are gathered.
DENSE_STAGES = 2


@dataclass(frozen=True)
class _Stage:
    threshold: np.float32
    features: np.ndarray  # (F,) the cascade feature of each node of the stage (tree by tree)
    node_threshold: np.ndarray  # (F,) float32
    left: np.ndarray  # (F,) int: > 0 a node of the same tree, <= 0 minus a leaf of the tree
    right: np.ndarray
    tree_first_node: np.ndarray  # (T,) index into the stage's nodes
    tree_first_leaf: np.ndarray  # (T,) index into leaves
    leaves: np.ndarray  # float32
    max_nodes: int


@dataclass(frozen=True)
class Cascade:
    """A parsed cascade: its window size, features and stages."""

    window: tuple[int, int]  # (w, h)
    rects: np.ndarray  # (nfeatures, 3, 4) int: x, y, w, h (a missing third rect is all 0)
    weights: np.ndarray  # (nfeatures, 3) float32 (0 for a missing rect)
    tilted: np.ndarray  # (nfeatures,) bool
    stages: tuple[_Stage, ...]

    @property
    def has_tilted(self) -> bool:
        return bool(self.tilted.any())


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
    stages = []
    for s in node.find("stages").findall("_"):
        thr = np.float32(np.float32(float(s.findtext("stageThreshold"))) - THRESHOLD_EPS)
        feat, nthr, left, right, first_node, first_leaf, leaves = [], [], [], [], [], [], []
        max_nodes = 0
        for weak in s.find("weakClassifiers").findall("_"):
            nodes = _numbers(weak.findtext("internalNodes"))
            vals = [float(t) for t in _numbers(weak.findtext("leafValues"))]
            count = len(nodes) // 4
            max_nodes = max(max_nodes, count)
            first_node.append(len(feat))
            first_leaf.append(len(leaves))
            for k in range(count):
                lft, rgt, fi, th = nodes[4 * k:4 * k + 4]
                left.append(int(lft))
                right.append(int(rgt))
                feat.append(int(fi))
                nthr.append(float(th))
            leaves.extend(vals)
        stages.append(_Stage(thr, np.array(feat), np.array(nthr, np.float32), np.array(left), np.array(right),
                             np.array(first_node), np.array(first_leaf), np.array(leaves, np.float32), max_nodes))
    return Cascade(window, np.array(rects), np.array(weights, np.float32), np.array(tilted, bool), tuple(stages))


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
    fixed-point weights, rows first, rounded once at the end."""
    sh, sw = grey.shape
    if (sw, sh) == (width, height):
        return grey.copy()
    x0, x1, cx = _linear_exact_coeffs(width, sw)
    y0, y1, cy = _linear_exact_coeffs(height, sh)
    src = grey.astype(np.int64)
    h = src[:, x0] * (256 - cx) + src[:, x1] * cx  # 8 fractional bits
    v = h[y0] * (256 - cy)[:, None] + h[y1] * cy[:, None]  # 16 fractional bits
    return ((v + (1 << 15)) >> 16).astype(np.uint8)


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


def _corner_offsets(cascade: Cascade, stride: int, tofs: int) -> np.ndarray:
    """(nfeatures, 3, 4) offsets of each rect's four corners from a window's top-left in the
    packed buffer (straight sums first, then tilted sums at ``tofs``), signed + − − +."""
    x, y, w, h = (cascade.rects[..., i] for i in range(4))
    straight = np.stack([x + stride * y, x + w + stride * y, x + stride * (y + h), x + w + stride * (y + h)], -1)
    tilt = tofs + np.stack([x + stride * y, x - h + stride * (y + h), x + w + stride * (y + w),
                            x + w - h + stride * (y + w + h)], -1)
    return np.where(cascade.tilted[:, None, None], tilt, straight)


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
    # Each level's integral images, packed one below the other with one row stride.
    levels = []
    for sc in scales:
        lw, lh = int(np.rint(np.float32(w) / sc)), int(np.rint(np.float32(h) / sc))
        levels.append((sc, lw, lh))
    stride = max(lw for _, lw, _ in levels) + 1
    total_rows = sum(lh + 1 for _, _, lh in levels)
    sums = np.zeros((total_rows, stride), np.int64)
    sqsums = np.zeros((total_rows, stride), np.int64)
    tilted = np.zeros((total_rows, stride), np.int64) if cascade.has_tilted else None
    row0s = []
    row0 = 0
    for _sc, lw, lh in levels:
        img = resize_linear_exact(grey, lw, lh)
        v = img.astype(np.int64)
        sums[row0 + 1:row0 + lh + 1, 1:lw + 1] = v.cumsum(0).cumsum(1)
        sqsums[row0 + 1:row0 + lh + 1, 1:lw + 1] = (v * v).cumsum(0).cumsum(1)
        if tilted is not None:
            tilted[row0:row0 + lh + 1, :lw + 1] = _tilted_integral(v)
        row0s.append(row0)
        row0 += lh + 1
    flat_sum = sums.ravel()
    buf = flat_sum if tilted is None else np.concatenate([flat_sum, tilted.ravel()])
    buf = buf.astype(np.int32) if buf.size and np.abs(buf).max() < 2**31 else buf
    nw, nh = ww - 2, wh - 2
    area = float(nw * nh)
    stages = cascade.stages
    dense = min(DENSE_STAGES, len(stages))
    win_idx, win_level, win_xy, win_vnf = [], [], [], []
    for li, ((sc, lw, lh), r0) in enumerate(zip(levels, row0s, strict=True)):
        step = 1 if sc >= 2 else 2
        # Windows with x + ww < lw + 1 (OpenCV's setWindow bound), y likewise.
        nx, ny = (lw + 1 - ww + step - 1) // step, (lh + 1 - wh + step - 1) // step
        if nx <= 0 or ny <= 0:
            continue

        def view(a: np.ndarray, dy: int, dx: int) -> np.ndarray:
            return a[r0 + dy:r0 + dy + step * ny:step, dx:dx + step * nx:step]  # noqa: B023 - used within this iteration only

        def box(a: np.ndarray, corners) -> np.ndarray:
            (y0, x0), (y1, x1), (y2, x2), (y3, x3) = corners
            return view(a, y0, x0) - view(a, y1, x1) - view(a, y2, x2) + view(a, y3, x3)

        inner = ((1, 1), (1, 1 + nw), (1 + nh, 1), (1 + nh, 1 + nw))
        vs = box(sums, inner).astype(np.float64).ravel()
        vq = box(sqsums, inner).astype(np.float64).ravel()
        nf = area * vq - vs * vs
        ok = nf > 0
        vnf = np.ones(vs.size, np.float32)
        vnf[ok] = (1.0 / np.sqrt(nf[ok])).astype(np.float32)
        ok &= area * vnf.astype(np.float64) < 1e-1
        for stage in stages[:dense]:
            if not ok.any():
                break
            cols = []
            for f in stage.features:
                part = []
                for r in range(3):
                    x, y, rw, rh = (int(t) for t in cascade.rects[f, r])
                    if cascade.tilted[f]:
                        part.append(box(tilted, ((y, x), (y + rh, x - rh), (y + rw, x + rw),
                                                 (y + rw + rh, x + rw - rh))).ravel())
                    else:
                        part.append(box(sums, ((y, x), (y, x + rw), (y + rh, x), (y + rh, x + rw))).ravel())
                wt = cascade.weights[f]
                cols.append((wt[0] * part[0].astype(np.float32) + wt[1] * part[1].astype(np.float32))
                            + wt[2] * part[2].astype(np.float32))
            val = np.stack(cols, 1) * vnf[:, None]
            ok &= _stage_passes(stage, val)
        where = np.flatnonzero(ok)
        gy, gx = (where // nx) * step, (where % nx) * step
        win_idx.append((gy + r0) * stride + gx)
        win_xy.append(np.stack([gx, gy], 1))
        win_level.append(np.full(where.size, li))
        win_vnf.append(vnf[where])
    if not win_idx:
        return []
    idx = np.concatenate(win_idx)
    xy = np.concatenate(win_xy)
    level = np.concatenate(win_level)
    vnf = np.concatenate(win_vnf)
    offsets = _corner_offsets(cascade, stride, flat_sum.size)
    for stage in stages[dense:]:
        if idx.size == 0:
            return []
        ofs = offsets[stage.features]  # (F, 3, 4)
        wts = cascade.weights[stage.features]  # (F, 3)
        at = idx[:, None, None] + ofs[None, :, :, 0]
        rs = (buf[at] - buf[at + (ofs[..., 1] - ofs[..., 0])] - buf[at + (ofs[..., 2] - ofs[..., 0])]
              + buf[at + (ofs[..., 3] - ofs[..., 0])]).astype(np.float32)  # (N, F, 3)
        val = (wts[None, :, 0] * rs[..., 0] + wts[None, :, 1] * rs[..., 1]) + wts[None, :, 2] * rs[..., 2]
        val *= vnf[:, None]
        keep = _stage_passes(stage, val)
        idx, xy, level, vnf = idx[keep], xy[keep], level[keep], vnf[keep]
    scl = np.array([s for s, _, _ in levels], np.float32)[level]
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


def _stage_passes(stage: _Stage, val: np.ndarray) -> np.ndarray:
    """Which windows pass ``stage``, given the values (N, F) of the stage's node features."""
    if stage.max_nodes == 1:  # stumps: one node per tree, the stage's columns in tree order
        go_left = val < stage.node_threshold[None, :]
        picked = np.where(go_left, stage.leaves[stage.tree_first_leaf], stage.leaves[stage.tree_first_leaf + 1])
        return picked.astype(np.float64).cumsum(1)[:, -1] >= stage.threshold
    # All trees of the stage at once: walk each window down each tree.
    base = stage.tree_first_node[None, :]
    node = np.zeros((val.shape[0], base.shape[1]), np.int64)
    leaf = np.zeros_like(node)
    active = np.ones(node.shape, bool)
    for _ in range(stage.max_nodes):
        g = base + node
        go_left = np.take_along_axis(val, g, 1) < stage.node_threshold[g]
        nxt = np.where(go_left, stage.left[g], stage.right[g])
        done = active & (nxt <= 0)
        leaf = np.where(done, -nxt, leaf)
        active &= ~done
        if not active.any():
            break
        node = np.where(active, nxt, node)
    # Leaves summed in double, tree by tree, as OpenCV does (cumsum adds in order; sum would not).
    picked = stage.leaves[stage.tree_first_leaf[None, :] + leaf].astype(np.float64)
    total = picked.cumsum(1)[:, -1]
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
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    ii, jj = np.nonzero(np.triu(similar, 1))
    for a, b in zip(ii.tolist(), jj.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    labels, order = np.zeros(n, np.int64), {}
    for i in range(n):
        r = find(i)
        if r not in order:
            order[r] = len(order)
        labels[i] = order[r]
    k = len(order)
    sums = np.zeros((k, 4), np.int64)
    np.add.at(sums, labels, rects)
    counts = np.bincount(labels, minlength=k)
    s = (np.float32(1.0) / counts.astype(np.float32))[:, None]
    avg = np.rint(sums.astype(np.float32) * s).astype(np.int64)
    out = []
    for i in range(k):
        n1 = counts[i]
        if n1 <= threshold:
            continue
        r1 = avg[i]
        inside = False
        for j in range(k):
            n2 = counts[j]
            if j == i or n2 <= threshold:
                continue
            r2 = avg[j]
            dx, dy = int(np.rint(np.float64(r2[2] * eps))), int(np.rint(np.float64(r2[3] * eps)))
            if (r1[0] >= r2[0] - dx and r1[1] >= r2[1] - dy and r1[0] + r1[2] <= r2[0] + r2[2] + dx
                    and r1[1] + r1[3] <= r2[1] + r2[3] + dy and (n2 > max(3, n1) or n1 < 3)):
                inside = True
                break
        if not inside:
            out.append(tuple(int(v) for v in r1))
    return out
