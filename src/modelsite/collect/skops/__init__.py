"""The `.skops` model reader: what a model file holds, read without skops and without
constructing anything.

- `archive`: a minimal bounded zip reader (the directory, and members under a size cap);
- `document`: the whole-document path: `open_skops` reads `schema.json` and `modelsite.json`
  whole, with the file's SHA-256 computed beside it (`FileDigest`);
- `audit`: `Auditor`/`audit_schema`, the walk that mirrors `skops.io.get_untrusted_types`;
- `stream`: `stream_skops`, the same result read as the schema is inflated, holding only a
  window of text; it returns a `Fallback` (with its reason) where only the whole-document path
  gives exactly skops' result.

`modelsite.collect.model` joins them; `modelsite.collect.estimator_tree` reads parameters off
the audited schema. Nothing in this package imports skops, numpy or scikit-learn.
"""
