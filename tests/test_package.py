"""The package itself: its version and what importing it does."""

from __future__ import annotations

from importlib.metadata import version

import pytest

import cadreplan


def test_version_is_the_installed_distribution() -> None:
    """``cadreplan.__version__`` is the version pip installed."""
    assert version("cadreplan") == cadreplan.__version__


def test_unknown_attribute_is_an_attribute_error() -> None:
    """A missing attribute raises AttributeError, so ``hasattr`` and ``getattr`` work."""
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        cadreplan.nothing_here  # type: ignore[attr-defined]  # noqa: B018
