"""Documents sent with a public application: what a file really is, by its content, never by its name.

An image (JPEG or PNG, opened with Pillow after its pixel count is checked, so a decompression bomb is refused
before it is unpacked) or a PDF (no scripts, no embedded files, no launch actions), at most 5 MB each and
three files. Anything else — a renamed executable, an SVG, an HTML page — is refused with a Vietnamese message.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image

from lotrinh.core.errors import ApplicationError
from lotrinh.people.services import PHOTO_MAX_PIXELS

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 3
# What the whole request may weigh (files plus the form): a bigger body is refused before it is read.
MAX_REQUEST_BYTES = MAX_FILES * MAX_FILE_BYTES + 256 * 1024
_PDF_DANGEROUS = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|OpenAction|AA|RichMedia|XFA)\b")


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str


def _head(upload, size: int) -> bytes:
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


def document_check(upload) -> CheckedFile:
    """The kind of an uploaded document, or an ApplicationError saying in Vietnamese why it is refused."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_FILE_BYTES:
        raise ApplicationError(
            _("“%(name)s” is larger than 5 MB: send a smaller photo or scan.") % {"name": name}, field="documents"
        )
    head = _head(upload, 8)
    not_allowed = ApplicationError(
        _("“%(name)s” is not a photo or a PDF: send a JPEG or PNG image or a PDF file.") % {"name": name},
        field="documents",
    )
    if head.startswith(b"%PDF-"):
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        if b"%%EOF" not in data[-2048:] or _PDF_DANGEROUS.search(data):
            raise ApplicationError(
                _(
                    "“%(name)s” is a PDF with scripts or attachments, or a damaged one: print it to a plain PDF or "
                    "send a photo."
                )
                % {"name": name},
                field="documents",
            )
        return CheckedFile("pdf", "application/pdf")
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise not_allowed
    try:
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            if width * height > PHOTO_MAX_PIXELS:
                raise ApplicationError(
                    _("“%(name)s” has too many pixels: send a smaller photo.") % {"name": name}, field="documents"
                )
            image.verify()
    except ApplicationError:
        raise
    except Image.DecompressionBombError as error:
        raise ApplicationError(
            _("“%(name)s” has too many pixels: send a smaller photo.") % {"name": name}, field="documents"
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise not_allowed from error
    finally:
        upload.seek(0)
    if kind == "JPEG":
        return CheckedFile("jpg", "image/jpeg")
    if kind == "PNG":
        return CheckedFile("png", "image/png")
    raise not_allowed


def documents_check(uploads: list) -> list[CheckedFile]:
    if len(uploads) > MAX_FILES:
        raise ApplicationError(_("Send at most three files."), field="documents")
    return [document_check(upload) for upload in uploads]
