"""The datasets layer: ready-made plans, the embedded demo region and a seeded generator.

- [`demo_region`][cadreplan.datasets.demo_region] returns a small, realistic
  and consistent plan for the year 2024, built from the figures and names of
  the source report: a Tibetan region with three prefectures, about 300
  cadres, programs of all seven tiers, requirements, history, quotas and
  practice posts.
- [`synthetic_region`][cadreplan.datasets.synthetic_region] generates a plan of
  the same shape at any size, from a few cadres to millions, deterministically
  for a given seed: by default the scale of the source's region (7 prefectures,
  74 counties, about 700 townships, 5,400 villages and 140,000 cadres).

Both are pure functions of their arguments: no files, no global random state,
no cache shared between calls. Documentation, examples, tests and benchmarks
use them, so nobody needs real personal data to learn, test or measure
cadreplan.

Examples:
    >>> from cadreplan.datasets import demo_region, synthetic_region
    >>> len(demo_region().cadres) > 250
    True
    >>> synthetic_region(500, seed=1) == synthetic_region(500, seed=1)
    True
"""

from cadreplan.datasets._demo import demo_region
from cadreplan.datasets._synthetic import synthetic_region

__all__ = ["demo_region", "synthetic_region"]
