#!/usr/bin/env python
"""Build the benchmark models into bench/models/ (not committed: about 400 MB).

- small_conv.mlmodel: a small NeuralNetwork conv model;
- transformer_12k.mlpackage: an ML program of about 12,000 ops (a 240-layer transformer-like stack,
  about 300 MB of fp16 weights in weight.bin);
- nn_100mb.mlmodel: a NeuralNetwork with about 100 MB of fp32 weights inside the protobuf;
- zoo/: 200 small models (copies of small_conv.mlmodel and a small ML program package).

Usage: python bench/build_models.py [--layers N]   (needs coremltools; takes a few minutes)
"""

from __future__ import annotations

import argparse
import logging
import shutil
from pathlib import Path

logging.getLogger("coremltools").setLevel(logging.ERROR)

import numpy as np  # noqa: E402
import coremltools as ct  # noqa: E402
from coremltools.converters.mil import Builder as mb  # noqa: E402
from coremltools.models.neural_network import NeuralNetworkBuilder  # noqa: E402
from coremltools.models import datatypes  # noqa: E402

HERE = Path(__file__).resolve().parent
MODELS = HERE / "models"


def small_conv(path: Path) -> None:
    builder = NeuralNetworkBuilder(
        [("image", datatypes.Array(3, 32, 32))], [("logits", datatypes.Array(10))], disable_rank5_shape_mapping=True
    )
    rng = np.random.default_rng(0)
    builder.add_convolution("conv1", 3, 16, 3, 3, 1, 1, "same", 1, rng.standard_normal((3, 3, 3, 16)).astype("f4"),
                            None, False, input_name="image", output_name="c1")
    builder.add_activation("relu1", "RELU", "c1", "r1")
    builder.add_pooling("pool", 2, 2, 2, 2, "MAX", input_name="r1", output_name="p1", padding_type="VALID")
    builder.add_flatten_to_2d("flat", "p1", "f1", axis=0) if hasattr(builder, "add_flatten_to_2d") else None
    builder.add_inner_product("fc", rng.standard_normal((10, 16 * 16 * 16)).astype("f4"), None, 16 * 16 * 16, 10,
                              False, "f1", "logits")
    ct.utils.save_spec(builder.spec, str(path))


def nn_100mb(path: Path) -> None:
    width = 2560  # 2560 x 2560 fp32 = 26 MB per layer, 4 layers ~ 105 MB
    builder = NeuralNetworkBuilder([("x", datatypes.Array(width))], [("y", datatypes.Array(width))])
    rng = np.random.default_rng(1)
    previous = "x"
    for i in range(4):
        out = "y" if i == 3 else f"h{i}"
        builder.add_inner_product(f"fc{i}", rng.standard_normal((width, width)).astype("f4"), None, width, width,
                                  False, previous, out)
        previous = out
    ct.utils.save_spec(builder.spec, str(path))


def transformer(path: Path, layers: int, width: int = 256, hidden: int = 1024, tokens: int = 64) -> None:
    rng = np.random.default_rng(2)

    def weight(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * 0.02).astype(np.float32)

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, tokens, width))], opset_version=ct.target.iOS17)
    def prog(x):
        for i in range(layers):
            h = mb.layer_norm(x=x, axes=[-1], epsilon=1e-5)
            q = mb.linear(x=h, weight=weight(width, width))
            k = mb.linear(x=h, weight=weight(width, width))
            v = mb.linear(x=h, weight=weight(width, width))
            q = mb.transpose(x=mb.reshape(x=q, shape=[1, tokens, 4, width // 4]), perm=[0, 2, 1, 3])
            k = mb.transpose(x=mb.reshape(x=k, shape=[1, tokens, 4, width // 4]), perm=[0, 2, 3, 1])
            v = mb.transpose(x=mb.reshape(x=v, shape=[1, tokens, 4, width // 4]), perm=[0, 2, 1, 3])
            scores = mb.softmax(x=mb.mul(x=mb.matmul(x=q, y=k), y=np.float32(0.125)), axis=-1)
            attention = mb.reshape(x=mb.transpose(x=mb.matmul(x=scores, y=v), perm=[0, 2, 1, 3]),
                                   shape=[1, tokens, width])
            x = mb.add(x=x, y=mb.linear(x=attention, weight=weight(width, width)))
            h = mb.layer_norm(x=x, axes=[-1], epsilon=1e-5)
            h = mb.gelu(x=mb.linear(x=h, weight=weight(hidden, width)))
            x = mb.add(x=x, y=mb.linear(x=h, weight=weight(width, hidden)))
        return x

    model = ct.convert(prog, convert_to="mlprogram", minimum_deployment_target=ct.target.iOS17,
                       compute_precision=ct.precision.FLOAT16, skip_model_load=True)
    model.save(str(path))


def zoo(folder: Path, count: int = 200) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    source_nn = MODELS / "small_conv.mlmodel"
    source_package = folder.parent / "_small_program.mlpackage"

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 16, 8, 8))])
    def prog(x):
        y = mb.conv(x=x, weight=np.ones((16, 16, 3, 3), dtype=np.float32), pad_type="same")
        return mb.relu(x=y)

    ct.convert(prog, convert_to="mlprogram", minimum_deployment_target=ct.target.iOS16,
               skip_model_load=True).save(str(source_package))
    for i in range(count):
        if i % 2:
            shutil.copytree(source_package, folder / f"model_{i:03d}.mlpackage")
        else:
            shutil.copy(source_nn, folder / f"model_{i:03d}.mlmodel")
    shutil.rmtree(source_package)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layers", type=int, default=240)
    args = parser.parse_args()
    if MODELS.exists():
        shutil.rmtree(MODELS)
    MODELS.mkdir(parents=True)
    small_conv(MODELS / "small_conv.mlmodel")
    nn_100mb(MODELS / "nn_100mb.mlmodel")
    zoo(MODELS / "zoo")
    transformer(MODELS / "transformer_12k.mlpackage", args.layers)
    for item in sorted(MODELS.iterdir()):
        print("built", item.name)


if __name__ == "__main__":
    main()
