"""A mission letter file turned into its text: .txt, .md, .pdf (with a text layer), .docx, .odt.

Reading a file is I/O, so it lives here and not in core. Every limit is checked before the bytes
are taken in whole (`letter /dev/zero` stops at the limit), and every way a file can be wrong ends
in one `InvalidInput` sentence, never a library's traceback: the libraries parse untrusted bytes
and raise whatever they like, so their calls are fenced.

The format is told by the bytes, not the name: a PDF renamed .txt is still read as a PDF, and a
.docx that is not a zip says so.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from missiontui.core.errors import InvalidInput

MAX_FILE_BYTES = 20 * 1024 * 1024  # a scanned, several-page PDF letter stays well under this
MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024  # a 20-page letter is ~60 KB of text
MAX_TEXT_CHARS = 2_000_000  # text taken out of a PDF or a document
MAX_PDF_PAGES = 200
MAX_ZIP_MEMBER_BYTES = 50 * 1024 * 1024  # uncompressed, as the zip declares it (zipfile never reads past it)
MAX_ZIP_MEMBERS = 5_000


@dataclass(frozen=True)
class LetterText:
    """What a letter file holds: its text (lines kept) and the format it was read as."""

    text: str
    format: str  # "text", "pdf", "docx", "odt"


def read_letter_file(path: str | Path) -> LetterText:
    """The text of the letter at `path`. Raises InvalidInput (one sentence) for any bad file, and
    OSError for a file that cannot be opened."""
    path = Path(path)
    with open(path, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)  # never more: /dev/zero or a huge file stops here
    return letter_text(data, path.name)


def letter_text(data: bytes, name: str) -> LetterText:
    """The text of a letter given as bytes (an upload, a paste); `name` is only used in messages."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput.of("letter.too_big", name=name, limit=MAX_FILE_BYTES // 2**20)
    if not data.strip():
        raise InvalidInput.of("letter.empty", name=name)
    if b"%PDF-" in data[:1024]:
        text, fmt = _pdf_text(data, name), "pdf"
    elif data.startswith(b"PK\x03\x04"):
        text, fmt = _zip_document_text(data, name)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput.of("letter.old_word", name=name)
    elif data.startswith(b"{\\rtf"):
        raise InvalidInput.of("letter.rtf", name=name)
    else:
        text, fmt = _plain_text(data, name), "text"
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput.of("letter.text_too_long", name=name, limit=MAX_TEXT_CHARS)
    if not any(c.isalpha() for c in text):
        raise InvalidInput.of("letter.scanned" if fmt == "pdf" else "letter.no_text", name=name)
    return LetterText(text.replace("\r\n", "\n").replace("\r", "\n"), fmt)


def _plain_text(data: bytes, name: str) -> str:
    if len(data) > MAX_TEXT_FILE_BYTES:
        raise InvalidInput.of("letter.too_big", name=name, limit=MAX_TEXT_FILE_BYTES // 2**20)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows Notepad's "Unicode"
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
        if b"\x00" in data:
            raise InvalidInput.of("letter.binary", name=name)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput.of("letter.not_utf8", name=name) from None


# --- PDF ---------------------------------------------------------------------------------------

def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InvalidInput.of("letter.pdf_encrypted", name=name)
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise InvalidInput.of("letter.pdf_pages", name=name, pages=pages, limit=MAX_PDF_PAGES)
        texts, size = [], 0
        for page in reader.pages:
            texts.append(page.extract_text() or "")
            size += len(texts[-1])
            if size > MAX_TEXT_CHARS:
                raise InvalidInput.of("letter.text_too_long", name=name, limit=MAX_TEXT_CHARS)
    except InvalidInput:
        raise
    except Exception as exc:  # pypdf raises many kinds on hostile bytes (and a missing crypto backend)
        if "crypt" in type(exc).__name__.lower() or "AES" in str(exc):
            raise InvalidInput.of("letter.pdf_encrypted", name=name) from None
        raise InvalidInput.of("letter.bad_pdf", name=name, reason=_reason(exc)) from None
    return "\n\n".join(texts)


def _reason(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__


# --- .docx and .odt: zip archives of XML -------------------------------------------------------

def _zip_document_text(data: bytes, name: str) -> tuple[str, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise InvalidInput.of("letter.bad_zip", name=name, kind="zip", reason=_reason(exc)) from None
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > 4 * MAX_ZIP_MEMBER_BYTES \
            or any(m.file_size > MAX_ZIP_MEMBER_BYTES for m in members):
        raise InvalidInput.of("letter.zip_too_big", name=name, limit=MAX_ZIP_MEMBER_BYTES // 2**20)
    names = {m.filename for m in members}
    if "word/document.xml" in names:
        return _docx_text(data, name), "docx"
    if "content.xml" in names and _read_member(archive, "mimetype", name, "odt").startswith(
            b"application/vnd.oasis.opendocument.text"):
        return _odt_text(archive, name), "odt"
    raise InvalidInput.of("letter.other_zip", name=name)


def _read_member(archive: zipfile.ZipFile, member: str, name: str, kind: str) -> bytes:
    try:
        return archive.read(member)
    except KeyError:
        return b""
    except Exception as exc:  # bad CRC, unsupported compression, truncated archive
        raise InvalidInput.of("letter.bad_zip", name=name, kind=kind, reason=_reason(exc)) from None


def _docx_text(data: bytes, name: str) -> str:
    """python-docx reads the document; we walk every paragraph in order, including those in
    tables and text boxes (letterheads and address blocks often sit in one), and the first-page
    header, where the ministry and the reference usually are."""
    import docx
    from docx.text.paragraph import Paragraph

    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def lines_of(element, parent) -> list[str]:
        lines = []
        for p in element.iter(f"{w}p"):
            if any(a.tag == fallback for a in p.iterancestors()):
                continue  # the same text box again, for old readers
            text = Paragraph(p, parent).text
            is_item = p.find(f"{w}pPr/{w}numPr") is not None
            lines.append(f"- {text}" if is_item and text.strip() else text)
        return lines

    try:
        document = docx.Document(io.BytesIO(data))
        header_lines: list[str] = []
        for section in document.sections:
            header = section.first_page_header if section.different_first_page_header_footer else section.header
            if not header.is_linked_to_previous or section is document.sections[0]:
                for line in lines_of(header._element, header):
                    if line not in header_lines:
                        header_lines.append(line)
        body = lines_of(document.element.body, document)
    except InvalidInput:
        raise
    except Exception as exc:  # python-docx and lxml on hostile bytes
        raise InvalidInput.of("letter.bad_zip", name=name, kind=".docx", reason=_reason(exc)) from None
    return "\n".join(header_lines + [""] + body)


_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"


def _odt_text(archive: zipfile.ZipFile, name: str) -> str:
    """An .odt is a zip of XML (ISO/IEC 26300): the standard library reads it. odfpy, the
    library for it, has had no release since 2020, and we only need the paragraphs in order.
    ODF never needs a DTD, so a document that declares one is refused (no entity tricks)."""
    header: list[str] = []
    styles = _read_member(archive, "styles.xml", name, ".odt")
    if styles:
        for page_header in _parse_odf(styles, name).iter(f"{_STYLE}header"):
            header += [line for line in _odf_lines(page_header) if line not in header]
    body = _parse_odf(_read_member(archive, "content.xml", name, ".odt"), name).find(f"{_OFFICE}body")
    return "\n".join(header + [""] + (_odf_lines(body) if body is not None else []))


def _parse_odf(xml: bytes, name: str):
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml:
        raise InvalidInput.of("letter.bad_zip", name=name, kind=".odt", reason="it declares a DTD")
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise InvalidInput.of("letter.bad_zip", name=name, kind=".odt", reason=_reason(exc)) from None


def _odf_lines(element) -> list[str]:
    """One line per paragraph or heading, in order; list items start with "- "; paragraphs inside
    frames (text boxes) follow the paragraph that anchors them."""
    lines: list[str] = []

    def inline(el, out: list[str], nested: list) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            tag = child.tag
            if tag == f"{_TEXT}s":
                out.append(" " * int(child.get(f"{_TEXT}c", "1")))
            elif tag == f"{_TEXT}tab":
                out.append("\t")
            elif tag == f"{_TEXT}line-break":
                out.append("\n")
            elif tag in (f"{_DRAW}frame", f"{_TEXT}note"):
                nested.append(child)
            else:
                inline(child, out, nested)
            if child.tail:
                out.append(child.tail)

    def walk(el, in_list: bool) -> None:
        for child in el:
            if child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
                out: list[str] = []
                nested: list = []
                inline(child, out, nested)
                text = "".join(out)
                lines.extend((f"- {text}" if in_list and text.strip() else text).split("\n"))
                for frame in nested:
                    walk(frame, False)
            else:
                walk(child, in_list or child.tag == f"{_TEXT}list")

    walk(element, False)
    return lines
