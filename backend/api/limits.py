"""GraphQL limits (DESIGN §6): depth, aliases, tokens, cost, auth mutations, production hardening.

The rules, the cost and the error rewriting live here; ``backend.api.pipeline`` applies them
to every request with the settings of the app serving it (``info.context.settings``). A limit
of 0 (depth, aliases, tokens, cost) switches that limit off.

Every rejection is a GraphQL error with ``extensions.code`` and a zh-CN message (English with
``Accept-Language: en``):

* ``TOO_MANY_TOKENS``: the parser stops after ``max_tokens`` tokens, comments included (the
  parse option strawberry's ``MaxTokensLimiter`` sets);
* ``QUERY_TOO_DEEP`` / ``TOO_MANY_ALIASES``: the rules of strawberry's ``QueryDepthLimiter``
  (introspection fields do not count) and ``MaxAliasesLimiter``, behind a guard
  (``QUERY_TOO_COMPLEX``) because both walk every fragment spread again and take exponential
  time on fragments that spread the next one twice;
* ``AUTH_MUTATION_ALIAS`` / ``AUTH_MUTATION_REPEATED``: a root mutation field named ``auth…``
  may not be aliased and appears at most once per document, so one request cannot try many
  one-time codes;
* ``QUERY_TOO_COSTLY``: the potential number of objects, from page sizes (below), is above
  ``max_query_cost``; accepted requests report it as ``extensions.cost``;
* ``INTROSPECTION_DISABLED``: ``__schema`` / ``__type`` asked by an anonymous caller in
  production. In production error messages also lose their "Did you mean …?" suggestions.

Validation results are cached per document (``backend.api.pipeline``), so only rules that depend
on the document alone are validation rules. The cost (it depends on variables) and the
introspection check (it depends on the caller) run in ``on_execute``, on every request.

Cost: every field that returns an object counts once per parent object. A connection field
(one with a ``first`` or ``last`` argument) counts its page size instead and multiplies
everything below it by that size; ``nodes(ids:)`` counts the number of ids. The page size is
the literal or the variable's value, else the argument's default in the schema, else
``max_page_size`` (100), clamped to 0..``max_page_size``. Fragments are expanded.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    ValueNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)
from graphql.language import DocumentNode
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

# Fields after expanding fragments; beyond this the depth and alias limiters are not run.
MAX_EXPANDED_FIELDS = 10_000
# Numbers in responses stay below 2**53 (exact in JavaScript, and orjson refuses 2**64).
SAFE_INTEGER = 2**53 - 1

MESSAGES: dict[str, dict[str, str]] = {
    "TOO_MANY_TOKENS": {
        "zh": "查询过长：最多 {limit} 个词法单元",
        "en": "The query is too long: at most {limit} tokens are allowed",
    },
    "QUERY_TOO_DEEP": {
        "zh": "查询嵌套过深：最多 {limit} 层",
        "en": "The query is nested too deeply: at most {limit} levels are allowed",
    },
    "TOO_MANY_ALIASES": {
        "zh": "查询使用了 {count} 个别名，最多 {limit} 个",
        "en": "The query uses {count} aliases; at most {limit} are allowed",
    },
    "QUERY_TOO_COMPLEX": {
        "zh": "查询的片段展开后有 {count} 个字段，最多 {limit} 个",
        "en": "The query's fragments expand to {count} fields; at most {limit} are allowed",
    },
    "QUERY_TOO_COSTLY": {
        "zh": "查询最多可能返回 {cost} 个对象，超过上限 {limit}；请减小分页大小或嵌套层数",
        "en": (
            "The query may return up to {cost} objects, more than the limit of {limit};"
            " ask for smaller pages or less nesting"
        ),
    },
    "AUTH_MUTATION_ALIAS": {
        "zh": "登录类操作 {field} 不能使用别名",
        "en": "The authentication mutation {field} cannot be aliased",
    },
    "AUTH_MUTATION_REPEATED": {
        "zh": "每个请求只能调用一次登录类操作 {field}",
        "en": "The authentication mutation {field} may appear only once per request",
    },
    "INTROSPECTION_DISABLED": {
        "zh": "生产环境不向未登录的调用方提供接口结构查询（内省），请先登录",
        "en": "Introspection is not available to anonymous callers in production; log in first",
    },
}

# Errors raised by strawberry's limiters and graphql-core's parser carry no code: recognise them.
_FOREIGN_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^'.*' exceeds maximum operation depth of (?P<limit>\d+)$"), "QUERY_TOO_DEEP"),
    (re.compile(r"^(?P<count>\d+) aliases found\. Allowed: (?P<limit>\d+)$"), "TOO_MANY_ALIASES"),
    (
        re.compile(r"^Syntax Error: Document contains more than (?P<limit>\d+) tokens\."),
        "TOO_MANY_TOKENS",
    ),
)
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


def limit_error(code: str, lang: str, nodes: Any = None, **params: Any) -> GraphQLError:
    """A limit error with its code and parameters in ``extensions``, in the caller's language."""
    message = MESSAGES[code]["en" if lang == "en" else "zh"].format(**params)
    return GraphQLError(message, nodes, extensions={"code": code, **params})


# --- fragment expansion guard ---------------------------------------------------------------


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


_last_expansion: tuple[DocumentNode, int] | None = None  # three rules ask in a row


def expanded_fields(document: DocumentNode) -> int:
    """Field nodes in all operations once fragments are expanded, counted in linear time."""
    global _last_expansion
    if _last_expansion is not None and _last_expansion[0] is document:
        return _last_expansion[1]
    fragments = _fragments(document)
    memo: dict[str, int] = {}

    def count(selection_set: SelectionSetNode | None, visiting: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += 1 + count(selection.selection_set, visiting)
            elif isinstance(selection, InlineFragmentNode):
                total += count(selection.selection_set, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in memo:
                    fragment = fragments.get(name)
                    if fragment is None or name in visiting:
                        continue  # unknown or cyclic: other rules report it
                    memo[name] = count(fragment.selection_set, visiting | {name})
                total += memo[name]
        return total

    total = sum(
        count(d.selection_set, frozenset())
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    )
    _last_expansion = (document, total)
    return total


class ExpansionLimitRule(ValidationRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        count = expanded_fields(context.document)
        if count > MAX_EXPANDED_FIELDS:
            count = min(count, SAFE_INTEGER)
            context.report_error(
                limit_error("QUERY_TOO_COMPLEX", "en", count=count, limit=MAX_EXPANDED_FIELDS)
            )


def _guarded(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    """Run one of strawberry's limiter rules (they do all their work when constructed) only on
    documents whose fragments expand to a bounded size."""

    class Guarded(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            if expanded_fields(context.document) <= MAX_EXPANDED_FIELDS:
                rule(context)

    Guarded.__name__ = Guarded.__qualname__ = f"Guarded{rule.__name__}"
    return Guarded


# --- authentication mutations ---------------------------------------------------------------


class AuthMutationRule(ValidationRule):
    """Root mutation fields named ``auth…``: no alias, at most once per document."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.seen: dict[str, int] = {}

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> Any:
        if node.operation == OperationType.MUTATION:
            for field in _root_fields(node.selection_set, _fragments(self.context.document)):
                name = field.name.value
                if not name.startswith("auth"):
                    continue
                if field.alias is not None:
                    self.report_error(limit_error("AUTH_MUTATION_ALIAS", "en", field, field=name))
                self.seen[name] = self.seen.get(name, 0) + 1
                if self.seen[name] == 2:
                    self.report_error(
                        limit_error("AUTH_MUTATION_REPEATED", "en", field, field=name)
                    )
        return self.SKIP


def _root_fields(
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    expanded: set[str] | None = None,
) -> Iterator[FieldNode]:
    """The fields of a root selection, each fragment expanded once (a second spread of it
    selects the same fields again, which GraphQL merges)."""
    expanded = set() if expanded is None else expanded
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, expanded)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in expanded:
                expanded.add(name)
                yield from _root_fields(fragment.selection_set, fragments, expanded)


@functools.cache
def validation_rules(max_depth: int, max_aliases: int) -> tuple[type[ASTValidationRule], ...]:
    """The limit rules for one pair of limits. Built once, so that the validation cache sees
    the same rule classes on every request; the depth and alias rules are strawberry's."""
    rules: list[type[ASTValidationRule]] = [ExpansionLimitRule, AuthMutationRule]
    if max_depth > 0:
        rules += map(_guarded, QueryDepthLimiter(max_depth).validation_rules)
    if max_aliases > 0:
        rules += map(_guarded, MaxAliasesLimiter(max_aliases).validation_rules)
    return tuple(rules)


# --- cost -----------------------------------------------------------------------------------


def operation_named(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return definition
    return None


class _Cost:
    """Potential objects of one operation, for one set of variables (see the module docstring)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = _fragments(document)
        self.max_page_size = max_page_size
        self.variables = dict(variables)
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = _literal(definition.default_value)
        self.memo: dict[str, int] = {}

    def of(
        self, selection_set: SelectionSetNode | None, parent: Any, visiting: frozenset[str]
    ) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, visiting)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                kind = self.schema.get_type(condition.name.value) if condition else parent
                total += self.of(selection.selection_set, kind or parent, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value, visiting)
        return total

    def _fragment(self, name: str, visiting: frozenset[str]) -> int:
        if name not in self.memo:
            fragment = self.fragments.get(name)
            if fragment is None or name in visiting:
                return 0
            kind = self.schema.get_type(fragment.type_condition.name.value)
            self.memo[name] = self.of(fragment.selection_set, kind, visiting | {name})
        return self.memo[name]

    def _field(self, node: FieldNode, parent: Any, visiting: frozenset[str]) -> int:
        definition = getattr(parent, "fields", {}).get(node.name.value)
        if definition is None or node.selection_set is None:
            return 0  # leaves, __typename and introspection cost nothing
        kind: GraphQLNamedType = get_named_type(definition.type)
        if not is_composite_type(kind):
            return 0
        size = self._size(node, definition.args)
        return size * (1 + self.of(node.selection_set, kind, visiting))

    def _size(self, node: FieldNode, args: Mapping[str, Any]) -> int:
        given = {a.name.value: a.value for a in node.arguments or ()}
        if node.name.value == "nodes" and "ids" in args:
            ids = self._value(given.get("ids"))
            count = len(ids) if isinstance(ids, list) else 1
            return min(count, self.max_page_size)
        if "first" not in args and "last" not in args:
            return 1
        sizes = [self._value(given[name]) for name in ("first", "last") if name in given]
        numbers = [s for s in sizes if isinstance(s, int) and not isinstance(s, bool)]
        if not numbers:
            default = args["first"].default_value if "first" in args else None
            numbers = [default if isinstance(default, int) else self.max_page_size]
        return max(0, min(max(numbers), self.max_page_size))

    def _value(self, node: ValueNode | None) -> Any:
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        return _literal(node)


def _literal(node: ValueNode | None) -> Any:
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, ListValueNode):
        return [_literal(v) for v in node.values]
    return None


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    max_page_size: int,
) -> int:
    """Potential objects returned by the operation ``operation_name`` of ``document``."""
    operation = operation_named(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    cost = _Cost(schema, document, operation, variables or {}, max_page_size)
    return cost.of(operation.selection_set, root, frozenset())


def asks_introspection(document: DocumentNode, operation_name: str | None) -> bool:
    operation = operation_named(document, operation_name)
    if operation is None:
        return False
    fields = _root_fields(operation.selection_set, _fragments(document))
    return any(field.name.value in _INTROSPECTION_FIELDS for field in fields)


# --- the per-request extension --------------------------------------------------------------


def _coded(error: GraphQLError) -> tuple[str, dict[str, Any]] | None:
    """The limit code and parameters of an error, whether ours or strawberry's/graphql-core's."""
    extensions = error.extensions or {}
    code = extensions.get("code")
    if code in MESSAGES:
        return code, {k: v for k, v in extensions.items() if k != "code"}
    if code is None and error.original_error is None:
        for pattern, found in _FOREIGN_ERRORS:
            match = pattern.match(error.message)
            if match:
                return found, {k: int(v) for k, v in match.groupdict().items()}
    return None


def rewrite_error(error: GraphQLError, lang: str, production: bool) -> GraphQLError:
    """Limit errors get their code and the caller's language; production drops suggestions."""
    coded = _coded(error)
    extensions: dict[str, Any] | None
    if coded is not None:
        code, params = coded
        message = MESSAGES[code][lang].format(**params)
        extensions = {**(error.extensions or {}), "code": code, **params}
    elif production and "Did you mean" in error.message:
        message, extensions = _SUGGESTION.sub("", error.message), error.extensions
    else:
        return error
    # A new error: the validation cache shares the original between requests.
    return GraphQLError(
        message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        extensions,
    )
