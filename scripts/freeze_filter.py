"""What build.spec leaves out of the frozen app: Qt plugins and libraries the app never loads.

PyInstaller's PySide6 hooks collect every plugin of every Qt module in use, and with them their
libraries: the virtual keyboard input-context plugin pulls in the virtual keyboard and its QML, the GTK
platform theme GTK's stack, the PDF image-format plugin Qt PDF. The app is a QtWidgets program on X11
(xcb) or headless (offscreen), printing through CUPS and grabbing frames through Qt Multimedia's FFmpeg
backend, so only those plugins stay. ``keep_binary`` is applied to the destination names of the
Analysis' binaries and datas.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# Plugin directories kept, and within them the plugins kept (None: all of the directory).
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"libqxcb.so", "libqoffscreen.so", "libqminimal.so"},
    "xcbglintegrations": None,          # xcb loads one of them at start
    "platforminputcontexts": {"libcomposeplatforminputcontextplugin.so", "libibusplatforminputcontextplugin.so"},
    "imageformats": {"libqjpeg.so", "libqgif.so", "libqico.so", "libqsvg.so"},
    "iconengines": None,
    "multimedia": None,                 # the FFmpeg backend: the camera (V4L2) and frame decoding
    "printsupport": None,               # CUPS
    "tls": None,                        # https to the central ledger
    "platformthemes": {"libqxdgdesktopportal.so"},
}

# Libraries of Qt the kept plugins and modules do not link against.
DROP_LIBRARIES = re.compile(
    # (Qt Quick and QML stay: Qt Multimedia's FFmpeg plugin, the camera, links against them, and
    # libQt6Multimedia against Qt Concurrent)
    r"libQt6(VirtualKeyboard|Pdf|Wayland|WlShell|EglFS|EglFs|Designer|Help|Sql|Test|"
    r"MultimediaWidgets|MultimediaQuick|LabsQml|ShaderTools|Quick3D|QuickWidgets|QuickControls|QuickTemplates)"
    # the GTK theme's stack (the theme plugin is dropped; Qt draws its own Fusion/xcb widgets)
    r"|lib(gtk-3|gdk-3|atk-1\.0|atk-bridge-2\.0|gdk_pixbuf-2\.0|pango-1\.0|pangocairo-1\.0|pangoft2-1\.0|"
    r"cairo-gobject|cairo|pixman-1|thai|datrie|fribidi|epoxy)\.so"
)

QT_TRANSLATIONS = re.compile(r"qt(base|multimedia)?_(zh_CN|en)\.qm$")


def keep_binary(dest: str) -> bool:
    """False for a plugin, library or Qt translation the frozen app does not need."""
    path = PurePosixPath(dest)
    parts = path.parts
    if "plugins" in parts:
        i = parts.index("plugins")
        if i + 3 == len(parts):  # PySide6/Qt/plugins/<dir>/<file>
            kept = KEEP_PLUGINS.get(parts[i + 1], set())
            return kept is None or path.name in kept
    if "translations" in parts and path.suffix == ".qm" and "Qt" in parts:
        return bool(QT_TRANSLATIONS.search(path.name))
    return not DROP_LIBRARIES.search(path.name)


_STUB_C = """\
#include <stdio.h>
#include <stdlib.h>
static void stub_fail(const char *name) {
    fprintf(stderr, "counter-app: %s called %s from %s, which this build leaves out "
            "(%s; build.spec, scripts/freeze_filter.py)\\n", CALLER, name, LIBRARY, WHAT);
    abort();
}
"""


def _symbols(path: str, *, defined: bool) -> list[tuple[str, str | None, str, int]]:
    """(name, version, nm type, size) of a library's dynamic symbols."""
    import subprocess

    flag = "--defined-only" if defined else "--undefined-only"
    out = subprocess.run(["nm", "-D", "-S", flag, "--with-symbol-versions", path],
                         check=True, capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        sym, kind = fields[-1], fields[-2]
        size = int(fields[1], 16) if len(fields) == 4 else 0
        name, _, version = sym.replace("@@", "@").partition("@")
        syms.append((name, version or None, kind, size))
    return syms


def _soname(path: str) -> str:
    import subprocess

    out = subprocess.run(["readelf", "-d", path], check=True, capture_output=True, text=True).stdout
    m = re.search(r"\(SONAME\)\s+Library soname: \[(.+?)\]", out)
    return m.group(1) if m else PurePosixPath(path).name


def _make_stub(original: str, wanted: dict[str, str | None], out_dir, *, caller: str, what: str,
               real: dict[str, str] | None = None) -> str:
    """A shared library with ``original``'s soname defining the ``wanted`` symbols (name → version); a call
    to any of them prints which function ``caller`` called (``what`` the library did) and aborts, but for
    those ``real`` gives a C definition of."""
    real = real or {}
    import subprocess
    from pathlib import Path

    defined = {name: (kind, size) for name, _v, kind, size in _symbols(original, defined=True)}
    name = PurePosixPath(original).name
    lines = [f'#define LIBRARY "{name}"', f'#define CALLER "{caller}"', f'#define WHAT "{what}"', _STUB_C]
    versions: dict[str | None, list[str]] = {}
    for sym, version in sorted(wanted.items()):
        kind, size = defined[sym]
        if sym in real:
            lines.append(real[sym])
        elif kind.upper() in {"D", "B", "R", "V"}:  # data: storage of the same size, never meaningful
            lines.append(f"char {sym}[{max(size, 8)}];")
        else:
            lines.append(f'void {sym}(void) {{ stub_fail("{sym}"); }}')
        versions.setdefault(version, []).append(sym)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    src, script, lib = out_dir / f"{name}.c", out_dir / f"{name}.map", out_dir / name
    src.write_text("\n".join(lines) + "\n")
    if None in versions:  # an unversioned library (OpenBLAS): one anonymous node
        script.write_text(f"{{ global: {' '.join(f'{s};' for s in versions[None])} local: *; }};\n")
    else:                 # a versioned library: the same version nodes
        script.write_text("".join(f"{v} {{ global: {' '.join(f'{s};' for s in syms)} {'local: *; ' if i == 0 else ''}}};\n"
                                  for i, (v, syms) in enumerate(versions.items())))
    subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-o", str(lib), str(src), f"-Wl,-soname,{_soname(original)}",
                    f"-Wl,--version-script={script}"], check=True)
    return str(lib)


# NumPy's wheel brings OpenBLAS (numpy.libs/libscipy_openblas64_*, 25 MB, with libgfortran and libquadmath 3 MB):
# BLAS for matmul/dot/vdot/tensordot/linalg.norm of float arrays, LAPACK for numpy.linalg. The app calls none
# of them (np.asarray, element-wise arithmetic, reductions, histograms, indexing; `make dist` greps src/ for
# the calls, see BLAS_CALLS), and numpy calls no BLAS function at import. The extension modules linked
# against it (_multiarray_umath, linalg/_umath_linalg) get a stub of the same soname defining the symbols
# they import: numpy loads and works, and a call to a BLAS/LAPACK function stops the app naming it. The one
# exception is the vector dot product (sdot, ddot: plain loops here), which numpy's import calls once to check
# its BLAS (numpy/__init__.py, _sanity_check: ones(2, float32).dot(...)).
NUMPY_LIBS = "numpy.libs"
NUMPY_STUBBED = re.compile(r"^libscipy_openblas")
NUMPY_UNNEEDED = re.compile(r"^lib(scipy_openblas|gfortran|quadmath)")  # the last two: OpenBLAS's alone
_DOT_C = """\
{t} {name}(long long n, const {t} *x, long long incx, const {t} *y, long long incy) {{
    /* BLAS semantics (ILP64 interface): a negative increment walks the vector from its end */
    {acc} s = 0;
    const {t} *px = incx < 0 ? x + (1 - n) * incx : x, *py = incy < 0 ? y + (1 - n) * incy : y;
    for (long long i = 0; i < n; i++) s += px[i * incx] * py[i * incy];
    return ({t})s;
}}"""
NUMPY_REAL = {  # what numpy's import calls (see above), defined for real
    "scipy_cblas_sdot64_": _DOT_C.format(t="float", acc="float", name="scipy_cblas_sdot64_"),
    "scipy_cblas_ddot64_": _DOT_C.format(t="double", acc="double", name="scipy_cblas_ddot64_"),
}
# what in the app's source would reach BLAS/LAPACK through numpy (blas_calls_in)
BLAS_FUNCTIONS = {"dot", "vdot", "inner", "outer", "matmul", "tensordot", "einsum", "linalg", "cov", "corrcoef",
                  "polyfit", "lstsq", "kron"}


def blas_calls_in(src_dir) -> list[str]:
    """``file:line`` of each place in the app's source that may call BLAS/LAPACK through numpy: the ``@``
    operator (not a decorator), ``np.<f>``/``numpy.<f>`` for the functions above, any ``.dot(`` and
    ``linalg``. build.spec refuses to stub numpy's OpenBLAS while there is one."""
    import io
    import tokenize
    from pathlib import Path

    hits = []
    for f in sorted(Path(src_dir).rglob("*.py")):
        toks = [t for t in tokenize.generate_tokens(io.StringIO(f.read_text(encoding="utf-8")).readline)
                if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT)]
        for i, t in enumerate(toks):
            prev = toks[i - 1] if i else None
            first = prev is None or prev.type == tokenize.NEWLINE
            hit = (t.type == tokenize.OP and t.string in ("@", "@=") and not first) or (
                t.type == tokenize.NAME and (t.string == "linalg" or (
                    prev is not None and prev.string == "." and i >= 2 and (
                        (t.string == "dot" and i + 1 < len(toks) and toks[i + 1].string == "(")
                        or (t.string in BLAS_FUNCTIONS and toks[i - 2].string in ("np", "numpy"))))))
            if hit:
                hits.append(f"{f}:{t.start[0]}: {t.line.strip()}")
    return hits


def numpy_blas_stubs(binaries, workdir) -> list:
    """A stub for numpy's OpenBLAS (see above), as TOC entries of the Analysis."""
    users = [src for dest, src, _ in binaries
             if PurePosixPath(dest).parts[:1] == ("numpy",) and PurePosixPath(dest).suffix == ".so"]
    stubs = []
    for dest, src, kind in binaries:
        path = PurePosixPath(dest)
        if path.parent.name != NUMPY_LIBS or not NUMPY_STUBBED.match(path.name):
            continue
        own = {n for n, _v, _k, _s in _symbols(src, defined=True)}
        wanted = {n: v for user in users for n, v, _k, _s in _symbols(user, defined=False) if n in own}
        stubs.append((dest, _make_stub(src, wanted, workdir, caller="numpy", real=NUMPY_REAL,
                                       what="OpenBLAS: matrix products and numpy.linalg"), kind))
    return stubs


def keep_numpy_lib(dest: str) -> bool:
    """False for numpy's OpenBLAS and what only it needs (the stub is added apart)."""
    path = PurePosixPath(dest)
    return path.parent.name != NUMPY_LIBS or not NUMPY_UNNEEDED.match(path.name)


def stripped(binaries, workdir) -> list:
    """The binaries with their symbol tables stripped (libpython alone: 22 → 5.5 MB), as new TOC entries.

    PyInstaller's own ``strip=True`` strips every file, and breaks the libraries that auditwheel has
    patched into the wheels' ``*.libs`` directories (numpy's OpenBLAS: "ELF load command address/offset
    not page-aligned"): those, already stripped where it matters, are left as they are."""
    import shutil
    import subprocess
    from pathlib import Path

    out = []
    for dest, src, kind in binaries:
        parts = PurePosixPath(dest).parts
        if kind not in {"BINARY", "EXTENSION"} or any(p.endswith(".libs") for p in parts) or not _not_stripped(src):
            out.append((dest, src, kind))
            continue
        target = Path(workdir) / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.stat().st_mtime < Path(src).stat().st_mtime:
            shutil.copyfile(src, target)
            subprocess.run(["strip", "--strip-unneeded", str(target)], check=True)
        out.append((dest, str(target), kind))
    return out


def _not_stripped(path: str) -> bool:
    import subprocess

    try:
        out = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True, check=True).stdout
    except (subprocess.CalledProcessError, OSError):
        return False
    return " .symtab " in out or " .debug_info " in out


# ICU's data library (libicudata, 31 MB) holds the locale data of every language ICU knows. Qt uses ICU for
# collation, locale-aware case mapping and text codecs; the app speaks Chinese and English. The library is
# rebuilt with only the root, en* and zh* locales, no dictionary-based word breaking (Qt breaks text
# itself), no transliteration, and of the legacy codecs only GB 18030 and GBK (~5 MB).
ICU_KEEP_LOCALES = re.compile(r"^(root|en|en_.*|zh|zh_.*)$")
ICU_LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
ICU_KEEP_CONVERTERS = {"gb18030.cnv", "windows-936-2000.cnv"}


def _icu_item_dropped(item: str) -> bool:
    path = PurePosixPath(item)
    if path.parts[0] == "translit" or path.suffix == ".dict":
        return True
    if path.suffix == ".cnv":
        return path.name not in ICU_KEEP_CONVERTERS
    if path.suffix == ".res" and ICU_LOCALE_NAME.match(path.stem):
        return not ICU_KEEP_LOCALES.match(path.stem)
    return False


def trimmed_icu(binaries, workdir) -> list:
    """The binaries with libicudata replaced by the trimmed build described above."""
    import subprocess
    from pathlib import Path

    out = []
    for dest, src, kind in binaries:
        name = PurePosixPath(dest).name
        if not name.startswith("libicudata.so"):
            out.append((dest, src, kind))
            continue
        work = Path(workdir)
        work.mkdir(parents=True, exist_ok=True)
        lib = work / name
        if not lib.exists() or lib.stat().st_mtime < max(Path(src).stat().st_mtime, Path(__file__).stat().st_mtime):
            symbol, offset, size = _icu_data_symbol(src)
            dat = work / f"{symbol.removesuffix('_dat')}l.dat"
            dat.write_bytes(Path(src).read_bytes()[offset:offset + size])
            items = subprocess.run(["icupkg", "-l", str(dat)], check=True, capture_output=True, text=True).stdout.split()
            drop = {i for i in items if _icu_item_dropped(i)}
            (work / "small").mkdir(exist_ok=True)
            small = work / "small" / dat.name  # icupkg names the items after the output file: same name
            for _ in range(20):  # what a kept item depends on (an alias's target, a parent locale) is kept
                (work / "drop.txt").write_text("\n".join(sorted(drop)) + "\n")
                run = subprocess.run(["icupkg", "-r", str(work / "drop.txt"), str(dat), str(small)],
                                     capture_output=True, text=True)
                needed = set(re.findall(r"depends on missing item (\S+)", run.stdout + run.stderr))
                if run.returncode == 0 and not needed:
                    break
                if not needed:
                    raise RuntimeError(f"icupkg failed: {run.stdout}{run.stderr}")
                drop -= needed
            else:
                raise RuntimeError("icupkg: the dependencies of the kept ICU items did not settle")
            (work / "icudata.s").write_text(
                f'.section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n{symbol}:\n'
                f'.incbin "{small}"\n.size {symbol}, . - {symbol}\n.section .note.GNU-stack,"",@progbits\n')
            subprocess.run(["gcc", "-shared", "-nostdlib", "-o", str(lib), str(work / "icudata.s"),
                            f"-Wl,-soname,{_soname(src)}"], check=True)
        out.append((dest, str(lib), kind))
    return out


def _icu_data_symbol(path: str) -> tuple[str, int, int]:
    """(symbol, file offset, size) of ICU's common data in libicudata."""
    import subprocess

    (name, _v, _k, size), = [s for s in _symbols(path, defined=True) if s[0].startswith("icudt")]
    nm = subprocess.run(["nm", "-D", path], check=True, capture_output=True, text=True).stdout
    address = int(next(line.split()[0] for line in nm.splitlines() if line.endswith(name)), 16)
    sections = subprocess.run(["readelf", "-S", "-W", path], check=True, capture_output=True, text=True).stdout
    for line in sections.splitlines():
        m = re.search(r"\]\s+\S+\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m and int(m.group(1), 16) <= address < int(m.group(1), 16) + int(m.group(3), 16):
            return name, address - int(m.group(1), 16) + int(m.group(2), 16), size
    raise RuntimeError(f"{path}: {name} in no section")
