"""Property tests of the summary sentences on random names (issue 14, item 4).

Names are drawn from verbs, nouns, prepositions, abbreviations and single letters, in
snake_case and CamelCase, with a few bodies; every generated summary must read as a sentence:
no "the <verb>" ("Compute the cross validate"), no dangling function word ("Process the data
with."), no "number of" without its article, no bare name for a class.
"""

from __future__ import annotations

import ast
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelsite.docstrings.generate import plan_module
from modelsite.docstrings.words import split_name

VERBS = ["fit", "resample", "validate", "compute", "get", "load", "transform", "encode", "plot"]
NOUNS = ["data", "model", "scores", "encoder", "cross", "feature", "sampler", "items", "cols"]
SMALL = ["with", "to", "from", "of", "for", "and", "n", "num", "max", "is", "has", "base", "X"]
POOL = VERBS + NOUNS + SMALL
BODIES = [
    "return {p}",
    "print({p})",
    "self.value = {p}",
    "return helper({p})",
    "yield {p}",
    "pass",
    "return {p} + 1",
]
DANGLING = {"with", "to", "from", "of", "for", "and", "or", "the", "a", "an", "by", "on", "in"}
VERB_ENDINGS = {"validate", "resample", "transform", "encode", "compute"}

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

words_st = st.lists(st.sampled_from(POOL), min_size=1, max_size=4)
params_st = st.lists(st.sampled_from(["x", "X", "y", "other", "path", "model"]), max_size=3)


def snake(words: list[str]) -> str:
    return "_".join(w if w == "X" else w.lower() for w in words)


def camel(words: list[str]) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words)


def summaries(code: str) -> dict[str, str]:
    tree = ast.parse(code)
    return {p.target.qualname: p.parts.summary for p in plan_module(tree, "pkg.mod", style="numpy")}


def check_sentence(text: str, name: str, *, bare_verb_ok: bool = False) -> None:
    assert text and (text[0].isupper() or text[0] == "`") and text.endswith("."), text
    assert not text.endswith(".."), text
    assert "  " not in text and "``" not in text, text
    words = re.findall(r"[`\w'-]+", text.rstrip("."))
    assert words, text
    assert words[-1].lower() not in DANGLING, f"{text!r} ends on a function word"
    low = text.lower()
    for bad in ("the the", "a the", "the a ", " for number of", " of number of"):
        assert bad not in low, text
    # "the <verb>" at the end: a verb used as a noun ("Compute the cross validate")
    m = re.search(r"\bthe ((?:\w+ )*)(\w+)\.$", text)
    if m and m.group(2).lower() in VERB_ENDINGS and not m.group(1):
        raise AssertionError(f"{text!r} treats a verb as a noun")
    assert not re.search(r"\bthe (?:\w+ )?(validate|resample)\b", low), text
    ws = [w.lower() for w in split_name(name)]
    if bare_verb_ok and (ws[0] in VERBS or ws[-1] in VERBS):
        return  # `def fit(): ...` -> "Fit.": already an imperative, nothing known to act on
    assert text.rstrip(".").lower() != " ".join(split_name(name)).lower(), (
        f"{text!r} is the bare name"
    )


@SETTINGS
@given(words=words_st, params=params_st, body=st.sampled_from(BODIES))
def test_function_summaries_are_sentences(words: list[str], params: list[str], body: str) -> None:
    name = snake(words)
    if not name.isidentifier() or name.startswith("_") or name[0].isdigit():
        return
    ps = list(dict.fromkeys(params))
    p = ps[0] if ps else "1"
    code = f"def {name}({', '.join(ps)}):\n    {body.format(p=p)}\n"
    if body.startswith("self."):
        code = (
            f"class Holder:\n    def {name}(self, {', '.join(ps)}):\n        {body.format(p=p)}\n"
        )
    try:
        ast.parse(code)
    except SyntaxError:
        return
    got = summaries(code)
    qual = f"Holder.{name}" if body.startswith("self.") else name
    if qual in got:
        check_sentence(got[qual], name, bare_verb_ok=True)


@SETTINGS
@given(
    words=words_st,
    base=st.sampled_from(["", "ABC", "TransformerMixin", "BaseEstimator", "object"]),
    methods=st.lists(st.sampled_from(["fit", "transform", "predict", "run", "fit_resample"])),
    attrs=st.lists(st.sampled_from(["alpha", "cols", "k"]), max_size=3),
)
def test_class_summaries_are_sentences_and_never_the_bare_name(
    words: list[str], base: str, methods: list[str], attrs: list[str]
) -> None:
    name = camel(words)
    if not name.isidentifier():
        return
    lines = [f"class {name}({base}):" if base else f"class {name}:"]
    attrs = list(dict.fromkeys(attrs))
    if attrs:
        lines.append(f"    def __init__(self, {', '.join(attrs)}):")
        lines += [f"        self.{a} = {a}" for a in attrs]
    for m in dict.fromkeys(methods):
        lines += [f"    def {m}(self, X):", "        return X"]
    if len(lines) == 1:
        lines.append("    pass")
    got = summaries("\n".join(lines) + "\n")
    check_sentence(got[name], name)


def test_the_cases_named_in_the_issue() -> None:
    got = summaries(
        "def cross_validate(model, X, y):\n    return helper(model, X, y)\n"
        "def process_data_with(x):\n    return x\n"
        "def fit_resample(X, y):\n    return X, y\n"
        "class BaseNEncoder:\n    pass\n"
        "class OneHotEncoder:\n    def fit(self, X):\n        return self\n"
        "    def transform(self, X):\n        return X\n"
    )
    assert got["cross_validate"] == "Cross validate `X` and `y`."
    assert got["process_data_with"] == "Process the data with `x`."
    assert got["fit_resample"] == "Fit and resample `X` and `y`."
    assert got["BaseNEncoder"] == "Base class for `N` encoders."
    assert got["OneHotEncoder"] == "One hot encoder: a transformer."
