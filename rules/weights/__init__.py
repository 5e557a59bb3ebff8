"""ML4xx: weights and precision. One module per rule, named by its code and name.

An ML program keeps its constants in ``weights/weight.bin`` and refers to them
by file name and offset. The checks read only what locating a blob needs: the
weight file's size, its 64-byte storage header and the 64-byte metadata at each
referenced offset, once per file (:func:`mllint.blobs.scan_blobs`, shared by every
rule here). The format is in :mod:`mllint.knowledge.blob_format`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mllint import Rule, hookimpl

from .ml401_weight_file_lfs_pointer import weight_file_lfs_pointer
from .ml402_weight_file_missing import weight_file_missing
from .ml403_blob_out_of_range import blob_out_of_range
from .ml404_blob_metadata_invalid import blob_metadata_invalid
from .ml405_weight_file_too_large import weight_file_too_large
from .ml406_fp32_weights_uncompressed import fp32_weights_uncompressed


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [
        weight_file_lfs_pointer,
        weight_file_missing,
        blob_out_of_range,
        blob_metadata_invalid,
        weight_file_too_large,
        fp32_weights_uncompressed,
    ]
