from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.direction import Direction

if TYPE_CHECKING:
    from ..models.edge import Edge
    from ..models.lineage_node import LineageNode


T = TypeVar("T", bound="Lineage")


@_attrs_define
class Lineage:
    """
    Attributes:
        direction (Direction):
        edges (list[Edge]):
        nodes (list[LineageNode]):
        truncated (bool): True when the family is larger than one answer holds (`lineage::MAX_LINEAGE_EDGES`
            edges): the nodes and edges are the generations nearest the strain, and the walk stopped
            there. Ask again from a strain at the edge of the answer for the rest.
    """

    direction: Direction
    edges: list[Edge]
    nodes: list[LineageNode]
    truncated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        direction = self.direction.value

        edges = []
        for edges_item_data in self.edges:
            edges_item = edges_item_data.to_dict()
            edges.append(edges_item)

        nodes = []
        for nodes_item_data in self.nodes:
            nodes_item = nodes_item_data.to_dict()
            nodes.append(nodes_item)

        truncated = self.truncated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "direction": direction,
                "edges": edges,
                "nodes": nodes,
                "truncated": truncated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.edge import Edge  # noqa: PLC0415
        from ..models.lineage_node import LineageNode  # noqa: PLC0415

        d = dict(src_dict)
        direction = Direction(d.pop("direction"))

        edges = []
        _edges = d.pop("edges")
        for edges_item_data in _edges:
            edges_item = Edge.from_dict(edges_item_data)

            edges.append(edges_item)

        nodes = []
        _nodes = d.pop("nodes")
        for nodes_item_data in _nodes:
            nodes_item = LineageNode.from_dict(nodes_item_data)

            nodes.append(nodes_item)

        truncated = d.pop("truncated")

        lineage = cls(
            direction=direction,
            edges=edges,
            nodes=nodes,
            truncated=truncated,
        )

        lineage.additional_properties = d
        return lineage

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
