"""From a file's bytes to everything ingest records: text (OCR where there is no text layer) and metadata.

The one place the readers, OCR and image metadata meet, used alike by single-file ingest and by the
worker processes of a bulk run. OCR that is missing or fails never loses the file: the Source is
stored marked ``needs_ocr`` with the reason in its metadata.
"""

from __future__ import annotations

from dataclasses import replace

from girok.ingest.images import image_metadata
from girok.ingest.ocr import ocr_extracted
from girok.ingest.readers import IMAGES, read
from girok.ingest.readers.base import DEFAULT_LIMITS, Extracted, Limits


def extract(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    extracted = read(data, limits)
    if extracted.format in IMAGES:  # EXIF time and place first: a damaged image is refused here
        extracted = replace(extracted, metadata={**extracted.metadata, **image_metadata(data)})
    if extracted.needs_ocr:
        extracted = ocr_extracted(data, extracted)
    return extracted
