"""Read the text back out of a PDF, the way a viewer's copy-and-paste or a screen reader would.

pypdf is not installed; ``pdftotext`` (poppler) is used when the machine has it. Otherwise a small reader
decodes what fpdf2 writes: FlateDecode content streams whose strings are 2-byte glyph codes of an embedded
Type0 font, mapped back to Unicode through the font's /ToUnicode CMap. If that map were wrong or missing, the
letters with diacritics would not come back, so the check is not a formality.
"""

import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in OBJECT.finditer(data)}


def _stream(body: bytes) -> bytes | None:
    match = STREAM.search(body)
    if not match:
        return None
    raw = match.group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body.split(b"stream")[0] else raw


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _literal(raw: bytes) -> bytes:
    """A PDF (literal string) with its escapes undone."""
    out, i = bytearray(), 0
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(raw):
        ch = raw[i]
        if ch == 0x5C:  # backslash
            i += 1
            nxt = raw[i]
            if nxt in escapes:
                out.append(escapes[nxt])
            elif 0x30 <= nxt <= 0x37:
                digits = raw[i : i + 3]
                length = len(re.match(rb"[0-7]{1,3}", digits).group(0))
                out.append(int(raw[i : i + length], 8) & 0xFF)
                i += length - 1
            elif nxt in (0x0A, 0x0D):
                pass  # line continuation
            else:
                out.append(nxt)
        else:
            out.append(ch)
        i += 1
    return bytes(out)


STRING_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>", re.S)
TEXT_OP = re.compile(rb"/(\w+)\s+[\d.]+\s+Tf|(\((?:\\.|[^\\)])*\)|\[.*?\])\s*(Tj|TJ)|(ET)", re.S)


def _decode(token: bytes, cmap: dict[int, str]) -> str:
    raw = _literal(token[1:-1]) if token.startswith(b"(") else bytes.fromhex(token[1:-1].decode())
    if len(raw) % 2:
        return raw.decode("latin-1")
    return "".join(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw), 2))


def extract_builtin(data: bytes) -> str:
    objects = _objects(data)
    fonts: dict[str, dict[int, str]] = {}
    for body in objects.values():
        for name, ref in re.findall(rb"/(F\d+)\s+(\d+) 0 R", body):
            font = objects.get(int(ref), b"")
            unicode_ref = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
            if unicode_ref:
                fonts[name.decode()] = _cmap(_stream(objects[int(unicode_ref.group(1))]) or b"")
    chunks = []
    for body in objects.values():
        if b"stream" not in body or b"/Length1" in body or b"/FontFile" in body:
            continue
        try:
            content = _stream(body)
        except zlib.error:
            continue
        if not content or (b"Tj" not in content and b"TJ" not in content):
            continue
        cmap: dict[int, str] = {}
        for match in TEXT_OP.finditer(content):
            if match.group(1):
                cmap = fonts.get(match.group(1).decode(), {})
            elif match.group(2):
                chunks.append("".join(_decode(t, cmap) for t in STRING_TOKEN.findall(match.group(2))))
            elif match.group(4):
                chunks.append("\n")
    return "".join(chunks)


def extract_pdftotext(data: bytes) -> str | None:
    binary = shutil.which("pdftotext")
    if binary is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.pdf"
        path.write_bytes(data)
        return subprocess.run(
            [binary, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()


def pdf_text(data: bytes) -> str:
    """The text of a PDF: pdftotext when installed, else the built-in reader for fpdf2's output."""
    text = extract_pdftotext(data)
    return text if text is not None else extract_builtin(data)
