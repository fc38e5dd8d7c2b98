"""Configuration shared by the tests: the hypothesis settings profiles.

The profile comes from the ``HYPOTHESIS_PROFILE`` environment variable:

- ``dev`` (the default): hypothesis' default settings, without a deadline;
- ``fast``: 20 examples per test, for a quick local loop;
- ``ci``: 25 examples, derandomized so that every CI run tries the same
  examples, and a failure prints the blob that reproduces it. CI runs the
  whole suite with coverage on two shared cores within its time budget; the
  ``dev`` profile, the default of a plain ``pytest``, tries 100 examples of
  every property.

Deadlines are off in every profile: timing belongs to the benchmarks, and a
deadline on a shared two-core CI machine only produces flaky failures.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", deadline=None)
settings.register_profile("fast", max_examples=20, deadline=None)
settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
