"""Analyses of a model that several rules and reporters share, each computed once per model.

Each one keeps its typed result with the model (``Model.derived``), so it lives as
long as the model and no longer. The host imports none of its plugins: an analysis
lives here when a reporter needs it too.
"""
