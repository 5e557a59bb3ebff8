"""``mllint fix``: repair what is mechanical, prove it, write it without losing anything.

- :mod:`.fix`: what a fix is (``Fix``: name, description, fixer);
- :mod:`.registry`: the fixes by name, in run order; a rule names the one that repairs its findings
  and its applicability, safe or unsafe (``fixer=``, ``fix_applicability=`` in :mod:`mllint.rule`);
- :mod:`.spec_versions`, :mod:`.nms_float32`, :mod:`.metadata`: the fixes;
- :mod:`.model_files`: read a spec, write the fixed one atomically, every other file kept;
- :mod:`.changes`: what changed, field by field (``--diff``);
- :mod:`.runner`: fix one model, lint it again, run the validator, write or refuse;
- :mod:`.command`: the command's options and output.
"""
