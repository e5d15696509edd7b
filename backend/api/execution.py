"""Faster execution of plain fields (DESIGN §9, Speed).

graphql-core completes every field through the same general path: resolve info, resolver,
awaitable check, value completion, path bookkeeping. A page of 20 grids × 20 residents is about
5,400 such field executions, which made most of its time. This execution context keeps
graphql-core's results and errors and takes two shortcuts:

* **Leaves**: a scalar or enum field without arguments whose resolver is strawberry's default
  (read the attribute) is read and coerced directly.
* **Plain subtrees**: when graphql-core completes a value whose whole selection consists of
  such fields, of objects and lists of them, and of fields whose value the parent object
  already holds (``prefetched``), a plan compiled once per (type, field nodes) builds the
  result in one pass. Fragments without directives are expanded as graphql-core does.

Anything else (a resolver, arguments, directives, interfaces and unions, ``@defer`` /
``@stream``, middleware) goes through graphql-core unchanged. When a shortcut meets anything
unexpected while it runs (a null in a non-null field, a value a scalar refuses, a prefetched
relation that was not read, ``is_type_of`` saying no), it gives up and graphql-core completes
the same value from the start, so errors, their messages and their paths are graphql-core's.
Values are read from plain attributes, so reading them twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, Final

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    NamedTypeNode,
    SelectionSetNode,
    Undefined,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# Where strawberry keeps a GraphQL field's StrawberryField (schema_converter.DEFINITION_BACKREF).
_DEFINITION = "strawberry-definition"
# Metadata key of a field whose value the parent may hold: the name of that attribute.
PREFETCHED: Final = "gongzhi.prefetched"
MAX_PLANS = 2048  # compiled plans kept; the cache starts over beyond this


class _NotRead:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_READ"


NOT_READ: Final[Any] = _NotRead()  # a prefetched attribute whose relation the parent did not read


def prefetched(attribute: str) -> dict[str, str]:
    """Field metadata: the parent may hold this field's value in ``attribute`` (or NOT_READ).

    The field's resolver must answer that value itself when it is there, so both paths agree.
    """
    return {PREFETCHED: attribute}


class _GiveUp(Exception):
    """A compiled plan met something only graphql-core should handle."""


Plan = Callable[[Any, Any], Any]  # (value, info) -> completed value


def _coercer(kind: GraphQLScalarType | GraphQLEnumType) -> Callable[[Any], Any]:
    """The type's output coercion; for strawberry's enums, a dict instead of its linear scan
    (the first name whose value equals the member's value, as strawberry answers)."""
    coerce = kind.coerce_output_value
    wrapped = getattr(kind, "wrapped_cls", None)
    if not isinstance(kind, GraphQLEnumType) or not (
        isinstance(wrapped, type) and issubclass(wrapped, Enum)
    ):
        return coerce
    by_value: dict[Any, str] = {}
    for name, value in kind.values.items():
        by_value.setdefault(value.value, name)
    names = {member: by_value[member.value] for member in wrapped if member.value in by_value}

    def coerce_member(value: Any) -> Any:
        if type(value) is wrapped:
            name = names.get(value)
            if name is not None:
                return name
        return coerce(value)

    return coerce_member


def _leaf_coercer(kind: GraphQLOutputType) -> tuple[Callable[[Any], Any], bool] | None:
    non_null = isinstance(kind, GraphQLNonNull)
    named = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    if isinstance(named, (GraphQLScalarType, GraphQLEnumType)):
        return _coercer(named), non_null
    return None


def _attribute(field: GraphQLField) -> tuple[str, bool] | None:
    """(attribute, prefetched) a field's value is read from, if it is read from one."""
    definition = (field.extensions or {}).get(_DEFINITION)
    if definition is None or field.args:
        return None
    if getattr(field.resolve, "_is_default", False):
        if getattr(definition, "default_resolver", None) is not getattr:
            return None
        return str(definition.python_name), False
    held = (getattr(definition, "metadata", None) or {}).get(PREFETCHED)
    return (str(held), True) if held else None


class _Compiler:
    """Plans for one document (its fragments) and schema."""

    def __init__(
        self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode]
    ) -> None:
        self.schema = schema
        self.fragments = fragments

    def plan(self, kind: GraphQLOutputType, nodes: list[FieldNode]) -> Plan | None:
        non_null = isinstance(kind, GraphQLNonNull)
        named = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
        if isinstance(named, GraphQLList):
            return self._list(named, nodes, non_null)
        if isinstance(named, (GraphQLScalarType, GraphQLEnumType)):
            return _leaf_plan(_coercer(named), non_null)
        if isinstance(named, GraphQLObjectType):
            return self._object(named, nodes, non_null)
        return None  # interfaces and unions: graphql-core resolves the runtime type

    def _list(self, kind: GraphQLList[Any], nodes: list[FieldNode], non_null: bool) -> Plan | None:
        item = self.plan(kind.of_type, nodes)
        if item is None:
            return None

        def complete_list(value: Any, info: Any) -> Any:
            if value is None:
                if non_null:
                    raise _GiveUp
                return None
            if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
                raise _GiveUp
            return [item(entry, info) for entry in value]

        return complete_list

    def _object(
        self, kind: GraphQLObjectType, nodes: list[FieldNode], non_null: bool
    ) -> Plan | None:
        fields: dict[str, list[FieldNode]] = {}
        for node in nodes:
            if node.selection_set is None or not self._collect(kind, node.selection_set, fields):
                return None
        entries: list[tuple[str, str | None, bool, Any]] = []
        for response_name, same in fields.items():
            name = same[0].name.value
            if any(node.name.value != name or node.arguments for node in same):
                return None
            if name == "__typename":
                entries.append((response_name, None, False, kind.name))
                continue
            field = kind.fields.get(name)
            source = _attribute(field) if field is not None else None
            if field is None or source is None:
                return None
            sub = self.plan(field.type, same)
            if sub is None:
                return None
            entries.append((response_name, source[0], source[1], sub))
        is_type_of = kind.is_type_of

        def complete_object(value: Any, info: Any) -> Any:
            if value is None:
                if non_null:
                    raise _GiveUp
                return None
            if is_type_of is not None and is_type_of(value, info) is not True:
                raise _GiveUp
            result = {}
            for response_name, attribute, held, sub in entries:
                if attribute is None:
                    result[response_name] = sub  # __typename
                    continue
                found = getattr(value, attribute)
                if held and found is NOT_READ:
                    raise _GiveUp
                result[response_name] = sub(found, info)
            return result

        return complete_object

    def _collect(
        self,
        kind: GraphQLObjectType,
        selection_set: SelectionSetNode,
        fields: dict[str, list[FieldNode]],
        spread: frozenset[str] = frozenset(),
    ) -> bool:
        """Group a selection's fields by response name, fragments expanded (``spread``: the
        named fragments being expanded); False when it holds anything plans do not handle."""
        for selection in selection_set.selections:
            if selection.directives:
                return False
            if isinstance(selection, FieldNode):
                name = selection.alias.value if selection.alias else selection.name.value
                fields.setdefault(name, []).append(selection)
                continue
            inner_spread = spread
            condition: NamedTypeNode | None
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None or fragment.name.value in spread or fragment.directives:
                    return False
                condition, inner = fragment.type_condition, fragment.selection_set
                inner_spread = spread | {fragment.name.value}
            elif isinstance(selection, InlineFragmentNode):
                condition, inner = selection.type_condition, selection.selection_set
            else:
                return False
            if condition is not None and not self._applies(condition.name.value, kind):
                continue  # a fragment on another type selects nothing here
            if not self._collect(kind, inner, fields, inner_spread):
                return False
        return True

    def _applies(self, condition: str, kind: GraphQLObjectType) -> bool:
        """Whether a fragment on ``condition`` applies to an object of type ``kind``."""
        named = self.schema.get_type(condition)
        if named is kind:
            return True
        if isinstance(named, (GraphQLInterfaceType, GraphQLUnionType)):
            return self.schema.is_sub_type(named, kind)
        return False


def _leaf_plan(coerce: Callable[[Any], Any], non_null: bool) -> Plan:
    def complete_leaf(value: Any, info: Any) -> Any:
        if value is None:
            if non_null:
                raise _GiveUp
            return None
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _GiveUp
        return coerced

    return complete_leaf


# (return type, ids of the field nodes) -> (plan or None, the nodes: kept alive with their ids)
_plans: dict[tuple[Any, ...], tuple[Plan | None, Any]] = {}
_leaves: dict[tuple[Any, str], tuple[str, Callable[[Any], Any], bool] | None] = {}


def _leaf(
    parent_type: GraphQLObjectType, name: str
) -> tuple[str, Callable[[Any], Any], bool] | None:
    field = parent_type.fields.get(name)
    source = _attribute(field) if field is not None else None
    if field is None or source is None or source[1]:
        return None
    coercer = _leaf_coercer(field.type)
    return None if coercer is None else (source[0], *coercer)


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's execution with the two shortcuts described in the module docstring."""

    def _plain(self) -> bool:
        manager = self.middleware_manager
        return not (manager and manager.middlewares)

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        key = (parent_type, field_details_list[0].node.name.value)
        if key in _leaves:
            leaf = _leaves[key]
        else:
            leaf = _leaves[key] = _leaf(*key)
        if leaf is not None and self._plain():
            attribute, coerce, non_null = leaf
            try:
                value = getattr(source, attribute)
                if value is None:
                    if not non_null:
                        return None
                else:
                    coerced = coerce(value)
                    if coerced is not None and coerced is not Undefined:
                        return coerced
            except Exception:
                pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if result is not None and not isinstance(result, Exception) and self._plain():
            plan = self._plan(return_type, field_details_list)
            if plan is not None and not self.is_awaitable(result):
                try:
                    return plan(result, info)
                except Exception:
                    pass
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _plan(self, return_type: GraphQLOutputType, field_details_list: Any) -> Plan | None:
        key = (return_type, *(id(details.node) for details in field_details_list))
        found = _plans.get(key)
        if found is not None:
            return found[0]
        nodes = [details.node for details in field_details_list]
        plain = all(
            details.defer_usage is None and details.fragment_variable_values is None
            for details in field_details_list
        )
        plan = None
        if plain and nodes[0].selection_set is not None:
            plan = _Compiler(self.schema, self.fragment_definitions).plan(return_type, nodes)
        if len(_plans) >= MAX_PLANS:
            _plans.clear()
        _plans[key] = (plan, nodes)
        return plan
