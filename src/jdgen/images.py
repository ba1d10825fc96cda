"""Check an image (the company's logo) before any exporter sees it.

The bytes must be a real, whole PNG or JPEG matching the file's extension, of a sane size, and
readable by both renderers: Pillow (which WeasyPrint uses for the PDF) and python-docx (which
reads the header itself, and only knows JPEGs that carry a JFIF or Exif marker).  A bad logo is
then one clear error at load time instead of a missing logo in the PDF and a crash in the DOCX.
"""

from __future__ import annotations

import io
import threading
import warnings
from contextlib import contextmanager

from jdgen.gate import IMAGE_LIMIT
from jdgen.sources import shown

#: The most pixels on either side, and in all.
MAX_SIDE = 8000
MAX_PIXELS = 16_000_000
#: The format each extension promises.
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


#: Importing WeasyPrint sets Pillow's process-wide ``LOAD_TRUNCATED_IMAGES``; the check turns it
#: off while it reads, so a cut-short file is refused whatever was imported before.
_STRICT_LOAD = threading.Lock()


@contextmanager
def _whole_images_only():
    from PIL import ImageFile

    with _STRICT_LOAD:
        before, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


class ImageRefused(ValueError):
    """What is wrong with an image (``reason``) and what to do (``hint``)."""

    def __init__(self, reason: str, hint: str):
        super().__init__(reason)
        self.reason, self.hint = reason, hint


def check_image(data: bytes, suffix: str) -> None:
    """Raise :class:`ImageRefused` unless ``data`` is a whole image of the kind ``suffix`` names."""
    from PIL import Image, UnidentifiedImageError

    expected = FORMATS.get(suffix.lower())
    if expected is None:
        raise ImageRefused("is not a PNG or JPEG file", "export the logo as PNG")
    if len(data) > IMAGE_LIMIT:
        raise ImageRefused(f"is larger than {IMAGE_LIMIT // 2**20} MiB",
                           "export it smaller; a logo needs a few hundred pixels across")
    again = f"export it again as {expected}"
    limits = f"at most {MAX_SIDE} a side and {MAX_PIXELS // 10**6} million in all"
    smaller = "scale it down; a logo needs a few hundred pixels across"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:  # only the PNG and JPEG readers ever see the bytes
            image = Image.open(io.BytesIO(data), formats=sorted(set(FORMATS.values())))
        except UnidentifiedImageError:
            raise ImageRefused(f"is not a {expected} image", again) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRefused(f"declares far more pixels than allowed ({limits})", smaller) from None
        except Exception as exc:  # noqa: BLE001 - whatever Pillow cannot open is damaged
            raise ImageRefused(f"is damaged ({shown(exc)})", again) from None
        with image:
            if image.format != expected:
                right = next(ext for ext, kind in FORMATS.items() if kind == image.format)
                raise ImageRefused(f"is a {image.format} image named {suffix}", f"rename it to {right}")
            width, height = image.size
            if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                raise ImageRefused(f"is {width}x{height} pixels ({limits})", smaller)
            try:
                with _whole_images_only():
                    image.load()
            except Exception as exc:  # noqa: BLE001 - truncated or corrupt pixel data
                raise ImageRefused(f"is damaged or cut short ({shown(exc)})", again) from None


def check_word_image(data: bytes, suffix: str) -> None:
    """Raise :class:`ImageRefused` unless python-docx can place ``data`` (an image that passed
    :func:`check_image`) in a Word document: it reads the header on its own, and a JPEG needs a
    JFIF or Exif header.  Only a DOCX needs it, so only the DOCX exporter and ``jdgen validate``
    import python-docx for it."""
    from docx.image.image import Image as WordImage

    try:
        WordImage.from_blob(data)
    except Exception:  # noqa: BLE001 - python-docx parses the header on its own
        kind = FORMATS.get(suffix.lower(), "PNG")
        raise ImageRefused("cannot be placed in a Word document",
                           f"export it again as {kind} from an image editor "
                           "(JPEGs need a JFIF or Exif header)") from None
