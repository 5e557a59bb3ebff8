"""Logical paths of the view's nodes, as diagnostics name them: ``main/conv_3``, ``models[0]/inputs/image``."""

from __future__ import annotations


def join_path(*parts: str) -> str:
    return "/".join(p for p in parts if p)
