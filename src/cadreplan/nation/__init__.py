"""The nation layer: many regional plans at once (not built yet).

Planning a nation's regions together, with national dispatch quotas (调训)
apportioned across them and each region planned as a task on Dask, will live
here, above the reports it summarizes with and below the command line.
"""

__all__: list[str] = []
