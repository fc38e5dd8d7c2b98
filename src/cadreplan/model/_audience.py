"""Audiences: declarative selectors of cadres (培训对象)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

import attrs

from cadreplan._support import checks

if TYPE_CHECKING:
    import datetime as dt

    from cadreplan.model._people import Cadre
    from cadreplan.model._units import UnitTree

__all__ = ["Audience", "AudienceCondition", "AudienceMismatch"]

AudienceCondition = Literal[
    "categories", "ranks", "units", "tags", "min_age", "max_age", "min_potential"
]
"""The audience's fields that select cadres, in the order `Audience.why_not` tries them."""


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(repr(value) for value in values)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class AudienceMismatch:
    """The condition of an audience that a cadre fails, with what it asks and what was found.

    `Audience.why_not` returns one; ``str()`` words it.

    Attributes:
        condition: The audience's field that fails (``"categories"``,
            ``"ranks"``, ``"units"``, ``"tags"``, ``"min_age"``, ``"max_age"``
            or ``"min_potential"``).
        wanted: What the condition asks, as codes: the categories, ranks or
            units of the audience (sorted), or the tags the cadre lacks;
            empty for a bound.
        bound: The bound of ``min_age``, ``max_age`` or ``min_potential``.
        found: What the cadre has: their category, rank or unit, their age on
            the day asked about or their potential rating; ``None`` where it
            is unknown (no birth date, no rating) or, for tags, not needed.

    Examples:
        >>> import datetime as dt
        >>> from cadreplan import Cadre, Unit, UnitKind, UnitTree
        >>> cadre = Cadre(id="c1", name="Dawa", unit="u", category="village_cadre", rank="staff")
        >>> units = UnitTree([Unit(id="u", name="U", kind=UnitKind.VILLAGE)])
        >>> print(Audience(categories={"township_cadre"}).why_not(
        ...     cadre, units=units, on=dt.date(2024, 3, 1)))
        category 'village_cadre' is not one of 'township_cadre'
    """

    condition: AudienceCondition = attrs.field(
        validator=checks.one_of(*get_args(AudienceCondition))
    )
    wanted: tuple[str, ...] = attrs.field(
        default=(), converter=checks.to_tuple, validator=checks.identifiers
    )
    bound: int | None = attrs.field(default=None, validator=checks.optional_integer(0, 150))
    found: str | int | None = attrs.field(default=None)

    @found.validator
    def _found_type(self, attribute: attrs.Attribute[object], value: object) -> None:
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
            msg = f"'{attribute.name}' must be a string, an integer or None (got {value!r})"
            raise checks.FieldTypeError(attribute.name, msg)
        if isinstance(value, int):
            checks.integer()(self, attribute, value)

    def __str__(self) -> str:  # noqa: PLR0911 - one sentence per condition
        found = self.found
        if self.condition == "categories":
            return f"category {found!r} is not one of {_listed(self.wanted)}"
        if self.condition == "ranks":
            return f"rank {found!r} is not one of {_listed(self.wanted)}"
        if self.condition == "units":
            return f"unit {found!r} is not within {_listed(self.wanted)}"
        if self.condition == "tags":
            noun = "tag" if len(self.wanted) == 1 else "tags"
            return f"lacks the {noun} {_listed(self.wanted)}"
        if self.condition == "min_potential":
            if found is None:
                return f"has no potential rating (at least {self.bound} asked)"
            return f"potential {found} is below {self.bound}"
        if found is None:
            return "has no birth date (the audience has an age bound)"
        if self.condition == "min_age":
            return f"aged {found}, younger than {self.bound}"
        return f"aged {found}, older than {self.bound}"


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

    def why_not(  # noqa: PLR0911 - one return per condition
        self, cadre: Cadre, /, *, units: UnitTree, on: dt.date
    ) -> AudienceMismatch | None:
        """Return the first condition *cadre* fails on day *on*, or ``None`` if they belong.

        ``why_not(...) is None`` exactly when `matches` holds. The conditions
        are tried in the order of the audience's fields: categories, ranks,
        units, tags, then the age bounds and the potential bound.

        Args:
            cadre: The cadre to test.
            units: The plan's unit tree, for the unit scope (``plan.units_tree``).
            on: The reference day for age bounds.

        Examples:
            >>> import datetime as dt
            >>> from cadreplan import Cadre, Unit, UnitKind, UnitTree
            >>> units = UnitTree([Unit(id="u", name="U", kind=UnitKind.TOWNSHIP)])
            >>> cadre = Cadre(id="c1", name="Dawa", unit="u", category="township_cadre",
            ...               rank="township", born_on=dt.date(1970, 7, 1))
            >>> print(Audience(max_age=45).why_not(cadre, units=units, on=dt.date(2024, 3, 1)))
            aged 53, older than 45
            >>> Audience(categories={"township_cadre"}).why_not(
            ...     cadre, units=units, on=dt.date(2024, 3, 1)) is None
            True
        """
        if self.categories and cadre.category not in self.categories:
            wanted = tuple(sorted(self.categories))
            return AudienceMismatch(condition="categories", wanted=wanted, found=cadre.category)
        if self.ranks and cadre.rank not in self.ranks:
            return AudienceMismatch(
                condition="ranks", wanted=tuple(sorted(self.ranks)), found=cadre.rank
            )
        if self.units and not any(units.is_within(cadre.unit, root) for root in self.units):
            return AudienceMismatch(
                condition="units", wanted=tuple(sorted(self.units)), found=cadre.unit
            )
        if self.tags and not self.tags <= cadre.tags:
            return AudienceMismatch(condition="tags", wanted=tuple(sorted(self.tags - cadre.tags)))
        if self.has_age_bounds:
            age = cadre.age_on(on)
            if age is None or (self.min_age is not None and age < self.min_age):
                bound = self.min_age if self.min_age is not None else self.max_age
                condition: AudienceCondition = "min_age" if self.min_age is not None else "max_age"
                return AudienceMismatch(condition=condition, bound=bound, found=age)
            if self.max_age is not None and age > self.max_age:
                return AudienceMismatch(condition="max_age", bound=self.max_age, found=age)
        if self.min_potential is not None and (
            cadre.potential is None or cadre.potential < self.min_potential
        ):
            return AudienceMismatch(
                condition="min_potential", bound=self.min_potential, found=cadre.potential
            )
        return None

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
