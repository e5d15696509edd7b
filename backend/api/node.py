"""The registry behind ``node(id:)`` and ``nodes(ids:)``: each area registers its node types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader


@dataclass(frozen=True)
class NodeKind:
    loader: Callable[[Any], DataLoader[int, Any]]
    wrap: Callable[[Any], Any]


NODE_KINDS: dict[str, NodeKind] = {}


def register_node(
    type_name: str, loader: Callable[[Any], DataLoader[int, Any]], wrap: Callable[[Any], Any]
) -> None:
    NODE_KINDS[type_name] = NodeKind(loader, wrap)
