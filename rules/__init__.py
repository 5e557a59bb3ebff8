"""mllint's built-in rules, one module per rule family.

Each module is a plugin registered through the ``mllint`` entry-point group in
``pyproject.toml`` (installed as the ``mllint_rules`` package), exactly as a
third-party rule package would be.
"""
