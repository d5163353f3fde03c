"""A tiny package so the hostile project is a training project modelsite can document."""


def fit(X, y):
    """Fit nothing <script>alert('docstring')</script> {{ 7*7 }} | a | b."""
    return X, y
