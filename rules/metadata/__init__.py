"""ML5xx: metadata and interface. One module per rule, named by its code and name.

What a model tells the app developer about itself (description, author,
licence, version) and whether its interface is the one the app will want to
feed: image inputs with sensible pixel scaling, images passed as images, and a
classifier whose labels match its probability vector.
"""

from __future__ import annotations

from collections.abc import Sequence

from mllint import Rule, hookimpl

from .ml501_missing_description import missing_description
from .ml502_missing_author import missing_author
from .ml503_missing_license import missing_license
from .ml504_missing_version import missing_version
from .ml505_raw_pixel_input import raw_pixel_input
from .ml506_image_scale_bias_mismatch import image_scale_bias_mismatch
from .ml507_image_as_tensor import image_as_tensor
from .ml508_classifier_label_count import classifier_label_count


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [
        missing_description,
        missing_author,
        missing_license,
        missing_version,
        raw_pixel_input,
        image_scale_bias_mismatch,
        image_as_tensor,
        classifier_label_count,
    ]
