"""The command-line layer: ``cadreplan demo | synth | validate | allocate | explain``.

A thin layer over the library: every command does what a few calls of the
public API do. [`main`][cadreplan.cli.main] runs one in-process and returns
its exit status, as the ``cadreplan`` script does; [`script`][cadreplan.cli.script]
is that script (the same, with the garbage collector paused).
"""

from cadreplan.cli._main import main, script

__all__ = ["main", "script"]
