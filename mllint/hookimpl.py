"""The marker plugins use on their hook functions: ``@mllint.hookimpl``."""

import pluggy

hookimpl = pluggy.HookimplMarker("mllint")
