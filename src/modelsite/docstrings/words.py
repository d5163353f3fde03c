"""Words: split identifiers, the verbs they start with, and the machine-learning vocabulary.

Everything the generator says about a name that it cannot see in the code comes from here, so
the vocabulary is reviewed in one place.
"""

from __future__ import annotations

import re

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")

# Abbreviations spelled out in prose (identifier word -> words).
ABBREVIATIONS: dict[str, str] = {
    # only the unambiguous ones: authors mostly keep identifier words as they are
    "n": "number of", "num": "number of", "nb": "number of", "idx": "index",
    "est": "estimator", "clf": "classifier", "cfg": "configuration", "conf": "configuration",
    "fn": "function", "func": "function", "tmp": "temporary", "kwargs": "keyword arguments",
    "msg": "message", "dir": "folder", "df": "data frame", "attr": "attribute",
    "attrs": "attributes", "rng": "random number generator", "hparams": "hyperparameters",
}

# Acronyms kept upper-case in prose.
ACRONYMS = {"pca", "svm", "svc", "svd", "nmf", "lda", "qda", "knn", "roc", "auc", "mse", "mae",
            "rmse", "csv", "json", "yaml", "html", "url", "uri", "id", "ids", "api", "cpu",
            "gpu", "io", "ml", "nan", "sql", "xml", "pdf", "png", "svg", "http", "ica", "tsne",
            "umap", "rbf", "ovr", "ovo", "sgd", "lbfgs", "cd", "em", "gmm", "hmm", "tf", "idf",
            "ram", "os", "ui", "uuid", "utf", "dpi", "r2", "bic", "aic", "pls", "cca", "ard",
            "omp", "lars", "mcd", "kde", "bfs", "dfs", "dag", "uid", "ascii", "skops"}

# Verbs an identifier may start with; value is the imperative used in a summary.
VERBS: dict[str, str] = {
    "get": "Get", "fetch": "Fetch", "set": "Set", "is": "Check whether", "has":
    "Check whether", "can": "Check whether", "should": "Decide whether", "to": "Convert to",
    "as": "Convert to", "from": "Build from", "iter": "Iterate over", "calc": "Compute",
    "calculate": "Compute", "compute": "Compute", "gen": "Generate", "init": "Initialize",
    "initialize": "Initialize", "make": "Make", "build": "Build", "create": "Create",
    "load": "Load", "read": "Read", "save": "Save", "write": "Write", "dump": "Dump",
    "fit": "Fit", "predict": "Predict", "transform": "Transform", "plot": "Plot",
    "draw": "Draw", "check": "Check", "validate": "Validate", "verify": "Verify",
    "ensure": "Ensure", "parse": "Parse", "update": "Update", "run": "Run", "train": "Train",
    "evaluate": "Evaluate", "score": "Score", "apply": "Apply", "split": "Split",
    "add": "Add", "remove": "Remove", "delete": "Delete", "format": "Format",
    "print": "Print", "log": "Log", "download": "Download", "preprocess": "Preprocess",
    "clean": "Clean", "convert": "Convert", "generate": "Generate", "sample": "Sample",
    "select": "Select", "filter": "Filter", "register": "Register", "reset": "Reset",
    "encode": "Encode", "decode": "Decode", "normalize": "Normalize", "scale": "Scale",
    "find": "Find", "search": "Search", "sort": "Sort", "merge": "Merge", "join": "Join",
    "copy": "Copy", "clone": "Clone", "render": "Render", "export": "Export",
    "import": "Import", "install": "Install", "open": "Open", "close": "Close",
    "start": "Start", "stop": "Stop", "handle": "Handle", "process": "Process",
    "extract": "Extract", "collect": "Collect", "count": "Count", "estimate": "Estimate",
    "infer": "Infer", "resolve": "Resolve", "describe": "Describe", "summarize": "Summarize",
    "summarise": "Summarize", "show": "Show", "display": "Display", "test": "Test",
    "assert": "Assert", "raise": "Raise", "warn": "Warn", "emit": "Emit", "send": "Send",
    "store": "Store", "cache": "Cache", "wrap": "Wrap", "unwrap": "Unwrap",
    "decorate": "Decorate", "call": "Call", "invoke": "Invoke", "dispatch": "Dispatch",
    "map": "Map", "reduce": "Reduce", "aggregate": "Aggregate", "group": "Group",
    "partition": "Partition", "shuffle": "Shuffle", "permute": "Permute", "resample":
    "Resample", "impute": "Impute", "fill": "Fill", "pad": "Pad", "crop": "Crop",
    "resize": "Resize", "reshape": "Reshape", "flatten": "Flatten", "stack": "Stack",
    "concat": "Concatenate", "concatenate": "Concatenate", "append": "Append",
    "insert": "Insert", "replace": "Replace", "rename": "Rename", "move": "Move",
    "prepare": "Prepare", "setup": "Set up", "configure": "Configure", "tune": "Tune",
    "optimize": "Optimize", "minimize": "Minimize", "maximize": "Maximize",
    "solve": "Solve", "project": "Project", "predict_proba": "Predict probabilities for",
    "decision": "Compute the decision", "inverse": "Invert", "partial": "Partially",
    "reconstruct": "Reconstruct", "embed": "Embed", "cluster": "Cluster",
    "classify": "Classify", "rank": "Rank", "sum": "Sum",
    "normalise": "Normalize", "standardize": "Standardize",
    "binarize": "Binarize", "discretize": "Discretize", "smooth": "Smooth",
    "interpolate": "Interpolate", "approximate": "Approximate", "derive": "Derive",
    "differentiate": "Differentiate", "integrate": "Integrate", "learn": "Learn",
    "use": "Use", "allow": "Allow", "enable": "Enable", "disable": "Disable",
    "toggle": "Toggle", "mark": "Mark", "flag": "Flag", "tag": "Tag", "label": "Label",
    "annotate": "Annotate", "document": "Document", "report": "Report", "record": "Record",
    "track": "Track", "monitor": "Monitor", "measure": "Measure", "time": "Time",
    "benchmark": "Benchmark", "profile": "Profile", "debug": "Debug", "fix": "Fix",
    "patch": "Patch", "mock": "Mock", "skip": "Skip", "yield": "Yield", "accept": "Accept",
    "reject": "Reject", "compare": "Compare", "match": "Match", "detect": "Detect",
    "identify": "Identify", "lookup": "Look up", "look": "Look", "list": "List",
    "define": "Define", "declare": "Declare", "construct": "Construct", "assemble":
    "Assemble", "compose": "Compose", "combine": "Combine", "attach": "Attach",
    "detach": "Detach", "bind": "Bind", "connect": "Connect", "disconnect": "Disconnect",
    "refresh": "Refresh", "reload": "Reload", "restore": "Restore", "recover": "Recover",
    "retry": "Retry", "wait": "Wait", "sleep": "Sleep", "schedule": "Schedule",
    "serialize": "Serialize", "deserialize": "Deserialize", "pickle": "Pickle",
    "unpickle": "Unpickle", "compress": "Compress", "decompress": "Decompress",
    "hash": "Hash", "sign": "Sign", "encrypt": "Encrypt", "decrypt": "Decrypt",
    "quote": "Quote", "escape": "Escape", "unescape": "Unescape", "strip": "Strip",
    "trim": "Trim", "truncate": "Truncate", "tokenize": "Tokenize", "vectorize":
    "Vectorize", "densify": "Densify", "sparsify": "Sparsify", "shrink": "Shrink",
    "grow": "Grow", "expand": "Expand", "prune": "Prune", "limit": "Limit", "clip": "Clip",
    "round": "Round", "cast": "Cast", "coerce": "Coerce", "check_is": "Check whether",
    "visit": "Visit", "walk": "Walk", "traverse": "Traverse", "enter": "Enter",
    "exit": "Exit", "leave": "Leave", "push": "Push", "pop": "Pop", "peek": "Peek",
    "increment": "Increment", "decrement": "Decrement", "raise_": "Raise",
}

# Parameter names with a fixed meaning in the scikit-learn ecosystem: name -> (type, text).
ML_PARAMS: dict[str, tuple[str, str]] = {
    "X": ("array-like of shape (n_samples, n_features)", "Input samples, one row per sample."),
    "x": ("array-like", "Input values."),
    "y": ("array-like of shape (n_samples,)", "Target values, one per sample."),
    "Y": ("array-like of shape (n_samples, n_targets)", "Target values, one row per sample."),
    "X_train": ("array-like of shape (n_samples, n_features)", "Training samples."),
    "X_test": ("array-like of shape (n_samples, n_features)", "Held-out test samples."),
    "X_val": ("array-like of shape (n_samples, n_features)", "Validation samples."),
    "X_valid": ("array-like of shape (n_samples, n_features)", "Validation samples."),
    "y_train": ("array-like of shape (n_samples,)", "Training targets."),
    "y_test": ("array-like of shape (n_samples,)", "Targets of the held-out test samples."),
    "y_val": ("array-like of shape (n_samples,)", "Validation targets."),
    "y_true": ("array-like of shape (n_samples,)", "Ground-truth (correct) target values."),
    "y_pred": ("array-like of shape (n_samples,)", "Predicted target values."),
    "y_score": ("array-like of shape (n_samples,)",
                "Predicted scores: probability estimates or decision values."),
    "y_prob": ("array-like of shape (n_samples,)", "Predicted probabilities."),
    "y_proba": ("array-like of shape (n_samples,)", "Predicted probabilities."),
    "sample_weight": ("array-like of shape (n_samples,)",
                      "Weight of each sample; `None` weighs all samples equally."),
    "sample_weights": ("array-like of shape (n_samples,)", "Weight of each sample."),
    "class_weight": ("dict or str", "Weights associated with the classes."),
    "random_state": ("int, RandomState instance or None",
                     "Seed or random number generator controlling the randomness; "
                     "pass an int for reproducible output."),
    "seed": ("int", "Seed of the random number generator, for reproducible output."),
    "rng": ("numpy.random.Generator", "Random number generator to draw from."),
    "n_jobs": ("int", "Number of jobs to run in parallel; -1 uses all processors."),
    "verbose": ("int", "Verbosity level; higher values print more progress messages."),
    "test_size": ("float or int",
                  "Share (float in (0, 1)) or number (int) of samples held out for testing."),
    "train_size": ("float or int",
                   "Share (float in (0, 1)) or number (int) of samples used for training."),
    "estimator": ("estimator object", "The scikit-learn estimator to use."),
    "estimators": ("list of estimators", "The scikit-learn estimators to use."),
    "base_estimator": ("estimator object", "The base estimator to build on."),
    "model": ("estimator object", "The model to use."),
    "clf": ("estimator object", "The classifier to use."),
    "classifier": ("estimator object", "The classifier to use."),
    "regressor": ("estimator object", "The regressor to use."),
    "pipeline": ("Pipeline", "The pipeline of transforms and final estimator."),
    "pipe": ("Pipeline", "The pipeline of transforms and final estimator."),
    "transformer": ("transformer object", "The transformer to apply."),
    "cv": ("int, cross-validation generator or iterable",
           "Cross-validation splitting strategy, or the number of folds."),
    "n_splits": ("int", "Number of folds."),
    "n_folds": ("int", "Number of folds."),
    "scoring": ("str or callable", "Scoring method used to evaluate predictions."),
    "metric": ("str or callable", "Metric used to compare samples or predictions."),
    "metrics": ("dict", "Evaluation metrics by name."),
    "n_estimators": ("int", "Number of estimators (e.g. trees) in the ensemble."),
    "n_components": ("int", "Number of components to keep."),
    "n_features": ("int", "Number of features."),
    "n_samples": ("int", "Number of samples."),
    "n_classes": ("int", "Number of classes."),
    "n_neighbors": ("int", "Number of neighbors to use."),
    "n_clusters": ("int", "Number of clusters to form."),
    "n_iter": ("int", "Number of iterations."),
    "max_iter": ("int", "Maximum number of iterations."),
    "max_depth": ("int or None", "Maximum depth of a tree; `None` means unlimited."),
    "tol": ("float", "Tolerance of the stopping criterion."),
    "alpha": ("float", "Regularization strength."),
    "C": ("float", "Inverse of the regularization strength."),
    "learning_rate": ("float", "Learning rate (step size) of the updates."),
    "fit_intercept": ("bool", "Whether to fit an intercept term."),
    "normalize": ("bool", "Whether to normalize the input."),
    "shuffle": ("bool", "Whether to shuffle the data before splitting or iterating."),
    "stratify": ("array-like or None", "Class labels to stratify the split by."),
    "copy": ("bool", "Whether to work on a copy instead of modifying the input in place."),
    "deep": ("bool", "Whether to include the parameters of nested estimators."),
    "classes": ("array-like", "Class labels."),
    "labels": ("array-like", "Labels to use."),
    "target_names": ("list of str", "Names of the target classes."),
    "feature_names": ("list of str", "Names of the features."),
    "feature_names_in": ("list of str", "Names of the input features."),
    "input_features": ("array-like of str or None", "Names of the input features."),
    "axis": ("int", "Axis along which to operate."),
    "dtype": ("data-type", "Data type of the output."),
    "n_bins": ("int", "Number of bins."),
    "bins": ("int or sequence", "Bins, or the number of bins."),
    "ax": ("matplotlib.axes.Axes", "Axes to draw on."),
    "fig": ("matplotlib.figure.Figure", "Figure to draw on."),
    "figsize": ("tuple of float", "Figure size in inches, (width, height)."),
    "title": ("str", "Title to show."),
    "path": ("str or path-like", "Path of the file."),
    "filename": ("str or path-like", "Name of the file."),
    "filepath": ("str or path-like", "Path of the file."),
    "file": ("file-like or str", "File to use."),
    "output": ("str or path-like", "Where to write the output."),
    "output_dir": ("str or path-like", "Folder to write the output to."),
    "out_dir": ("str or path-like", "Folder to write the output to."),
    "data_dir": ("str or path-like", "Folder holding the data."),
    "data_home": ("str or path-like", "Folder to cache the data sets in."),
    "root": ("str or path-like", "Root folder."),
    "config": ("dict", "Configuration settings."),
    "params": ("dict", "Parameters by name."),
    "param_grid": ("dict or list of dict", "Parameter names mapped to the values to try."),
    "kwargs": ("dict", "Extra keyword arguments."),
    "args": ("tuple", "Extra positional arguments."),
    "df": ("pandas.DataFrame", "Input data frame."),
    "data": ("array-like", "Input data."),
    "dataset": ("object", "The data set."),
    "batch_size": ("int", "Number of samples per batch."),
    "epochs": ("int", "Number of passes over the training data."),
    "n_epochs": ("int", "Number of passes over the training data."),
    "threshold": ("float", "Decision threshold."),
    "eps": ("float", "Small value that avoids division by zero or sets a tolerance."),
    "logger": ("logging.Logger", "Logger to report progress to."),
    "name": ("str", "Name to use."),
    "names": ("list of str", "Names to use."),
    "key": ("str", "Key to look up."),
    "value": ("object", "Value to set."),
    "values": ("array-like", "Values to use."),
    "weights": ("array-like", "Weights to use."),
    "n_repeats": ("int", "Number of times to repeat."),
    "quantile": ("float", "Quantile to compute, between 0 and 1."),
    "degree": ("int", "Degree of the polynomial."),
    "kernel": ("str or callable", "Kernel to use."),
    "gamma": ("float", "Kernel coefficient."),
    "penalty": ("str", "Norm used in the penalization."),
    "solver": ("str", "Algorithm used in the optimization."),
    "criterion": ("str", "Function measuring the quality of a split."),
    "warm_start": ("bool", "Whether to reuse the solution of the previous call to fit."),
    "return_X_y": ("bool", "Whether to return `(data, target)` instead of a Bunch."),
    "as_frame": ("bool", "Whether to return pandas data frames instead of arrays."),
    "precompute": ("bool", "Whether to precompute the Gram matrix."),
    "max_features": ("int, float or str", "Number of features to consider."),
    "min_samples_split": ("int or float", "Minimum number of samples to split a node."),
    "min_samples_leaf": ("int or float", "Minimum number of samples in a leaf."),
    "self": ("", ""),
    "cls": ("", ""),
}


def split_name(name: str) -> list[str]:
    """Split an identifier (`snake_case`, `CamelCase`, `mixedCase`) into its words."""
    words: list[str] = []
    for part in name.strip("_").split("_"):
        if not part:
            continue
        if part.isupper() or part.islower() or part.isdigit():
            words.append(part)
        else:
            words.extend(_CAMEL.findall(part) or [part])
    return words


def prose(words: list[str], *, expand: bool = True) -> str:
    """Turn identifier words into readable prose: abbreviations spelled out, acronyms upper."""
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if expand and low in ABBREVIATIONS and not (
                ABBREVIATIONS[low] == "number of" and i == len(words) - 1):
            out.append(ABBREVIATIONS[low])
        elif low in ACRONYMS:
            out.append(low.upper())
        elif len(w) == 1 and w.isupper():
            out.append(f"`{w}`")
        elif w.isupper() and len(w) > 1:
            out.append(w)
        else:
            out.append(low)
    return " ".join(out).replace("number of of", "number of")


def name_prose(name: str) -> str:
    """Readable words for an identifier (`n_components` -> `number of components`)."""
    return prose(split_name(name))


def plural(noun: str) -> bool:
    """Guess whether a noun phrase's last word is plural."""
    last = noun.split()[-1] if noun.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "ys"))
