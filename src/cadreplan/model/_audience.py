"""Audiences: declarative selectors of cadres (培训对象)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from cadreplan._support import checks

if TYPE_CHECKING:
    import datetime as dt

    from cadreplan.model._people import Cadre
    from cadreplan.model._units import UnitTree

__all__ = ["Audience"]


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Audience:
    """Who may attend a program or falls under a requirement.

    Every criterion that is set must hold; an empty collection or ``None``
    bound leaves that criterion open, so ``Audience()`` selects everyone.

    Attributes:
        categories: Cadre category codes, any of which qualifies.
        ranks: Rank codes, any of which qualifies.
        units: Unit ids whose subtrees are in scope (a cadre of a unit below
            any of them qualifies).
        tags: Tags a cadre must all carry.
        min_age: Youngest age in whole years on the reference day, inclusive.
        max_age: Oldest age in whole years on the reference day, inclusive.
        min_potential: Lowest development-potential rating (1-5), inclusive.

    Examples:
        >>> Audience(categories={"village_cadre"}).is_open
        False
        >>> Audience().is_open
        True
    """

    categories: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    ranks: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    units: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    tags: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    min_age: int | None = attrs.field(default=None, validator=checks.optional_integer(0, 150))
    max_age: int | None = attrs.field(default=None, validator=checks.optional_integer(0, 150))
    min_potential: int | None = attrs.field(default=None, validator=checks.optional_integer(1, 5))

    @max_age.validator
    def _ages_ordered(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and self.min_age is not None and value < self.min_age:
            msg = f"'max_age' must be >= 'min_age' (got {value} < {self.min_age})"
            raise checks.FieldValueError(attribute.name, msg)

    @property
    def is_open(self) -> bool:
        """Whether this audience selects every cadre."""
        return not (
            self.categories
            or self.ranks
            or self.units
            or self.tags
            or self.min_age is not None
            or self.max_age is not None
            or self.min_potential is not None
        )

    @property
    def has_age_bounds(self) -> bool:
        """Whether ``min_age`` or ``max_age`` is set: only then does the day matter."""
        return self.min_age is not None or self.max_age is not None

    def fits_age(self, cadre: Cadre, /, on: dt.date) -> bool:
        """Return whether *cadre*'s age on day *on* is within the age bounds.

        Only the age bounds are checked (``True`` when there are none); a cadre
        without a birth date fails any bound.

        Examples:
            >>> import datetime as dt
            >>> from cadreplan import Cadre
            >>> young = Audience(max_age=35)
            >>> cadre = Cadre(id="c1", name="Dawa", unit="u", category="young_cadre",
            ...               rank="section_member", born_on=dt.date(1990, 7, 1))
            >>> young.fits_age(cadre, dt.date(2025, 6, 30))
            True
            >>> young.fits_age(cadre, dt.date(2026, 7, 1))
            False
        """
        if not self.has_age_bounds:
            return True
        age = cadre.age_on(on)
        if age is None:
            return False
        return (self.min_age is None or age >= self.min_age) and (
            self.max_age is None or age <= self.max_age
        )

    def matches(self, cadre: Cadre, /, *, units: UnitTree, on: dt.date) -> bool:
        """Return whether *cadre* belongs to this audience on day *on*.

        Args:
            cadre: The cadre to test.
            units: The plan's unit tree, for the unit scope (``plan.units_tree``).
            on: The reference day for age bounds.

        A cadre without a birth date fails any age bound, and one without a
        potential rating fails a potential bound: unknown is not eligible.
        """
        if not self.matches_traits(cadre, on):
            return False
        return not self.units or any(units.is_within(cadre.unit, root) for root in self.units)

    def matches_traits(self, cadre: Cadre, /, on: dt.date) -> bool:
        """Return whether *cadre* matches everything but the unit scope on day *on*.

        For callers that already know the cadre is inside the scope, such as
        an index of the scope's subtrees: ``matches`` is this and the scope.
        """
        if self.categories and cadre.category not in self.categories:
            return False
        if self.ranks and cadre.rank not in self.ranks:
            return False
        if self.tags and not self.tags <= cadre.tags:
            return False
        if self.min_potential is not None and (
            cadre.potential is None or cadre.potential < self.min_potential
        ):
            return False
        # The bounds test inline: fits_age is a call for every cadre of a region.
        return (self.min_age is None and self.max_age is None) or self.fits_age(cadre, on)
