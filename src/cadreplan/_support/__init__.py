"""The support floor, private: what every layer above uses and no domain knows.

Field validators and converters for the model classes (`checks`), grouping
of a plan's collections (`grouping`), plain-text layout that counts terminal
columns (`layout`), and the garbage-collector pause a caller may ask for
(`gcpause`). Its modules are its face: the layers above import them by name
(``from cadreplan._support import checks``). Nothing here is public API but
`gcpause.paused_gc`, which the top-level package exports as `cadreplan.paused_gc`.
"""

__all__: list[str] = []
