"""The support floor, private: what every layer above uses and no domain knows.

Field validators and converters for the model classes (`checks`), grouping
of a plan's collections (`grouping`), plain-text layout that counts terminal
columns (`layout`), and the garbage-collector pause of bulk work
(`gcpause`). Its modules are its face: the layers above import them by name
(``from cadreplan._support import checks``). Nothing here is public API.
"""

__all__: list[str] = []
