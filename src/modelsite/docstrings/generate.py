"""Generate meaningful docstrings from the code itself, offline.

A summary in the imperative mood from the object's name, body, class and module; parameters with
types from annotations and defaults and descriptions from their use and a machine-learning
vocabulary; Returns/Yields from annotations and return expressions; Raises from `raise`
statements with their conditions; class attributes set in `__init__`; module summaries from
their contents. When nothing meaningful can be said about a part, the part is left out: no
placeholder text is ever written.

The entry point is `plan_module`, which lists the docstrings a parsed module is missing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from modelsite.astnames import dotted_name
from modelsite.docstrings.analyze import (
    Facts,
    RaiseFact,
    Use,
    analyze,
    param_names,
    unparse,
)
from modelsite.docstrings.inherit import Inherited, inherited_doc
from modelsite.docstrings.render_docstring import DocEntry, DocParts, render
from modelsite.docstrings.stated import StatedMeaning
from modelsite.docstrings.words import (
    ML_PARAMS,
    VERBS,
    name_prose,
    plural,
    pluralize,
    prose,
    split_name,
)
from modelsite.wording import count

Def = ast.FunctionDef | ast.AsyncFunctionDef
Node = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef

SUMMARY_MAX = 79


# ---------------------------------------------------------------- which objects to document


def is_public_name(name: str) -> bool:
    """Whether an object name is public (no leading underscore; dunder names are special)."""
    return not name.startswith("_")


def _decorators(node: Def | ast.ClassDef) -> list[str]:
    return [
        dotted_name(d.func if isinstance(d, ast.Call) else d, through_calls=True)
        for d in node.decorator_list
    ]


def is_property(node: Def) -> bool:
    return any(
        d.rsplit(".", 1)[-1] in ("property", "cached_property") or d.endswith(("abstractproperty",))
        for d in _decorators(node)
    )


def is_accessor(node: Def) -> bool:
    """`@x.setter`/`@x.deleter`: documented by the property itself."""
    return any(d.endswith((".setter", ".deleter")) for d in _decorators(node))


def is_overload(node: Def) -> bool:
    return any(d.rsplit(".", 1)[-1] == "overload" for d in _decorators(node))


@dataclass(frozen=True)
class Target:
    """An object that should carry a docstring."""

    node: Node
    qualname: str
    """Dotted path inside the module (`""` for the module itself)."""
    kind: str
    """`module`, `class`, `function`, `method` or `property`."""
    parents: tuple[Node, ...]


def iter_targets(tree: ast.Module) -> Iterator[Target]:
    """Every module, class, function, method and property that coverage counts, in source order.

    Counted like interrogate with private, semi-private, magic and `__init__` methods, nested
    functions, nested classes, property setters/deleters and overloads ignored.
    """
    yield Target(tree, "", "module", ())
    yield from _iter_body(tree.body, "", (tree,), in_class=False)


def _iter_body(
    body: list[ast.stmt], prefix: str, parents: tuple[Node, ...], in_class: bool
) -> Iterator[Target]:
    for stmt in body:
        if isinstance(stmt, ast.ClassDef):
            if not is_public_name(stmt.name) or in_class:  # nested classes are not counted
                continue
            qn = prefix + stmt.name
            yield Target(stmt, qn, "class", parents)
            yield from _iter_body(stmt.body, qn + ".", (*parents, stmt), in_class=True)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if not is_public_name(stmt.name) or is_accessor(stmt) or is_overload(stmt):
                continue
            kind = ("property" if is_property(stmt) else "method") if in_class else "function"
            yield Target(stmt, prefix + stmt.name, kind, parents)
        elif (
            isinstance(stmt, (ast.If, ast.Try, ast.With, ast.AsyncWith, ast.For, ast.While))
            or type(stmt).__name__ == "TryStar"
        ):
            for sub in ("body", "orelse", "finalbody"):
                yield from _iter_body(getattr(stmt, sub, []) or [], prefix, parents, in_class)
            for h in getattr(stmt, "handlers", []) or []:
                yield from _iter_body(h.body, prefix, parents, in_class)


def has_docstring(node: Node) -> bool:
    """Whether the node's body starts with a string literal (its docstring, even empty)."""
    body = node.body
    return (
        bool(body)
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )


# ---------------------------------------------------------------- context across a project


_CALL = re.compile(r"(?<![\w.])(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\(([^()]*)\)")
_DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)", re.MULTILINE)
_ARG = re.compile(r"^\s*(?:([A-Za-z_]\w*)\s*=\s*)?([A-Za-z_]\w*)\s*$")


@dataclass
class ProjectIndex:
    """What the callers of each function pass to it, across the project.

    Read from the source text with regular expressions (cheap: no second walk over the
    trees): for every call `name(a, key=b)` with plain names as arguments, which names land in
    which slot. Only functions defined once in the project are trusted.
    """

    passed: dict[str, dict[str | int, list[str]]] = field(default_factory=dict)
    """Function name -> keyword or position -> names of the variables callers pass there."""
    defined: dict[str, int] = field(default_factory=dict)
    """Function name -> how many `def`s have that name."""
    modules: dict[str, str] = field(default_factory=dict)
    """Module name -> source text, for what one module states about another's classes."""

    def add_source(self, text: str) -> None:
        """Record the definitions and calls of one module's source text."""
        for m in _DEF.finditer(text):
            self.defined[m.group(1)] = self.defined.get(m.group(1), 0) + 1
        for m in _CALL.finditer(text):
            args = m.group(2)
            if not args.strip() or any(c in args for c in "[{'\"#*:"):
                continue
            slots = None
            for i, arg in enumerate(args.split(",")):
                am = _ARG.match(arg)
                if am is None:
                    if arg.strip():
                        continue
                    break
                key: str | int = am.group(1) or i
                if slots is None:
                    slots = self.passed.setdefault(m.group(1), {})
                got = slots.setdefault(key, [])
                if am.group(2) not in got and len(got) < 4:
                    got.append(am.group(2))

    def callers_pass(self, func: str, param: str, position: int | None) -> list[str]:
        """Names callers pass for `param` of `func` (by keyword, or at `position`)."""
        if self.defined.get(func, 0) != 1:
            return []
        slots = self.passed.get(func, {})
        names = list(slots.get(param, []))
        if position is not None:
            names += [n for n in slots.get(position, []) if n not in names]
        return [n for n in names if n != param][:3]


@dataclass(frozen=True)
class Planned:
    """A docstring to insert."""

    target: Target
    text: str
    parts: DocParts


def plan_module(
    tree: ast.Module,
    module_name: str,
    *,
    style: str = "numpy",
    index: ProjectIndex | None = None,
    include_module: bool = True,
    indent_unit: str = "    ",
) -> list[Planned]:
    """The docstrings missing from a parsed module, generated in `style`.

    Only public objects without a docstring get one; existing docstrings are never touched.
    """
    gen = _Generator(tree, module_name, index or ProjectIndex())
    out = []
    for t in iter_targets(tree):
        if has_docstring(t.node) or (t.kind == "module" and not include_module):
            continue
        parts = gen.parts_for(t)
        if parts is None:
            continue
        depth = len(t.parents) if t.kind != "module" else 0
        out.append(Planned(t, render(parts, style, indent_unit * depth), parts))
    return out


# ---------------------------------------------------------------- the generator


class _Generator:
    def __init__(self, tree: ast.Module, module_name: str, index: ProjectIndex) -> None:
        self.tree = tree
        self.module_name = module_name
        self.index = index
        self._summaries: dict[int, str] = {}
        self._facts: dict[int, Facts] = {}
        self._inherited: dict[int, Inherited | None] = {}
        self.stated = StatedMeaning(tree, module_name, index.modules)
        """What the code states in machine-readable form (constraints, enums, warnings, CLIs)."""

    def inherited(self, node: Def, cls: ast.ClassDef | None) -> Inherited | None:
        """The contract of the installed library's method this one overrides, computed once."""
        if cls is None or not is_public_name(node.name):
            return None
        key = id(node)
        if key not in self._inherited:
            self._inherited[key] = inherited_doc(self.tree, self.module_name, cls, node.name)
        return self._inherited[key]

    def facts(self, node: Def, *, is_method: bool) -> Facts:
        """The body facts of a function, computed once."""
        key = id(node)
        if key not in self._facts:
            self._facts[key] = analyze(node, is_method=is_method)
        return self._facts[key]

    def parts_for(self, t: Target) -> DocParts | None:
        if t.kind == "module":
            return self.module_parts()
        if isinstance(t.node, ast.ClassDef):
            return self.class_parts(t.node)
        assert isinstance(t.node, (ast.FunctionDef, ast.AsyncFunctionDef))
        cls = t.parents[-1] if isinstance(t.parents[-1], ast.ClassDef) else None
        return self.function_parts(t.node, cls, t.kind)

    # ------------------------------------------------------------ functions
    def function_parts(self, node: Def, cls: ast.ClassDef | None, kind: str) -> DocParts:
        facts = self.facts(node, is_method=cls is not None)
        params = self.param_entries(node, facts, cls)
        returns = self.return_entries(node, facts, cls, kind)
        yields = self.yield_entries(node, facts)
        raises = self.raise_entries(facts)
        summary = self.function_summary(node, facts, cls, kind)
        summary = self.stated.cli_summary(node, cls) or summary  # a script's help, its words
        return DocParts(
            summary=summary,
            params=tuple(params),
            returns=tuple(returns),
            yields=tuple(yields),
            raises=tuple(raises),
            warns=self.stated.warns(node, facts.calls),
            options=self.stated.cli_options(node, facts.calls),
        )

    def function_summary(self, node: Def, facts: Facts, cls: ast.ClassDef | None, kind: str) -> str:
        key = id(node)
        if key in self._summaries:
            return self._summaries[key]
        base = self.inherited(node, cls)
        if base is not None and len(base.summary) <= SUMMARY_MAX:
            text = _finish(base.summary)  # the overridden method's documented contract
        else:
            text = _finish(_function_summary(node, facts, cls, kind, self))
        self._summaries[key] = text
        return text

    def param_entries(self, node: Def, facts: Facts, cls: ast.ClassDef | None) -> list[DocEntry]:
        a = node.args
        positional = [*a.posonlyargs, *a.args]
        defaults: dict[str, ast.expr] = {}
        for arg, d in zip(positional[len(positional) - len(a.defaults) :], a.defaults, strict=True):
            defaults[arg.arg] = d
        for arg, kd in zip(a.kwonlyargs, a.kw_defaults, strict=True):
            if kd is not None:
                defaults[arg.arg] = kd
        entries = []
        skip_first = (
            cls is not None
            and positional
            and not any(d == "staticmethod" for d in _decorators(node))
        )
        for i, arg in enumerate(positional):
            if i == 0 and skip_first:
                continue
            entries.append(
                self.param_entry(
                    arg,
                    "",
                    defaults.get(arg.arg),
                    facts,
                    node,
                    i - 1 if skip_first else i,
                    cls,
                )
            )
        if a.vararg:
            entries.append(self.param_entry(a.vararg, "*", None, facts, node))
        for arg in a.kwonlyargs:
            entries.append(self.param_entry(arg, "", defaults.get(arg.arg), facts, node, None, cls))
        if a.kwarg:
            entries.append(self.param_entry(a.kwarg, "**", None, facts, node))
        return entries

    def param_entry(
        self,
        arg: ast.arg,
        stars: str,
        default: ast.expr | None,
        facts: Facts,
        node: Def,
        position: int | None = None,
        cls: ast.ClassDef | None = None,
    ) -> DocEntry:
        name = arg.arg
        use = facts.uses.get(name, Use())
        typ = unparse(arg.annotation) if arg.annotation is not None else ""
        vocab = ML_PARAMS.get(name) if vocabulary_applies(name, use, node) else None
        stated = self.stated.param(node, cls, name, arg.annotation, default)
        if not typ:
            typ = stated.type or _infer_param_type(name, use, default, vocab, stars)
        if default is not None:
            dsrc = unparse(default)
            if dsrc and len(dsrc) <= 40 and "\n" not in dsrc:
                typ = f"{typ}, default={dsrc}" if typ else f"default={dsrc}"
        base = self.inherited(node, cls)
        shared = base.params.get(name, "") if base is not None and not stars else ""
        if _inheritable(shared, facts.uses.get(name)):
            desc = shared  # shared with the overridden method: its description
        else:
            desc = _describe_param(
                name, use, default, vocab, stars, facts, node, self.index, position
            )
            choices = _literal_choices(arg.annotation)
            if choices and "One of" not in desc:
                desc = f"{desc} One of {choices}.".strip()
        desc = self.stated.merge(desc, stated)
        return DocEntry(name=f"{stars}{name}", type=typ, description=desc)

    def return_entries(
        self, node: Def, facts: Facts, cls: ast.ClassDef | None, kind: str
    ) -> list[DocEntry]:
        ann = node.returns
        is_gen = bool(facts.yields or facts.yield_from)
        if ann is not None:
            if _is_none(ann) or dotted_name(ann, through_calls=True) in (
                "NoReturn",
                "typing.NoReturn",
                "Never",
            ):
                return []
            if is_gen and _generator_kind(ann):
                gen_ret = _generator_return(ann)
                if gen_ret is None or not any(r is not None for r in facts.returns):
                    return []
                return [
                    DocEntry(
                        name="",
                        type=gen_ret,
                        description=self.return_description(node, facts, cls, kind),
                    )
                ]
            if is_gen:
                return []
            typ = unparse(ann)
            return [
                DocEntry(
                    name="", type=typ, description=self.return_description(node, facts, cls, kind)
                )
            ]
        values = [r for r in facts.returns if r is not None and not _is_none(r)]
        if not facts.returns:
            return []
        if is_gen and not values:
            return []
        if not values:
            return [
                DocEntry(
                    name="",
                    type="None",
                    description="Nothing; the bare `return` only ends the call early.",
                )
            ]
        # several values returned as a tuple of names: one entry each (numpy style)
        tup = _common_tuple(values)
        if tup is not None:
            out = []
            for elt in tup:
                nm = elt.id if isinstance(elt, ast.Name) else ""
                typ = _expr_type(elt, facts, node, cls) or "object"
                out.append(
                    DocEntry(
                        name=nm, type=typ, description=_value_description(elt, facts, node, cls)
                    )
                )
            names = [e.name for e in out if e.name]
            if len(set(names)) == len(names):
                return out
        types = []
        for v in values:
            t = _expr_type(v, facts, node, cls) or "object"
            if t not in types:
                types.append(t)
        if len(values) < len([r for r in facts.returns]):
            types.append("None")
        typ = " or ".join(types[:3]) if len(types) <= 3 else "object"
        return [
            DocEntry(name="", type=typ, description=self.return_description(node, facts, cls, kind))
        ]

    def return_description(
        self, node: Def, facts: Facts, cls: ast.ClassDef | None, kind: str
    ) -> str:
        values = [r for r in facts.returns if r is not None and not _is_none(r)]
        if not values:
            return "Nothing; the bare `return` only ends the call early."
        descs = []
        for v in values:
            d = _value_description(v, facts, node, cls)
            if d and d not in descs:
                descs.append(d)
        # described only when every return path has a description and they agree; otherwise
        # the type alone is stated (one path's description would be false for the others)
        if len(descs) != 1 or any(not _value_description(v, facts, node, cls) for v in values):
            sources = list(dict.fromkeys(unparse(v) for v in values))
            if len(sources) > 1 and sum(len(x) for x in sources) <= 60:
                listed = ", ".join(f"`{x}`" for x in sources[:-1]) + f" or `{sources[-1]}`"
                text = f"{listed}, depending on the path taken."
            else:
                text = ""  # the type alone: the function's name would only be restated
        else:
            text = descs[0]
        if len(values) < len(facts.returns):
            text = text.rstrip(".") + ", or `None`." if text else ""
        return text

    def yield_entries(self, node: Def, facts: Facts) -> list[DocEntry]:
        if not (facts.yields or facts.yield_from):
            return []
        ann = node.returns
        typ = ""
        if ann is not None:
            typ = _yield_type_from_annotation(ann) or ""
        vals = [y for y in facts.yields if y is not None]
        if not typ:
            types = []
            for v in vals:
                t = _expr_type(v, facts, node, None)
                if t and t not in types:
                    types.append(t)
            typ = " or ".join(types) if 0 < len(types) <= 2 else "object"
        descs = []
        for v in vals:
            d = _value_description(v, facts, node, None)
            if d and d not in descs:
                descs.append(d)
        for v in facts.yield_from:
            src = unparse(v)
            if len(src) <= 50:
                descs.append(f"Each item of `{src}`.")
        desc = descs[0] if descs else "One item per iteration."
        return [DocEntry(name="", type=typ, description=desc)]

    def raise_entries(self, facts: Facts) -> list[DocEntry]:
        by_name: dict[str, list[str]] = {}
        for r in facts.raises:
            by_name.setdefault(r.name, [])
            cond = _raise_condition(r)
            if cond and cond not in by_name[r.name]:
                by_name[r.name].append(cond)
        out = []
        for name, conds in by_name.items():
            if not conds:
                desc = "Always, when this is called." if facts.is_stub else ""
                if name.endswith("NotImplementedError"):
                    desc = "Always: subclasses must implement this."
            else:
                desc = _join_conditions(conds)
            out.append(DocEntry(name="", type=name, description=desc))
        return out

    # ------------------------------------------------------------ classes
    def class_parts(self, node: ast.ClassDef) -> DocParts:
        init = _find_init(node)
        params: list[DocEntry] = []
        raises: list[DocEntry] = []
        attributes: list[DocEntry] = []
        init_facts = None
        if init is not None:
            init_facts = self.facts(init, is_method=True)
            params = self.param_entries(init, init_facts, node)
            raises = self.raise_entries(init_facts)  # pydoclint reads them from the class
        documented = {e.name for e in params}
        # class-body attributes (dataclass fields and constants) first, then __init__ ones
        for stmt in node.body:
            for name, ann, value in _class_body_assignments(stmt):
                if not is_public_name(name) or name in documented:
                    continue
                typ = unparse(ann) if ann is not None else (_literal_type(value) or "")
                if ann is not None and dotted_name(ann, through_calls=True).endswith("ClassVar"):
                    typ = ""
                desc = self.stated.field_description(node, value) or _attribute_description(
                    name, value, ann
                )
                attributes.append(DocEntry(name=name, type=typ, description=desc))
                documented.add(name)
        if init_facts is not None:
            for attr, value in init_facts.self_attrs.items():
                if not is_public_name(attr) or attr in documented:
                    continue
                if isinstance(value, ast.Name) and value.id == attr:
                    continue  # a parameter stored as is: documented under Parameters
                ann = init_facts.self_attr_ann.get(attr)
                typ = (
                    unparse(ann)
                    if ann is not None
                    else (_expr_type(value, init_facts, init, node) if value is not None else "")
                )
                desc = _attribute_description(attr, value, ann, init_facts)
                attributes.append(DocEntry(name=attr, type=typ or "object", description=desc))
                documented.add(attr)
        summary = _finish(_class_summary(node, self))
        return DocParts(
            summary=summary,
            params=tuple(params),
            raises=tuple(raises),
            warns=self.stated.warns(init, init_facts.calls) if init and init_facts else (),
            attributes=tuple(attributes),
        )

    # ------------------------------------------------------------ modules
    def module_parts(self) -> DocParts | None:
        return DocParts(summary=_finish(_module_summary(self)))


# ---------------------------------------------------------------- summaries


def _finish(text: str) -> str:
    text = " ".join(text.split()).strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    # `n_x` after a preposition: "for the number of x", never "for number of x"
    text = _NUMBER_OF.sub(lambda m: f"{m.group(1)} the number of", text)
    if len(text) > SUMMARY_MAX:
        cut = text[: SUMMARY_MAX - 1]
        # cut at a word boundary, never inside a code span
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
        while cut.count("`") % 2:
            cut = cut[: cut.rfind(" ")] if " " in cut else cut.replace("`", "")
        text = cut.rstrip(",;:-–")
    text = _drop_dangling(text)
    if not text.endswith("."):
        text = text.rstrip(".") + "."
    return text


_NUMBER_OF = re.compile(r"\b(for|of|to|with|from|by|on|in) number of\b")

# words a sentence cannot end on
_DANGLING = frozenset(
    [
        "with",
        "to",
        "from",
        "for",
        "of",
        "by",
        "on",
        "in",
        "at",
        "and",
        "or",
        "the",
        "a",
        "an",
        "as",
        "into",
        "onto",
        "than",
        "via",
        "per",
        "over",
        "under",
        "using",
        "is",
        "are",
        "be",
    ]
)


def _drop_dangling(text: str) -> str:
    """`text` without trailing prepositions, articles and conjunctions (`Process the data with`)."""
    words = text.rstrip(".").split(" ")
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;:-–")


# known scikit-learn API methods: name -> summary (may use {cls} and {X})
_API_METHODS = {
    # the scikit-learn API: what these methods do is fixed by convention
    "fit": "Fit the model to {Xy}",
    "partial_fit": "Incrementally fit the model to {Xy}",
    "predict": "Predict the target for {X}",
    "predict_proba": "Predict class probabilities for {X}",
    "predict_log_proba": "Predict class log-probabilities for {X}",
    "decision_function": "Compute the decision function of {X}",
    "transform": "Transform {X}",
    "fit_transform": "Fit to {X}, then transform it",
    "fit_predict": "Fit the model to {X}, then predict labels for it",
    "inverse_transform": "Transform data back to its original space",
    "score": "Return the score of the model on {Xy}",
    "score_samples": "Compute the score of each sample in {X}",
    "get_params": "Get the parameters of this estimator",
    "set_params": "Set the parameters of this estimator",
    "get_feature_names_out": "Get output feature names for transformation",
    "get_metadata_routing": "Get the metadata routing of this object",
    "staged_predict": "Predict the target for {X} at each stage",
    "split": "Generate indices to split data into training and test set",
    "get_n_splits": "Return the number of splitting iterations in the cross-validator",
    "__sklearn_tags__": "",
    "main": "",
    "run": "",
}


def _function_summary(
    node: Def, facts: Facts, cls: ast.ClassDef | None, kind: str, gen: _Generator
) -> str:
    name = node.name
    words = split_name(name)
    params = [p for p in param_names(node) if p not in ("self", "cls")]
    X = "`X`" if "X" in params else "the data"
    Xy = f"{X} and `y`" if "y" in params and "X" in params else X
    cls_words = name_prose(cls.name) if cls is not None else "estimator"
    template = _API_METHODS.get(name)
    if template and cls is not None and ("{X" not in template or "X" in params):
        return template.format(X=X, Xy=Xy)
    if name.startswith("test_") or (
        name.startswith("check_") and gen.module_name.rsplit(".", 1)[-1].startswith("test")
    ):
        return " ".join(["Test" if name.startswith("test_") else "Check", *split_name(name)[1:]])
    if facts.not_implemented and facts.is_stub and cls is not None and not name.startswith("test"):
        base = _verb_phrase(words, facts, params, node, kind, cls) or name_prose(name)
        return f"{base.rstrip('.')} (implemented by subclasses)"
    if kind == "property":
        noun = name_prose(name)
        if words and words[0].lower() in ("is", "has", "can", "should"):
            return f"Return whether {_whether_clause(words, cls_words)}"
        return f"Return the {noun}{_of_cls(cls, noun)}"
    phrase = _verb_phrase(words, facts, params, node, kind, cls)
    if phrase:
        return phrase
    # no verb in the name: what the body does
    if name in ("main", "run", "cli", "execute", "__call__") or not words:
        steps = _called_steps(facts, gen)
        if steps:
            return _join_steps(steps)
        mod = name_prose(gen.module_name.rsplit(".", 1)[-1])
        return f"Run the {mod} program" if name == "main" else f"Run the {mod} step"
    low_words = [w.lower() for w in words]
    if "to" in low_words[1:-1] and low_words[0] not in VERBS:
        # `basen_to_integer`: a conversion from what comes before `to` into what follows
        i = low_words.index("to")
        src, dst = prose(words[:i]), prose(words[i + 1 :])
        return f"Convert {_article(src)}{src} to {_article(dst)}{dst}"
    if _is_verb_phrase(words):
        # `cross_validate`, `smote_resample`: the name is itself an action
        return _compound_verb(words, params)
    noun = name_prose(name)
    article = _article(noun)
    if facts.yields or facts.yield_from:
        return f"Yield the {noun}"
    if not facts.returns or all(r is None or _is_none(r) for r in facts.returns):
        if facts.writes_files:
            return f"Write {article}{noun}"
        if facts.prints:
            return f"Print {article}{noun}"
        if facts.self_attrs:
            return f"Set up {article}{noun}"
        steps = _called_steps(facts, gen)
        if steps:
            return _join_steps(steps)
        return f"Apply {article}{noun}"
    values = [r for r in facts.returns if r is not None]
    body = [
        s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    if values and len(body) <= 2 and all(_is_trivial(v) for v in values):
        return f"Return {article}{noun}"
    return f"Compute {article}{noun}"


def _of_cls(cls: ast.ClassDef | None, noun: str) -> str:
    return ""


def _whether_clause(words: list[str], subject: str) -> str:
    verb = words[0].lower()
    rest = prose(words[1:]) or "set"
    if verb == "is":
        return f"the {subject} is {rest}"
    if verb == "has":
        return f"the {subject} has {rest}"
    return f"the {subject} {verb} {rest}"


def _verb_phrase(
    words: list[str],
    facts: Facts,
    params: list[str],
    node: Def,
    kind: str,
    cls: ast.ClassDef | None = None,
) -> str:
    if not words:
        return ""
    first = words[0].lower()
    two = "_".join(w.lower() for w in words[:2])
    verb = VERBS.get(two) if len(words) > 1 and two in VERBS else None
    rest_words = words[2:] if verb else words[1:]
    if verb is None:
        verb = VERBS.get(first)
    if verb is None:
        return ""
    if any(_is_verb_word(w) for w in rest_words) and verb.split()[0] != "Check":
        # `fit_resample`, `load_and_validate`: several actions, not an action on a noun
        ws = list(rest_words)
        while ws and ws[0].lower() in ("and", "then"):
            ws.pop(0)
        data = [p for p in params if p in ("X", "y")] or params[:1]
        obj = " and ".join(f"`{p}`" for p in data[:2]) if _is_verb_word(ws[-1]) else ""
        return _drop_dangling(f"{verb} and {prose(ws)} {obj}".strip())
    if rest_words and rest_words[0].lower() in _DANGLING:
        # `load_from_file`: the name already has its preposition
        return _drop_dangling(f"{verb} {prose(rest_words)}")
    if rest_words and rest_words[-1].lower() in _DANGLING:
        # `compare_with(other)`: the preposition's object is the first parameter
        lead = rest_words[:-1]
        prep = rest_words[-1].lower()
        target = f" {prep} `{params[0]}`" if params else ""
        obj = prose(lead)
        body = f"{verb} {_article(obj)}{obj}".strip() if obj else verb
        return _drop_dangling(body) + target
    rest = prose(rest_words)
    if first in ("is", "has", "can", "should") and not verb.startswith("Decide"):
        subj = _subject(params, cls)
        values = [r for r in facts.returns if r is not None and not _is_none(r)]
        types = {_expr_type(v, facts, node, cls) for v in values}
        if values and "" not in types and "bool" not in types:
            # `is_tomek` returning an array: not a yes/no question about its argument
            noun = _returned_noun(facts)
            return f"Return the {noun} for {subj}" if noun else f"Compute the {rest} of {subj}"
        if first == "is":
            return f"Check whether {subj} is {rest}" if rest else f"Check {subj}"
        if first == "has":
            return f"Check whether {subj} has {rest}" if rest else f"Check {subj}"
        return f"Check whether {subj} {first} {rest}".rstrip()
    if first == "to" and rest:
        src = _subject(params, cls)
        return f"Convert {src} to {_article(rest)}{rest}"
    if first == "from" and rest:
        return f"Build an instance from {_article(rest)}{rest}"
    if first == "iter":
        return f"Iterate over the {rest}" if rest else "Iterate over the items"
    obj = ""
    if rest:
        obj = f"{_article(rest)}{rest}"
    else:
        # a bare verb (`build`, `split`): its object is what it returns, else its data
        noun = _returned_noun(facts)
        data = [p for p in params if p in ("X", "y")] or params[:1]
        same = [p for p in params if name_prose(p) == noun]
        if same:
            obj = f"`{same[0]}`"  # it returns (a changed) argument: name the argument
        elif noun:
            obj = f"the {noun}"
            if params and not (set(data) & {"X", "y"}):
                obj += f" from `{params[0]}`"
        elif data:
            obj = " and ".join(f"`{p}`" for p in data[:2])
    phrase = f"{verb} {obj}".strip()
    phrase += _param_context(first, params, rest)
    for call in facts.calls:
        suffix = _KNOWN_CALLS.get(call.rsplit(".", 1)[-1])
        if suffix and suffix not in phrase:
            phrase += f" {suffix}"
            break
    return phrase


# what a call to a well-known library function adds to a summary
_KNOWN_CALLS = {
    "train_test_split": "into training and test sets",
    "cross_val_score": "with cross-validation",
    "cross_validate": "with cross-validation",
    "cross_val_predict": "with cross-validation",
    "GridSearchCV": "with a grid search",
    "RandomizedSearchCV": "with a randomized search",
    "savefig": "and save the figure",
    "to_csv": "as CSV",
    "read_csv": "from CSV",
}


def _returned_noun(facts: Facts) -> str:
    values = [r for r in facts.returns if r is not None and not _is_none(r)]
    if not values:
        return ""
    v = values[-1]
    if isinstance(v, ast.Attribute) and isinstance(v.value, ast.Name) and v.value.id == "self":
        return name_prose(v.attr)
    if isinstance(v, ast.Name):
        v = facts.local_assign.get(v.id, v)
    if isinstance(v, ast.Call):
        short = dotted_name(v.func, through_calls=True).rsplit(".", 1)[-1]
        if short[:1].isupper() and not short.isupper():
            return prose(split_name(short)).lower()
    if isinstance(v, ast.Name) and v.id not in ("self", "cls"):
        return name_prose(v.id)
    return ""


def _subject(params: list[str], cls: ast.ClassDef | None = None) -> str:
    if params:
        return f"`{params[0]}`"
    return f"the {name_prose(cls.name)}" if cls is not None else "it"


def _article(noun: str) -> str:
    if not noun or noun.startswith(("`", "a ", "an ", "the ")):
        return ""
    if noun.split()[0] in ("number", "maximum", "minimum") or " of " in noun:
        return "the "  # the head is `number`, not the plural after `of`
    return "" if plural(noun) else "the "


# verbs that are rarely nouns: a name ending in one is an action (`cross_validate`)
_VERB_ONLY = frozenset(
    [
        "resample",
        "transform",
        "predict",
        "encode",
        "decode",
        "compute",
        "extract",
        "select",
        "remove",
        "convert",
        "apply",
        "build",
        "fetch",
        "load",
        "save",
        "parse",
        "validate",
        "evaluate",
        "normalize",
        "normalise",
        "standardize",
        "vectorize",
        "tokenize",
        "initialize",
        "estimate",
        "generate",
        "calculate",
        "aggregate",
        "impute",
        "discretize",
        "binarize",
        "optimize",
        "minimize",
        "maximize",
        "serialize",
        "deserialize",
        "fit",
    ]
)
_VERB_SUFFIXES = ("ize", "ise", "ify", "ate")


def _is_verb_word(word: str) -> bool:
    low = word.lower()
    return low in _VERB_ONLY or (len(low) > 5 and low.endswith(_VERB_SUFFIXES) and low in VERBS)


def _is_verb_phrase(words: list[str]) -> bool:
    """A name with an action verb after its first word, which is not a known verb."""
    return (
        len(words) > 1
        and words[0].lower() not in VERBS
        and any(_is_verb_word(w) for w in words[1:])
    )


# first words that make one verb with the next (`cross_validate`, `re_fit`)
_VERB_PREFIXES = frozenset(
    ["cross", "re", "pre", "post", "auto", "self", "over", "under", "up", "down", "co", "multi"]
)


def _compound_verb(words: list[str], params: list[str]) -> str:
    data = [p for p in params if p in ("X", "y")] or params[:1]
    obj = " and ".join(f"`{p}`" for p in data[:2])
    i = next(i for i, w in enumerate(words) if i > 0 and _is_verb_word(w))
    if words[0].lower() in _VERB_PREFIXES and i == 1:
        # `cross_validate`, `cross_fit_data`: one verb, then what it acts on
        noun = prose(words[2:])
        return (
            f"{prose(words[:2])} {_article(noun)}{noun}".strip()
            if noun
            else (f"{prose(words[:2])} {obj}".strip())
        )
    # `data_fit`: the other words are what the actions act on
    actions = [w.lower() for w in words[i:] if _is_verb_word(w)]
    noun = prose([w for j, w in enumerate(words) if j < i or not _is_verb_word(w)])
    return f"{_join_steps(actions)} {_article(noun)}{noun}"


_PATH_NAMES = (
    "path",
    "filename",
    "filepath",
    "file",
    "fname",
    "output",
    "output_path",
    "out",
    "dest",
    "destination",
    "output_file",
    "outfile",
    "out_path",
)


def _param_context(verb: str, params: list[str], rest: str) -> str:
    path = next((p for p in params if p in _PATH_NAMES or p.endswith(("_path", "_file"))), None)
    if path and verb in ("load", "read", "fetch", "parse", "open", "import"):
        return f" from `{path}`"
    if path and verb in ("save", "write", "dump", "export", "store"):
        return f" to `{path}`"
    if verb in ("fit", "train", "evaluate", "score", "test") and "X" in params:
        return " on `X` and `y`" if "y" in params else " on `X`"
    if verb in ("predict", "transform") and "X" in params and "`X`" not in rest:
        return " for `X`"
    return ""


def _called_steps(facts: Facts, gen: _Generator) -> list[str]:
    """What the body does, from the verbs of the project functions it calls, in order.

    Methods called on the function's own parameters (`X.sum()`) say how, not what: skipped.
    """
    steps = []
    params = set(facts.uses)
    for call in facts.calls:
        if call.split(".")[0] in params and "." in call:
            continue
        short = call.rsplit(".", 1)[-1]
        if short.startswith("_") and not short.startswith("__"):
            short = short.lstrip("_")
        ws = split_name(short)
        if (
            not ws
            or ws[0].lower() not in VERBS
            or ws[0].lower() in ("print", "get", "is", "has", "set", "log", "to", "as")
        ):
            continue
        if call.split(".")[0] in (
            "np",
            "numpy",
            "pd",
            "os",
            "sys",
            "logging",
            "logger",
            "warnings",
            "math",
            "re",
            "json",
            "itertools",
            "argparse",
            "parser",
            "self",
        ):
            continue
        verb = VERBS[ws[0].lower()]
        rest = prose(ws[1:])
        if not rest:  # a bare verb: say what it acts on, from the call site
            node = facts.call_nodes.get(call)
            if node is not None and isinstance(node.func, ast.Attribute):
                receiver = dotted_name(node.func.value, through_calls=True).rsplit(".", 1)[-1]
                if receiver and receiver not in ("self", "cls"):
                    rest = f"the {name_prose(receiver)}"
            elif node is not None:
                names = [a.id for a in node.args[:2] if isinstance(a, ast.Name)]
                if names:
                    rest = " and ".join(f"`{n}`" for n in names)
        step = f"{verb.lower()} {_article(rest)}{rest}".strip()
        if step not in steps:
            steps.append(step)
        if len(steps) == 3:
            break
    return steps


def _join_steps(steps: list[str]) -> str:
    if len(steps) == 1:
        return steps[0]
    return ", ".join(steps[:-1]) + " and " + steps[-1]


def _class_summary(node: ast.ClassDef, gen: _Generator) -> str:
    """A noun phrase, as class summaries are written: what kind of thing the class is."""
    words = split_name(node.name)
    noun = prose(words)
    bases = [dotted_name(b, through_calls=True).rsplit(".", 1)[-1] for b in node.bases]
    decos = [d.rsplit(".", 1)[-1] for d in _decorators(node)]
    low = [w.lower() for w in words]
    if any(b.endswith(("Error", "Exception", "Warning")) for b in bases) or node.name.endswith(
        ("Error", "Exception", "Warning")
    ):
        base = next(
            (b for b in bases if b.endswith(("Error", "Exception", "Warning"))), "Exception"
        )
        return f"{_cap(noun)} (a kind of `{base}`)"
    if low and low[-1] == "mixin":
        rest = prose(words[:-1])
        return f"Mixin class for {pluralize(rest)}" if rest else "Mixin class"
    abstract = any(b in ("ABC", "ABCMeta") for b in bases) or any(
        "abstractmethod" in _decorators(f)
        for f in node.body
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
    )
    kind_found = _estimator_kind(node, bases)
    if low and low[0] in ("base", "abstract") and len(words) > 1:
        rest = prose(words[1:])
        lead = "Abstract base class" if abstract or low[0] == "abstract" else "Base class"
        return f"{lead} for {pluralize(rest)}"
    if any(b == "Protocol" for b in bases):
        return f"Interface of {_a_or_an(noun)} {noun}"
    if "dataclass" in decos or any(b in ("NamedTuple", "TypedDict") for b in bases):
        return f"{_cap(noun)} record"
    if any(b in ("Enum", "IntEnum", "StrEnum", "Flag") for b in bases):
        return f"{_cap(noun)} options"
    if node.name.startswith("Test") and gen.module_name.rsplit(".", 1)[-1].startswith("test"):
        return f"Tests for {prose(words[1:])}" if len(words) > 1 else "Tests"
    if kind_found:
        kind, evidence = kind_found
        head = noun.split()[-1].lower() if noun else ""
        if head == kind.split()[-1]:
            return f"{_cap(noun)} {evidence}"
        return f"{_cap(noun)}: {_a_or_an(kind)} {kind} {evidence}"
    if abstract:
        return f"Abstract base class for {pluralize(noun)}"
    # what its instances hold or offer, from `__init__` and the public methods
    init = _find_init(node)
    held = []
    if init is not None:
        held = [a for a in gen.facts(init, is_method=True).self_attrs if is_public_name(a)]
    if held:
        listed = _join_steps([f"`{a}`" for a in held[:2]])
        if len(held) > 2:
            listed = ", ".join(f"`{a}`" for a in held[:2]) + " and more"
        return f"{_cap(noun)} holding {listed}"
    methods = [
        f.name
        for f in node.body
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and is_public_name(f.name)
    ]
    if methods:
        listed = _join_steps([f"`{m}`" for m in methods[:2]])
        return f"{_cap(noun)} with the method{'s' if len(methods) > 1 else ''} {listed}"
    return f"{_cap(noun)} class"


# base classes (mixins) that say what kind of estimator a class is
_KIND_BASES = {
    "TransformerMixin": "transformer",
    "OneToOneFeatureMixin": "transformer",
    "ClassNamePrefixFeaturesOutMixin": "transformer",
    "SelectorMixin": "feature selector",
    "ClassifierMixin": "classifier",
    "RegressorMixin": "regressor",
    "ClusterMixin": "clusterer",
    "BiclusterMixin": "biclusterer",
    "OutlierMixin": "outlier detector",
    "DensityMixin": "density estimator",
    "MetaEstimatorMixin": "meta-estimator",
    "BaseSampler": "sampler",
    "BaseUnderSampler": "sampler",
    "BaseOverSampler": "sampler",
    "BaseCleaningSampler": "sampler",
    "SamplerMixin": "sampler",
    "BaseEstimator": "estimator",
}


def _estimator_kind(node: ast.ClassDef, bases: list[str]) -> tuple[str, str] | None:
    """The kind of estimator a class is and the evidence, from its mixins or its methods."""
    for b in bases:
        if b in _KIND_BASES and _KIND_BASES[b] != "estimator":
            return _KIND_BASES[b], f"based on `{b}`"
    methods = [f.name for f in node.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for m, kind in (
        ("fit_resample", "sampler"),
        ("_fit_resample", "sampler"),
        ("transform", "transformer"),
        ("predict_proba", "classifier"),
        ("predict", "estimator"),
        ("fit", "estimator"),
    ):
        if m in methods and ("fit" in methods or m.endswith("fit_resample")):
            shown = m if not m.startswith("_") else m[1:]
            api = f"`{shown}`" if shown.startswith("fit") else f"`fit` and `{shown}`"
            return kind, f"with {api}"
    if "BaseEstimator" in bases:
        return "estimator", "based on `BaseEstimator`"
    return None


def _cap(text: str) -> str:
    """`text` with its first letter upper-case (`str.capitalize` would lower `X` and `PCA`)."""
    return text[:1].upper() + text[1:]


def _a_or_an(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeio" else "a"


_CONTEXT = re.compile(r" (?:from|to|on|for) `[^`]+`(?: and `[^`]+`)?")


def _module_summary(gen: _Generator) -> str:
    """`<Module name>: <what it holds>`, or the steps a script performs."""
    tree = gen.tree
    last = gen.module_name.rsplit(".", 1)[-1] if gen.module_name else "module"
    words = split_name(last)
    if words and words[0].lower() == "test":
        rest = prose(words[1:])
        return f"Test the {rest} module" if rest else "Tests"
    title = _cap(prose(words)) or "Module"
    classes = [s.name for s in tree.body if isinstance(s, ast.ClassDef) and is_public_name(s.name)]
    funcs = [
        s
        for s in tree.body
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and is_public_name(s.name)
    ]
    has_main = any(isinstance(s, ast.If) and "__main__" in unparse(s.test) for s in tree.body)
    if has_main or (funcs and not classes and len(funcs) <= 3):
        steps: list[str] = []
        for f in funcs[:6]:
            facts = gen.facts(f, is_method=False)
            text = _CONTEXT.sub("", gen.function_summary(f, facts, None, "function")).rstrip(".")
            if text and text.split()[0] not in ("Run", "Handle", "Test", "Check"):
                steps.append(text[0].lower() + text[1:])
        if steps:
            tail = " from the command line" if has_main else ""
            return f"{title}: {_join_steps(steps[:3])}{tail}"
    names = classes + [f.name for f in funcs]
    if not names:
        names = [
            a.asname or a.name
            for s in tree.body
            if isinstance(s, ast.ImportFrom)
            for a in s.names
            if a.name != "*" and is_public_name(a.asname or a.name)
        ]
    if not names:
        return f"{title} module" if tree.body else f"{title} package"
    shown: list[str] = []
    for n in names[:2]:
        candidate = ", ".join(f"`{x}`" for x in [*shown, n])
        if len(title) + len(candidate) + 12 > SUMMARY_MAX:
            break
        shown.append(n)
    if not shown:
        return f"{title} module"
    listed = _join_steps([f"`{x}`" for x in shown])
    if len(shown) < len(names):
        listed = ", ".join(f"`{x}`" for x in shown) + " and more"
    return f"{title}: {listed}"


# ---------------------------------------------------------------- parameters

# scikit-learn API methods whose `X`, `y` and `sample_weight` mean what the vocabulary says
_VOCAB_API_METHODS = frozenset(
    {
        "fit",
        "partial_fit",
        "fit_transform",
        "fit_predict",
        "fit_resample",
        "transform",
        "inverse_transform",
        "predict",
        "predict_proba",
        "predict_log_proba",
        "score",
        "score_samples",
        "decision_function",
        "staged_predict",
        "staged_predict_proba",
    }
)
_API_DATA_NAMES = frozenset({"X", "y", "sample_weight"})
_SEEDING_CALLS = frozenset(
    {"check_random_state", "RandomState", "default_rng", "seed", "manual_seed", "Random"}
)


def vocabulary_applies(name: str, use: Use, node: Def | None) -> bool:
    """Tell whether the vocabulary's meaning of `name` is what the body does with it.

    The meaning holds when the parameter is passed on under its own name (`alpha=alpha`: the
    callee's parameter of that name), when a random state is handed to a seeding call, or when
    `X`/`y`/`sample_weight` are parameters of a scikit-learn API method. A name alone is not
    enough: `alpha` may be a weighting factor and `deep` a copy flag.
    """
    for callee, kw in use.passed_to:
        if kw == name:
            return True
        short = callee.rsplit(".", 1)[-1]
        if name in ("random_state", "seed", "rng") and short in _SEEDING_CALLS:
            return True
        if name in _API_DATA_NAMES and short in _VOCAB_API_METHODS:
            return True  # `model.fit(X, y)`: the estimator API's X and y
    if name in ("y_true", "y_pred"):
        return True  # the metrics convention: no other meaning seen in practice
    return name in _API_DATA_NAMES and node is not None and node.name in _VOCAB_API_METHODS


def _infer_param_type(
    name: str, use: Use, default: ast.expr | None, vocab: tuple[str, str] | None, stars: str
) -> str:
    if stars == "*":
        return "tuple"
    if stars == "**":
        return "dict"
    lit = _literal_type(default) if default is not None else ""
    if vocab and vocab[0]:
        if lit and lit not in vocab[0] and lit != "None":
            return f"{vocab[0]} or {lit}"
        return vocab[0]
    if lit and lit != "None":
        return lit
    # an `isinstance` test says the value may be of that type, not that it must be (the other
    # branch handles the rest): no type is taken from it
    if use.opened or name.endswith(("_path", "_file", "_dir", "filename", "path")):
        return "str or path-like"
    if use.called:
        return "callable"
    if name.startswith(
        (
            "is_",
            "use_",
            "with_",
            "return_",
            "allow_",
            "enable_",
            "show_",
            "should_",
            "do_",
            "has_",
            "include_",
            "skip_",
            "force_",
        )
    ) or (use.tested and not (use.attributes or use.methods or use.subscripted or use.iterated)):
        return "bool"
    if name.startswith(("n_", "num_", "max_n", "min_n")) or name.endswith(
        ("_count", "_size", "_idx", "_index")
    ):
        return "int"
    if name.endswith(("_name", "_prefix", "_suffix", "_str", "_text", "_label")):
        return "str"
    if "fit" in use.methods or "predict" in use.methods or "transform" in use.methods:
        return "estimator object"
    if use.iterated or use.length or use.subscripted:
        return "array-like" if name.endswith("s") or use.subscripted else "iterable"
    if name.endswith(("_kwargs", "_params", "_dict", "_map", "_mapping")):
        return "dict"
    if name.endswith(("_fn", "_func", "_function", "_callback", "callback")):
        return "callable"
    if name.endswith(
        (
            "_ratio",
            "_rate",
            "_fraction",
            "_frac",
            "_threshold",
            "_tol",
            "_weight",
            "_alpha",
            "_scale",
        )
    ):
        return "float"
    if use.arithmetic:
        return "int or float"
    return "object"


def _describe_param(
    name: str,
    use: Use,
    default: ast.expr | None,
    vocab: tuple[str, str] | None,
    stars: str,
    facts: Facts,
    node: Def,
    index: ProjectIndex | None = None,
    position: int | None = None,
) -> str:
    parts: list[str] = []
    if vocab and vocab[1]:
        parts.append(vocab[1])
    else:
        pattern = _pattern_description(name, stars)
        if pattern:
            parts.append(pattern)
    usage = _usage_description(name, use, stars, facts)
    if not usage and not parts and index is not None:
        passed = index.callers_pass(node.name, name, position)
        if passed:
            usage = (
                "Callers pass "
                + _join_steps([f"`{p}`" for p in passed]).replace(" and ", " or ")
                + "."
            )
    if usage and (not parts or len(parts[0]) < 40):
        parts.append(usage)
    if use.none_fallback and default is not None and _is_none(default):
        parts.append(f"`None` means `{use.none_fallback}`.")
    if not parts:
        if facts.is_stub:
            parts.append(
                "Accepted for subclasses; unused in this base implementation."
                if facts.not_implemented
                else "Unused in this implementation."
            )
        elif not use.referenced:
            parts.append("Unused in this implementation.")
        # otherwise nothing can be said beyond the name: the entry keeps its type and default
        # alone (pydoclint accepts an entry without a description line; a sentence restating
        # the name would only repeat it)
    return " ".join(parts)


_IGNORED = re.compile(r"\b(ignored|not used|unused)\b", re.IGNORECASE)


def _inheritable(desc: str, use: Use | None) -> bool:
    """Whether the base method's description of a parameter holds for this override.

    "Ignored" in the base is false when the override uses the parameter, and the reverse.
    """
    if not desc:
        return False
    used = use is not None and use.referenced
    return bool(_IGNORED.search(desc)) != used


def _literal_choices(ann: ast.expr | None) -> str:
    """The allowed values of a `Literal[...]` annotation (also inside `X | None`), as text."""
    if ann is None:
        return ""
    values: list[str] = []
    for sub in ast.walk(ann):
        if (
            isinstance(sub, ast.Subscript)
            and dotted_name(sub.value).rsplit(".", 1)[-1] == "Literal"
        ):
            elts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
            for e in elts:
                if isinstance(e, ast.Constant):
                    values.append(f"`{e.value!r}`")
    if not values or len(values) > 8:
        return ""
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


def _pattern_description(name: str, stars: str) -> str:
    words = split_name(name)
    low = [w.lower() for w in words]
    if stars == "**":
        return "Extra keyword arguments."
    if stars == "*":
        return "Extra positional arguments."
    if not words:
        return ""
    rest = prose(words[1:])
    first = low[0]
    if first in ("n", "num", "nb") and rest:
        return f"Number of {rest}."
    if first in ("max", "min") and rest:
        return f"{'Maximum' if first == 'max' else 'Minimum'} {rest}."
    if first in ("is", "has") and rest:
        return f"Whether it {first} {rest}."
    if first in (
        "use",
        "return",
        "include",
        "show",
        "allow",
        "enable",
        "skip",
        "force",
        "do",
        "with",
        "should",
    ):
        verb = {"with": "include", "should": "", "do": ""}.get(first, first)
        body = f"{verb} {rest}".strip() if rest else verb
        return f"Whether to {body}." if body else ""
    if low[-1] in ("path", "file", "filename", "filepath") and len(words) > 1:
        return f"Path of the {prose(words[:-1])} file."
    if low[-1] == "dir" and len(words) > 1:
        return f"Folder of the {prose(words[:-1])}."
    if low[-1] == "kwargs" and len(words) > 1:
        return f"Keyword arguments for the {prose(words[:-1])}."
    if low[-1] in ("fn", "func", "function", "callback") and len(words) > 1:
        return f"Function that computes the {prose(words[:-1])}."
    if low[-1] in ("ratio", "fraction", "frac") and len(words) > 1:
        return f"Fraction of {prose(words[:-1])}, between 0 and 1."
    if low[-1] == "size" and len(words) > 1:
        return f"Size of the {prose(words[:-1])}."
    if low[-1] == "name" and len(words) > 1:
        return f"Name of the {prose(words[:-1])}."
    if low[-1] in ("names",) and len(words) > 1:
        return f"Names of the {prose(words[:-1])}."
    return ""


def _usage_description(name: str, use: Use, stars: str, facts: Facts) -> str:
    if use.stored_as and not use.passed_to and not use.methods:
        attr = use.stored_as[0]
        # stored under its own name is the scikit-learn convention: it says nothing
        return f"Stored as the `{attr}` attribute." if attr != name else ""
    informative = [(c, k) for c, k in use.passed_to if _informative_callee(c)]
    if informative:
        callee, kw = informative[0]
        short = callee
        if len(short) > 40:
            short = short.rsplit(".", 1)[-1]
        others = {c for c, _ in informative[1:]} - {callee}
        also = f" (also to {count(len(others), 'other call')})" if others else ""
        if stars:
            return f"Passed on to `{short}`{also}."
        if kw and kw != name:
            return f"Passed to `{short}` as `{kw}`{also}."
        return f"Passed to `{short}`{also}."
    if use.methods:
        ms = [m for m in use.methods if not m.startswith("_")][:3] or use.methods[:3]
        listed = ", ".join(f"`{m}`" for m in ms)
        return f"Object whose {listed} method{'s are' if len(ms) > 1 else ' is'} called."
    if use.opened:
        return "Path of the file to open."
    if use.attributes:
        attrs = [a for a in dict.fromkeys(use.attributes) if not a.startswith("_")][:3]
        if attrs:
            listed = ", ".join(f"`{a}`" for a in attrs)
            return f"Object whose {listed} {'are' if len(attrs) > 1 else 'is'} read."
    if use.membership:
        return "Collection searched for matching items."
    if use.compared_with:
        return f"Compared with `{use.compared_with[0]}`."
    if use.branch:
        return use.branch
    # what remains (called, iterated, tested, sized, formatted, feeding an expression) is how
    # the value is handled, not what it means: the type says as much
    return ""


# callees whose name tells the reader nothing about what a parameter passed to them means
_UNINFORMATIVE_CALLEES = frozenset(
    {
        "print",
        "len",
        "str",
        "repr",
        "int",
        "float",
        "bool",
        "list",
        "tuple",
        "dict",
        "set",
        "sorted",
        "isinstance",
        "hasattr",
        "getattr",
        "setattr",
        "format",
        "super",
        "enumerate",
        "zip",
        "range",
        "iter",
        "next",
        "min",
        "max",
        "sum",
        "abs",
        "type",
        "id",
        "copy",
        "deepcopy",
        "append",
        "extend",
        "update",
        "join",
        "warn",
        "info",
        "debug",
        "warning",
        "error",
    }
)


def _informative_callee(callee: str) -> bool:
    """Whether "Passed to `callee`" points the reader somewhere: a public, named function.

    Private helpers (`self._fit`), `super().__init__`, builtins and container methods only
    restate the mechanics.
    """
    parts = callee.split(".")
    short = parts[-1]
    if not short or short in _UNINFORMATIVE_CALLEES or "super()" in callee:
        return False
    if any(p.startswith("_") and not (p.startswith("__") and p.endswith("__")) for p in parts):
        return False
    return not (short.startswith("__") and short.endswith("__"))


# ---------------------------------------------------------------- values and types


def _is_none(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _literal_type(node: ast.expr | None) -> str:
    if node is None:
        return ""
    if isinstance(node, ast.Constant):
        v = node.value
        if v is None:
            return "None"
        if isinstance(v, bool):
            return "bool"
        return {int: "int", float: "float", str: "str", bytes: "bytes", complex: "complex"}.get(
            type(v), ""
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        return _literal_type(node.operand)
    if isinstance(node, (ast.Tuple,)):
        return "tuple"
    if isinstance(node, (ast.List, ast.ListComp)):
        return "list"
    if isinstance(node, (ast.Dict, ast.DictComp)):
        return "dict"
    if isinstance(node, (ast.Set, ast.SetComp)):
        return "set"
    if isinstance(node, ast.JoinedStr):
        return "str"
    return ""


_CALL_TYPES = {
    "len": "int",
    "int": "int",
    "float": "float",
    "str": "str",
    "bool": "bool",
    "list": "list",
    "dict": "dict",
    "tuple": "tuple",
    "set": "set",
    "sorted": "list",
    "repr": "str",
    "isinstance": "bool",
    "hasattr": "bool",
    "callable": "bool",
    "all": "bool",
    "any": "bool",
    "np.array": "ndarray",
    "np.asarray": "ndarray",
    "np.zeros": "ndarray",
    "np.ones": "ndarray",
    "np.empty": "ndarray",
    "np.arange": "ndarray",
    "np.concatenate": "ndarray",
    "np.hstack": "ndarray",
    "np.vstack": "ndarray",
    "np.stack": "ndarray",
    "np.full": "ndarray",
    "np.where": "ndarray",
    "np.unique": "ndarray",
    "np.linspace": "ndarray",
    "np.dot": "ndarray",
    "np.column_stack": "ndarray",
    "pd.DataFrame": "pandas.DataFrame",
    "pd.Series": "pandas.Series",
    "pd.read_csv": "pandas.DataFrame",
    "pd.concat": "pandas.DataFrame",
    "train_test_split": "list",
    "cross_val_score": "ndarray",
    "Path": "pathlib.Path",
    "json.dumps": "str",
    "json.load": "object",
    "os.path.join": "str",
    "format": "str",
    "join": "str",
    "np.allclose": "bool",
    "np.any": "bool",
    "np.all": "bool",
    "startswith": "bool",
    "endswith": "bool",
    "issubclass": "bool",
    "copy": "",
    "np.sqrt": "",
    "np.sum": "",
    "np.mean": "",
}


def _expr_type(
    e: ast.expr | None, facts: Facts, node: Def | None, cls: ast.ClassDef | None, depth: int = 0
) -> str:
    if e is None or depth > 3:
        return ""
    lit = _literal_type(e)
    if lit:
        return lit
    if isinstance(e, (ast.Compare, ast.BoolOp)) and (
        isinstance(e, ast.Compare) or all(isinstance(v, ast.Compare) for v in e.values)
    ):
        return "bool"
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
        return "bool"
    if isinstance(e, ast.Name):
        if e.id in ("self",) and cls is not None:
            return cls.name
        if e.id in ("True", "False"):
            return "bool"
        if node is not None:
            for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                if arg.arg == e.id:
                    if arg.annotation is not None:
                        return unparse(arg.annotation)
                    use = facts.uses.get(e.id, Use())
                    vocab = ML_PARAMS.get(e.id) if vocabulary_applies(e.id, use, node) else None
                    return vocab[0] if vocab and vocab[0] else ""
        val = facts.local_assign.get(e.id)
        if val is not None and val is not e:
            return _expr_type(val, facts, node, cls, depth + 1)
        return ""
    if isinstance(e, ast.Call):
        name = dotted_name(e.func, through_calls=True)
        short = name.rsplit(".", 1)[-1]
        if name in _CALL_TYPES:
            return _CALL_TYPES[name]
        if short in _CALL_TYPES and (short in ("startswith", "endswith", "join", "format")):
            return _CALL_TYPES[short]
        if name.startswith("np.") or name.startswith("numpy."):
            return ""
        if short[:1].isupper() and not short.isupper() and "." not in name:
            return short
        return ""
    return ""


def _is_trivial(e: ast.expr) -> bool:
    return isinstance(e, (ast.Constant, ast.Name, ast.Attribute)) or (
        isinstance(e, ast.Subscript) and isinstance(e.value, (ast.Name, ast.Attribute))
    )


def _value_description(e: ast.expr, facts: Facts, node: Def, cls: ast.ClassDef | None) -> str:
    if isinstance(e, ast.Name):
        if e.id == "self":
            return (
                "The fitted estimator."
                if node.name.startswith(("fit", "partial_fit"))
                else "The instance itself, for chaining calls."
            )
        if e.id in param_names(node):
            if _rebound(node, e.id):
                return ""  # reassigned in the body: what is returned is no longer the argument
            if e.id in facts.uses and facts.uses[e.id].subscripted:
                return f"The `{e.id}` argument, updated."
            return f"The `{e.id}` argument."
        val = facts.local_assign.get(e.id)
        if isinstance(val, ast.Call):
            callee = dotted_name(val.func, through_calls=True)
            if callee and len(callee) <= 40:
                return f"The {name_prose(e.id)}, as computed by `{callee}`."
        return ""  # a local variable's name alone: restating it says nothing
    if isinstance(e, ast.Constant):
        r = repr(e.value)
        return f"Always `{r}`." if len(r) <= 30 else "A constant value."
    if isinstance(e, (ast.Compare, ast.BoolOp)) or (
        isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not)
    ):
        src = unparse(e)
        if len(src) <= 50:
            return f"`True` if `{src}`, else `False`."
        return "Whether the condition holds."
    if isinstance(e, ast.Attribute):
        src = unparse(e)
        if len(src) <= 40:
            return f"The value of `{src}`."
    if isinstance(e, ast.Call):
        callee = dotted_name(e.func, through_calls=True)
        short = callee.rsplit(".", 1)[-1]
        if (
            callee in ("float", "int", "str", "bool", "list", "tuple", "dict", "set")
            and len(e.args) == 1
            and not e.keywords
        ):
            inner = _value_description(e.args[0], facts, node, cls)
            if inner:
                noun = {"str": "text", "bool": "boolean", "int": "integer"}.get(callee, callee)
                return f"{inner.rstrip('.')}, as {_a_or_an(noun)} {noun}."
        if callee == "len" and len(e.args) == 1:
            src = unparse(e.args[0])
            if len(src) <= 40:
                return f"The length of `{src}`."
        if short[:1].isupper() and not short.isupper():
            return f"A new `{short}` instance." if len(short) <= 40 else "A new instance."
        if callee and len(callee) <= 40 and _informative_callee(callee):
            return f"The result of `{callee}`."
    if isinstance(e, ast.Dict):
        keys = [k.value for k in e.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        if keys and len(keys) == len(e.keys):
            shown = ", ".join(f"`{k}`" for k in keys[:4])
            return f"Mapping with the keys {shown}{', ...' if len(keys) > 4 else ''}."
        return "The mapping built from the inputs."
    if isinstance(e, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
        it = unparse(e.generators[0].iter)
        if len(it) <= 40:
            return f"One item for each element of `{it}`."
    if isinstance(e, ast.JoinedStr):
        return "The formatted text."
    if isinstance(e, ast.Tuple):
        return f"A tuple of {len(e.elts)} values."
    if isinstance(e, ast.BinOp):
        src = unparse(e)
        if len(src) <= 50:
            return f"The value of `{src}`."
    if isinstance(e, ast.Subscript):
        src = unparse(e)
        if len(src) <= 40:
            return f"The item `{src}`."
    return ""


def _rebound(node: Def, name: str) -> bool:
    """Whether the body assigns to `name` anywhere (`X = ...`, `X, y = ...`, `for X in`)."""
    return any(
        isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
        for stmt in node.body
        for n in ast.walk(stmt)
    )


def _common_tuple(values: list[ast.expr]) -> list[ast.expr] | None:
    if not values or not all(isinstance(v, ast.Tuple) for v in values):
        return None
    first = values[0]
    assert isinstance(first, ast.Tuple)
    n = len(first.elts)
    tuples = [v for v in values if isinstance(v, ast.Tuple)]
    if (
        n < 2
        or any(len(v.elts) != n for v in tuples)
        or any(isinstance(e, ast.Starred) for e in first.elts)
    ):
        return None
    if len(values) > 1:
        names = [tuple(unparse(x) for x in v.elts) for v in values]  # type: ignore[attr-defined]
        if len(set(names)) > 1:
            return None
    return list(first.elts)


def _generator_kind(ann: ast.expr) -> bool:
    base = ann.value if isinstance(ann, ast.Subscript) else ann
    return dotted_name(base, through_calls=True).rsplit(".", 1)[-1] in (
        "Generator",
        "Iterator",
        "Iterable",
        "AsyncGenerator",
        "AsyncIterator",
        "AsyncIterable",
    )


def _generator_return(ann: ast.expr) -> str | None:
    if (
        isinstance(ann, ast.Subscript)
        and dotted_name(ann.value, through_calls=True).rsplit(".", 1)[-1] == "Generator"
    ):
        sl = ann.slice
        if isinstance(sl, ast.Tuple) and len(sl.elts) == 3 and not _is_none(sl.elts[2]):
            return unparse(sl.elts[2])
    return None


def _yield_type_from_annotation(ann: ast.expr) -> str:
    if isinstance(ann, ast.Subscript) and _generator_kind(ann):
        sl = ann.slice
        if isinstance(sl, ast.Tuple) and sl.elts:
            return unparse(sl.elts[0])
        return unparse(sl)
    return ""


def _raise_condition(r: RaiseFact) -> str:
    conds = [c for c in r.conditions if c]
    if r.handler:
        where = f"`{r.handler}` fails" if len(r.handler) <= 40 else "the guarded call fails"
        conds.append(f"__handler__{where}")
    if not conds:
        if r.message:
            return _message_condition(r.message)
        return ""
    said = _message_condition(r.message) if r.message else ""
    shown = []
    for c in conds[-2:]:
        if c.startswith("__handler__"):
            shown.append(c[len("__handler__") :])
        elif len(c) <= 60:
            shown.append(f"`{c}`")
        else:
            return said or "If the input is invalid."
    text = "If " + " and ".join(shown) + "."
    if said:
        text = text.rstrip(".") + f', with the message "{_message_text(r.message)}".'
    return text


def _message_text(message: str) -> str:
    return " ".join(message.split()).strip().rstrip(".:").replace("`", "'").replace('"', "'")


def _message_condition(message: str) -> str:
    text = _message_text(message)
    if not text or len(text) > 70 or "{" in text or "\\" in text:
        return ""
    return f'With the message "{text}".'


def _join_conditions(conds: list[str]) -> str:
    if len(conds) == 1:
        return conds[0]
    body = [c.rstrip(".") for c in conds[:3]]
    joined = "; or ".join(
        body[:1] + [b[0].lower() + b[1:] if b.startswith("If ") else b for b in body[1:]]
    )
    return joined + ("; or in other cases." if len(conds) > 3 else ".")


# ---------------------------------------------------------------- classes


def _find_init(node: ast.ClassDef) -> Def | None:
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "__init__":
            return stmt
    return None


def _class_body_assignments(stmt: ast.stmt) -> list[tuple[str, ast.expr | None, ast.expr | None]]:
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return [(stmt.target.id, stmt.annotation, stmt.value)]
    if isinstance(stmt, ast.Assign):
        return [(t.id, None, stmt.value) for t in stmt.targets if isinstance(t, ast.Name)]
    return []


def _attribute_description(
    name: str, value: ast.expr | None, ann: ast.expr | None, facts: Facts | None = None
) -> str:
    # no vocabulary here: nothing shows how an attribute is used, so its meaning is not guessed
    pattern = _pattern_description(name, "")
    if pattern:
        return pattern
    if value is not None:
        if isinstance(value, ast.Call):
            callee = dotted_name(value.func, through_calls=True)
            if callee.rsplit(".", 1)[-1] == "field":
                return ""
            if callee and len(callee) <= 40:
                return f"Built with `{callee}` when the object is created."
        src = unparse(value)
        if src and len(src) <= 40:
            return f"Initially `{src}`."
    return ""
