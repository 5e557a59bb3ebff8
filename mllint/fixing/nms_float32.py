"""Safe fix: an NMS model with FLOAT16 arrays gets FLOAT32 arrays, and the model feeding it produces FLOAT32.

Core ML's NonMaximumSuppression validator accepts only DOUBLE or FLOAT32
confidence and coordinates (ML115; apple/coremltools
``mlmodel/src/Validation/NonMaximumSuppressionValidator.cpp``), yet an exporter
that halves every array of a YOLO ``nms=True`` pipeline writes FLOAT16 ones
(the seed failure, ML101 + ML115). The repair keeps every value the detector
computes and only widens it:

- the NMS model's inputs and outputs become FLOAT32;
- the pipeline step that produces each NMS input produces FLOAT32: an ML
  program gets a ``cast`` to fp32 appended to its main function for that output
  (the op that made it keeps computing in fp16), a neural network just declares
  the output FLOAT32 (its layers compute in fp32 on the CPU and convert on the
  way out);
- the pipeline's own outputs that come from the NMS model become FLOAT32.

The spec-version fix runs after this one and sets the versions consistently.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import protos
from .fix import FixRequest, NotFixable, pipeline_steps

NEURAL_NETWORKS = ("neuralNetwork", "neuralNetworkClassifier", "neuralNetworkRegressor")


def nms_arrays_to_float32(request: FixRequest) -> list[str]:
    notes: list[str] = []
    for pipeline, where in _pipelines(request.spec, ""):
        steps = pipeline_steps(pipeline)
        for index, step in enumerate(steps):
            if step.WhichOneof("Type") != "nonMaximumSuppression":
                continue
            features = [*step.description.input, *step.description.output]
            if not any(_is_float16_array(f) for f in features):
                continue
            step_where = f"{where}/models[{index}]".lstrip("/")
            nms = step.nonMaximumSuppression
            for name in (nms.confidenceInputFeatureName, nms.coordinatesInputFeatureName):
                feature = _feature(step.description.input, name)
                if feature is None or not _is_float16_array(feature):
                    continue
                producer = _producer(steps[:index], name)
                if producer is None:
                    raise NotFixable(f"{step_where}: NMS input {name!r} is not produced by an earlier pipeline step")
                notes += _produce_float32(steps[producer], name, f"{where}/models[{producer}]".lstrip("/"))
            for feature in features:
                if _is_float16_array(feature):
                    _set_float32(feature)
                    notes.append(f"{step_where}: NMS feature {feature.name!r} FLOAT16 -> FLOAT32")
            names = {nms.confidenceOutputFeatureName, nms.coordinatesOutputFeatureName}
            for feature in pipeline.description.output:
                if feature.name in names and _is_float16_array(feature):
                    _set_float32(feature)
                    notes.append(f"{where or 'model'}: pipeline output {feature.name!r} FLOAT16 -> FLOAT32")
    return notes


def _pipelines(spec: Any, where: str) -> Iterator[tuple[Any, str]]:
    steps = pipeline_steps(spec)
    if steps:
        yield spec, where
    for index, step in enumerate(steps):
        yield from _pipelines(step, f"{where}/models[{index}]")


def _feature(features: Any, name: str) -> Any | None:
    return next((f for f in features if f.name == name), None)


def _producer(steps: list[Any], name: str) -> int | None:
    """The last earlier step with an output of that name."""
    for index in range(len(steps) - 1, -1, -1):
        if _feature(steps[index].description.output, name) is not None:
            return index
    return None


def _array_type() -> Any:
    return protos.module("FeatureTypes_pb2").ArrayFeatureType


def _is_float16_array(feature: Any) -> bool:
    return feature.type.WhichOneof("Type") == "multiArrayType" and (
        feature.type.multiArrayType.dataType == _array_type().FLOAT16
    )


def _set_float32(feature: Any) -> None:
    feature.type.multiArrayType.dataType = _array_type().FLOAT32


def _produce_float32(step: Any, name: str, where: str) -> list[str]:
    """Make pipeline step ``step`` produce its output ``name`` as FLOAT32."""
    feature = _feature(step.description.output, name)
    if feature is None or not _is_float16_array(feature):
        return []
    kind = step.WhichOneof("Type")
    notes = []
    if kind == "mlProgram":
        if len(step.description.functions) or step.description.defaultFunctionName:
            raise NotFixable(f"{where}: a multi-function ML program feeds the NMS model; not changed")
        function = step.mlProgram.functions.get("main")
        if function is None:
            raise NotFixable(f"{where}: the ML program has no main function")
        if name in {i.name for i in function.inputs}:
            raise NotFixable(f"{where}: output {name!r} is the function input itself")
        for opset, block in function.block_specializations.items():
            if _append_cast(block, name):
                notes.append(f"{where}: main[{opset}] casts output {name!r} to fp32 (new op 'cast')")
    elif kind not in NEURAL_NETWORKS:
        raise NotFixable(
            f"{where}: a {kind} model feeds the NMS model; only ML programs and neural networks are changed"
        )
    _set_float32(feature)
    notes.append(f"{where}: output {name!r} FLOAT16 -> FLOAT32")
    return notes


def _append_cast(block: Any, name: str) -> bool:
    """Rename the fp16 value ``name`` and append ``const`` + ``cast(x, dtype="fp32")`` producing ``name``."""
    mil = protos.module("MIL_pb2")
    produced = next((out for op in block.operations for out in op.outputs if out.name == name), None)
    if produced is None:
        raise NotFixable(f"output {name!r} is made by no op of the main block")
    if produced.type.WhichOneof("type") != "tensorType":
        raise NotFixable(f"output {name!r} is not a tensor")
    if produced.type.tensorType.dataType == mil.FLOAT32:
        return False
    if produced.type.tensorType.dataType != mil.FLOAT16:
        raise NotFixable(f"output {name!r} is {mil.DataType.Name(produced.type.tensorType.dataType)}, not fp16")
    taken = _names(block)
    renamed = f"{name}_fp16"
    n = 1
    while renamed in taken:
        n += 1
        renamed = f"{name}_fp16_{n}"
    _rename(block, name, renamed)
    dtype_name = f"{renamed}_to_fp32_dtype"

    dtype_const = block.operations.add()
    dtype_const.type = "const"
    output = dtype_const.outputs.add()
    output.name = dtype_name
    output.type.tensorType.dataType = mil.STRING
    _set_attribute(dtype_const, "name", dtype_name)
    _set_attribute(dtype_const, "val", "fp32")

    cast = block.operations.add()
    cast.type = "cast"
    cast.inputs["x"].arguments.add().name = renamed
    cast.inputs["dtype"].arguments.add().name = dtype_name
    result = cast.outputs.add()
    result.CopyFrom(produced)
    result.name = name
    result.type.tensorType.dataType = mil.FLOAT32
    _set_attribute(cast, "name", f"{renamed}_to_fp32")
    return True


def _set_attribute(op: Any, key: str, text: str) -> None:
    mil = protos.module("MIL_pb2")
    value = op.attributes[key]
    value.type.tensorType.dataType = mil.STRING
    value.immediateValue.tensor.strings.values.append(text)


def _names(block: Any) -> set[str]:
    found = {out.name for op in block.operations for out in op.outputs}
    for op in block.operations:
        for inner in op.blocks:
            found |= _names(inner)
    return found


def _rename(block: Any, old: str, new: str, outer: bool = True) -> None:
    """Rename a value everywhere the block and the blocks inside it produce or read it.

    The outer block's own outputs keep the old name: the cast appended after
    the rename produces it.
    """
    for op in block.operations:
        for out in op.outputs:
            if out.name == old:
                out.name = new
        for argument in op.inputs.values():
            for binding in argument.arguments:
                if binding.WhichOneof("binding") == "name" and binding.name == old:
                    binding.name = new
        for inner in op.blocks:
            _rename(inner, old, new, outer=False)
    if outer:
        return
    for i, output in enumerate(block.outputs):
        if output == old:
            block.outputs[i] = new
