"""``mllint fix``: repair what is mechanical, prove it, write it without losing anything.

- :mod:`.fix`: what a fix is (``Fix``: name, applicability safe/unsafe, description, fixer);
- :mod:`.registry`: which rule codes each fix repairs (a table keyed by code);
- :mod:`.spec_versions`, :mod:`.nms_float32`, :mod:`.metadata`: the fixes;
- :mod:`.model_files`: read a spec, write the fixed one atomically, every other file kept;
- :mod:`.changes`: what changed, field by field (``--diff``);
- :mod:`.runner`: fix one model, lint it again, run the validator, write or refuse;
- :mod:`.command`: the command's options and output.
"""
