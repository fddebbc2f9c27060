"""Letter files: every format is read, and every bad file is one clear sentence and exit 1."""

import io
import re
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter

from missiontui.core.errors import InvalidInput
from missiontui.usecases.letter_files import MAX_FILE_BYTES, letter_text, read_letter_file
from tests.conftest import DATA, LETTERS

FIXTURES = DATA / "letters"


@pytest.mark.parametrize("name, fmt", [("06_joint_mission.docx", "docx"), ("06_joint_mission.odt", "odt"),
                                       ("06_joint_mission.pdf", "pdf"), ("02_parliamentary_mission.md", "text")])
def test_each_format_gives_the_letter_text(name, fmt):
    letter = read_letter_file(FIXTURES / name)
    assert letter.format == fmt
    text = " ".join(letter.text.split())
    if fmt != "text":
        assert "Réf. : D-23-018274" in text  # in the page header of the .docx
        assert "Monsieur Jacques VIDAL" in text and "Madame Martine LEGRAND" in text  # in a table
        assert "Vous joindrez à votre rapport définitif une annexe statistique par département." in text


def test_the_format_is_told_by_the_bytes_not_the_name(tmp_path):
    renamed = tmp_path / "lettre.txt"
    renamed.write_bytes((FIXTURES / "06_joint_mission.pdf").read_bytes())
    assert read_letter_file(renamed).format == "pdf"


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("Paris, le 3 mars 2023\nVous me remettrez un rapport.".encode("utf-16"))
    assert read_letter_file(path).text.startswith("Paris, le 3 mars 2023")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "06_joint_mission.pdf"))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD = {
    "empty": (b"", "is empty"),
    "not utf-8": ("Lettre de mission du 3 février".encode("latin-1"), "is not UTF-8 text"),
    "binary": (b"\x00\x01\x02binary\x00", "is not a text file, a PDF, a .docx or an .odt"),
    "old word": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word .doc file"),
    "rtf": (b"{\\rtf1\\ansi Lettre}", "is an RTF file"),
    "some zip": (zip_bytes({"photo.jpg": b"xx"}), "is a zip archive but not a .docx or .odt document"),
    "truncated zip": (zip_bytes({"word/document.xml": b"<w/>" * 100})[:60], "damaged zip file"),
    "broken docx": (zip_bytes({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<x/>"}),
                    "is a damaged .docx file"),
    "odt with a DTD": (zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text",
                                  "content.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}),
                       "it declares a DTD"),
    "broken pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "is a damaged PDF"),
    "scanned pdf": ((FIXTURES / "scanned.pdf").read_bytes(), "is a PDF without text (a scanned image?): it needs OCR"),
    "encrypted pdf": (encrypted_pdf(), "is a password-protected PDF"),
    "only spaces and digits": (b"  12 34\n", "holds no text"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_file_is_one_sentence(case, tmp_path, cli):
    data, message = BAD[case]
    with pytest.raises(InvalidInput, match=re.escape(message)):
        letter_text(data, "lettre")
    path = tmp_path / "lettre.bin"
    path.write_bytes(data)
    result = cli("letter", str(path))
    assert result.code == 1 and result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("missiontui: error: 'lettre.bin'"), result.err


def test_a_zip_that_unpacks_too_big_is_refused_before_it_is_unpacked():
    bomb = zip_bytes({"word/document.xml": b"<" + b" " * (60 * 1024 * 1024) + b"/>"})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(InvalidInput, match="unpacks to more than 50 MB"):
        letter_text(bomb, "bomb.docx")


def test_dev_zero_stops_at_the_limit(cli):
    result = cli("letter", "/dev/zero")
    assert result.code == 1
    assert result.err == "missiontui: error: 'zero' is larger than 20 MB: that is not a mission letter\n"


def test_a_large_text_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES * 5)  # sparse: 100 MB on paper, nothing on disk
    with pytest.raises(InvalidInput, match="larger than 20 MB"):
        read_letter_file(path)
    path.write_bytes(b"a" * (3 * 1024 * 1024))
    with pytest.raises(InvalidInput, match="larger than 2 MB"):
        read_letter_file(path)


def test_a_missing_file_or_a_folder_is_a_usage_error(cli, tmp_path):
    assert cli("letter", str(tmp_path / "missing.txt")).code == 2
    assert cli("letter", str(tmp_path)).code == 2


def test_the_real_letters_read_as_text():
    assert read_letter_file(LETTERS / "000_f7f9f1bf2d4d5d01.txt").format == "text"
