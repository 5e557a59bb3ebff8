"""The ML program weight file format (``weights/weight.bin``): constants only.

Source: apple/coremltools ``mlmodel/src/MILBlob/Blob/StorageFormat.hpp``
(``storage_header``, ``blob_metadata``, ``BlobMetadataSentinel``,
``DefaultStorageAlignment``), ``BlobDataType.hpp`` (dtype codes),
``StorageReader.cpp`` (what Core ML checks when it reads a blob: header
version 2, the sentinel, the dtype it expects, the data span inside the file)
and ``coremltools/converters/mil/backend/mil/helper.py``
``_get_offset_by_writing_data`` (one blob dtype per MIL dtype).

Layout, little-endian, every entry 64-byte aligned::

    offset 0:          storage_header  u32 count, u32 version (= 2), 7 x u64 reserved
    offset k (k >= 64): blob_metadata   u32 sentinel (0xDEADBEEF), u32 dtype, u64 sizeInBytes,
                                        u64 data offset, u64 padding_size_in_bits, 4 x u64 reserved
    data offset:       sizeInBytes of raw data

A MIL ``BlobFileValue`` names the file (``@model_path/weights/weight.bin``)
and the offset of the blob's *metadata*; the data offset is in the metadata.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

MODEL_PATH_PREFIX = "@model_path/"  # BlobFileValue.fileName prefix: the folder holding model.mlmodel
DEFAULT_WEIGHT_FILE = "@model_path/weights/weight.bin"  # coremltools models/utils.py _WEIGHTS_DIR_NAME/_FILE_NAME

HEADER_SIZE = 64  # sizeof(storage_header)
METADATA_SIZE = 64  # sizeof(blob_metadata)
ALIGNMENT = 64  # DefaultStorageAlignment
STORAGE_VERSION = 2  # storage_header.version; 1 was Espresso's blob_v1 (StorageReader: "expects ... version 2")
SENTINEL = 0xDEADBEEF  # BlobMetadataSentinel

HEADER_STRUCT = struct.Struct("<II")  # count, version (the reserved u64s follow)
METADATA_STRUCT = struct.Struct("<IIQQQ")  # sentinel, dtype, sizeInBytes, offset, padding_size_in_bits


class BlobDataType(NamedTuple):
    code: int  # BlobDataType enum value in the file
    name: str  # BlobDataType enumerator
    mil_dtype: str  # the MIL.proto DataType a const of this blob declares
    bits: int  # bits per element


# BlobDataType.hpp (values are append-only); MIL dtype per helper.py _get_offset_by_writing_data.
BLOB_DATA_TYPES: dict[int, BlobDataType] = {
    t.code: t
    for t in (
        BlobDataType(1, "Float16", "FLOAT16", 16),
        BlobDataType(2, "Float32", "FLOAT32", 32),
        BlobDataType(3, "UInt8", "UINT8", 8),
        BlobDataType(4, "Int8", "INT8", 8),
        BlobDataType(5, "BFloat16", "BFLOAT16", 16),
        BlobDataType(6, "Int16", "INT16", 16),
        BlobDataType(7, "UInt16", "UINT16", 16),
        BlobDataType(8, "Int4", "INT4", 4),
        BlobDataType(9, "UInt1", "UINT1", 1),
        BlobDataType(10, "UInt2", "UINT2", 2),
        BlobDataType(11, "UInt4", "UINT4", 4),
        BlobDataType(12, "UInt3", "UINT3", 3),
        BlobDataType(13, "UInt6", "UINT6", 6),
        BlobDataType(14, "Int32", "INT32", 32),
        BlobDataType(15, "UInt32", "UINT32", 32),
        BlobDataType(16, "Float8E4M3FN", "FLOAT8E4M3FN", 8),
        BlobDataType(17, "Float8E5M2", "FLOAT8E5M2", 8),
    )
}
BLOB_TYPE_FOR_MIL: dict[str, BlobDataType] = {t.mil_dtype: t for t in BLOB_DATA_TYPES.values()}


def expected_size(blob_type: BlobDataType, element_count: int) -> int:
    """``sizeInBytes`` of ``element_count`` elements: sub-byte types are packed and padded to a byte."""
    return (element_count * blob_type.bits + 7) // 8


# ------------------------------------------------------------------- sizes the ML4xx rules use

# Weight files above this size are a common cause of load failures on iOS devices. Source:
# community guidance of about 1 GB per weight file (antmikinka/AppleNeuralEngine-Kit docs);
# LLM exporters split models into chunks below it.
LARGE_WEIGHT_FILE_BYTES = 2**30  # 1 GiB

# "Large model" for ML406: fp32 weights of at least this many bytes. At 100 MiB, storing the weights as
# fp16 saves 50 MiB and 8-bit quantization 75 MiB of app size and memory; below it the saving rarely
# matters next to the app itself. Overridable per run with ML406's `min_bytes` option.
LARGE_FP32_WEIGHTS_BYTES = 100 * 2**20  # 100 MiB


def metadata_offsets(data: bytes) -> list[int]:
    """The metadata offset of every blob in a whole weight file, in file order.

    For tools and tests that build or edit weight files; mllint itself never
    reads a weight file whole (it reads 64 bytes at the offsets the spec names).
    """
    count, _ = HEADER_STRUCT.unpack_from(data, 0)
    offsets, offset = [], HEADER_SIZE
    for _ in range(count):
        offsets.append(offset)
        _, _, size, data_offset, _ = METADATA_STRUCT.unpack_from(data, offset)
        end = data_offset + size
        offset = end + (-end % ALIGNMENT)
    return offsets
