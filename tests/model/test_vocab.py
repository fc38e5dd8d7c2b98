"""Vocabularies, tiers and tier schemes, and the default vocabularies."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

from cadreplan import (
    DEFAULT_CATEGORIES,
    DEFAULT_INSTITUTION_KINDS,
    DEFAULT_RANKS,
    DEFAULT_THEMES,
    DEFAULT_TIERS,
    Term,
    Tier,
    TierScheme,
    UnknownIdError,
    Vocabulary,
)
from tests.strategies import tier_schemes, vocabularies


@pytest.fixture(name="ranks")
def _ranks() -> Vocabulary:
    return Vocabulary(
        (
            Term("staff", "科员", "Staff"),
            Term("township", "乡科级", "Township level"),
            Term("county", "县处级", "County level"),
        )
    )


# -- Term ---------------------------------------------------------------------------------


def test_term_labels() -> None:
    """A term has an English and a Chinese label; English is the default."""
    term = Term("ecology", "生态保护", "Ecological protection")
    expected = ("Ecological protection", "Ecological protection", "生态保护")

    assert expected == (term.label(), term.label("en"), term.label("zh"))


def test_term_label_other_language() -> None:
    """Asking for a language other than en or zh is an error that names the choices."""
    with pytest.raises(ValueError, match=r"^language must be 'en' or 'zh' \(got 'bo'\)$"):
        Term("ecology", "生态保护", "Ecological protection").label("bo")


@pytest.mark.parametrize(
    ("code", "zh", "en", "error", "message"),
    [
        ("", "z", "e", ValueError, "'code' must be a non-empty id"),
        ("c", None, "e", TypeError, "'zh' must be a string (got None)"),
        ("c", "z", 1, TypeError, "'en' must be a string (got 1)"),
    ],
)
def test_term_rejects(
    code: object, zh: object, en: object, error: type[Exception], message: str
) -> None:
    """A term needs a code and two string labels."""
    with pytest.raises(error, match=re.escape(message)):
        Term(code, zh, en)  # type: ignore[arg-type]


# -- Vocabulary ---------------------------------------------------------------------------


def test_vocabulary_lookups(ranks: Vocabulary) -> None:
    """A vocabulary is looked up by code and keeps the order of its terms."""
    expected = {
        "len": 3,
        "codes": ("staff", "township", "county"),
        "contains": (True, False, False),
        "getitem": "县处级",
        "position": 2,
        "iter": ["staff", "township", "county"],
    }

    assert expected == {
        "len": len(ranks),
        "codes": ranks.codes,
        "contains": ("county" in ranks, "provincial" in ranks, 3 in ranks),
        "getitem": ranks["county"].zh,
        "position": ranks.position("county"),
        "iter": [term.code for term in ranks],
    }


@pytest.mark.parametrize("lookup", [Vocabulary.__getitem__, Vocabulary.position])
def test_vocabulary_unknown_code(ranks: Vocabulary, lookup: object) -> None:
    """An unknown code raises ``UnknownIdError`` naming a term."""
    with pytest.raises(UnknownIdError) as raised:
        lookup(ranks, "provincial")  # type: ignore[operator]

    expected = "no term with id 'provincial'"
    assert expected == str(raised.value)


def test_vocabulary_rejects_duplicate_codes() -> None:
    """A code may appear only once in a vocabulary."""
    terms = (Term("a", "甲", "A"), Term("b", "乙", "B"), Term("a", "丙", "C"))

    with pytest.raises(ValueError, match=r"^'terms' has the code 'a' twice$"):
        Vocabulary(terms)


@pytest.mark.parametrize(
    ("member", "shown"),
    [("a", "'a'"), (Tier(code="a", zh="", en=""), "Tier(code='a'")],
    ids=["string", "tier"],
)
def test_vocabulary_rejects_non_terms(member: object, shown: str) -> None:
    """A vocabulary holds terms only; anything else is a ``TypeError`` naming it."""
    with pytest.raises(TypeError, match=rf"^'terms' must be a Term \(got {re.escape(shown)}"):
        Vocabulary([member])  # type: ignore[list-item]


def test_vocabulary_rejects_a_string() -> None:
    """A lone string is not taken as a sequence of one-letter terms."""
    with pytest.raises(TypeError, match="not the string 'abc'"):
        Vocabulary("abc")  # type: ignore[arg-type]


def test_empty_vocabulary() -> None:
    """A vocabulary may be empty."""
    empty = Vocabulary(())
    expected = (0, ())

    assert expected == (len(empty), empty.codes)


@given(vocabularies())
def test_vocabulary_index_agrees_with_terms(vocabulary: Vocabulary) -> None:
    """Every term is found by its code at its position."""
    for position, term in enumerate(vocabulary.terms):
        assert (term, position) == (vocabulary[term.code], vocabulary.position(term.code))


def test_vocabulary_equality_ignores_index() -> None:
    """Two vocabularies with the same terms are equal and hash alike."""
    first = Vocabulary((Term("a", "甲", "A"),))
    second = Vocabulary([Term("a", "甲", "A")])
    first["a"]  # builds nothing new, but exercises the index

    assert first == second
    assert hash(first) == hash(second)


# -- Tier and TierScheme --------------------------------------------------------------


def test_tier_defaults_and_label() -> None:
    """A tier uses any institution kind and is no backstop unless told otherwise."""
    tier = Tier(code="county_general", zh="县区普遍培训", en="County general training")
    expected = (frozenset(), False, "县区普遍培训", "County general training")

    assert expected == (tier.institution_kinds, tier.is_backstop, tier.label("zh"), tier.label())


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"code": " x"}, ValueError, "'code' must be a non-empty id"),
        ({"is_backstop": "no"}, TypeError, "'is_backstop' must be true or false (got 'no')"),
        ({"institution_kinds": "party_school"}, TypeError, "not the string 'party_school'"),
        ({"institution_kinds": {""}}, ValueError, "'institution_kinds' must be a non-empty id"),
    ],
    ids=["code", "is_backstop", "kinds-string", "kinds-empty-id"],
)
def test_tier_rejects(changes: dict[str, object], error: type[Exception], message: str) -> None:
    """Each field of a tier is checked."""
    fields: dict[str, object] = {"code": "x", "zh": "", "en": "", **changes}

    with pytest.raises(error, match=re.escape(message)):
        Tier(**fields)  # type: ignore[arg-type]


def test_tier_scheme_lookups() -> None:
    """Tiers are found by code and ordered by their position in the scheme."""
    scheme = TierScheme(
        (Tier(code="high", zh="高", en="High"), Tier(code="low", zh="低", en="Low"))
    )
    expected = {
        "codes": ("high", "low"),
        "orders": (0, 1),
        "getitem": "低",
        "len": 2,
        "contains": (True, False),
        "iter": ["high", "low"],
    }

    assert expected == {
        "codes": scheme.codes,
        "orders": (scheme.order("high"), scheme.order("low")),
        "getitem": scheme["low"].zh,
        "len": len(scheme),
        "contains": ("low" in scheme, "middle" in scheme),
        "iter": [tier.code for tier in scheme],
    }


@pytest.mark.parametrize("lookup", [TierScheme.__getitem__, TierScheme.order])
def test_tier_scheme_unknown_code(lookup: object) -> None:
    """An unknown tier code raises ``UnknownIdError`` naming a tier."""
    with pytest.raises(UnknownIdError) as raised:
        lookup(DEFAULT_TIERS, "galactic")  # type: ignore[operator]

    expected = ("tier", "galactic", "no tier with id 'galactic'")
    assert expected == (raised.value.kind, raised.value.id, str(raised.value))


def test_tier_scheme_rejects_duplicates() -> None:
    """A tier code may appear only once in a scheme."""
    tier = Tier(code="x", zh="", en="")

    with pytest.raises(ValueError, match=r"^'tiers' has the tier code 'x' twice$"):
        TierScheme((tier, tier))


@pytest.mark.parametrize(
    ("member", "shown"),
    [("x", "'x'"), (Term("x", "", ""), "Term(code='x'")],
    ids=["string", "term"],
)
def test_tier_scheme_rejects_non_tiers(member: object, shown: str) -> None:
    """A tier scheme holds tiers only; anything else is a ``TypeError`` naming it."""
    with pytest.raises(TypeError, match=rf"^'tiers' must be a Tier \(got {re.escape(shown)}"):
        TierScheme((member,))  # type: ignore[arg-type]


@given(tier_schemes())
def test_tier_order_agrees_with_position(scheme: TierScheme) -> None:
    """Each tier's order is its position, and it is found by its code."""
    for position, tier in enumerate(scheme.tiers):
        assert (position, tier) == (scheme.order(tier.code), scheme[tier.code])


# -- the defaults ----------------------------------------------------------------------------


def test_default_tiers() -> None:
    """The default scheme has the seven tiers of the source report, backstop last."""
    expected = (
        "national_dispatch",
        "regional_demonstration",
        "prefecture_key",
        "county_general",
        "sector_system",
        "partner_aid_supplementary",
        "township_backstop",
    )

    assert expected == DEFAULT_TIERS.codes
    assert [tier.code for tier in DEFAULT_TIERS if tier.is_backstop] == ["township_backstop"]


def test_default_tiers_use_known_institution_kinds() -> None:
    """Every institution kind named by a default tier is a default institution kind."""
    used = {kind for tier in DEFAULT_TIERS for kind in tier.institution_kinds}

    assert used <= set(DEFAULT_INSTITUTION_KINDS.codes)
    assert {"national_institution", "online_academy"} == DEFAULT_TIERS[
        "national_dispatch"
    ].institution_kinds


def test_default_ranks_junior_to_senior() -> None:
    """Ranks run from unranked village cadres up to the provincial level."""
    expected = ("unranked", "staff", "township", "county", "prefecture", "provincial")

    assert expected == DEFAULT_RANKS.codes


@pytest.mark.parametrize(
    ("vocabulary", "codes"),
    [
        (DEFAULT_CATEGORIES, {"village_cadre", "township_head", "temple_committee_cadre"}),
        (DEFAULT_THEMES, {"long_term_stability", "winter_training", "induction", "cybersecurity"}),
        (DEFAULT_INSTITUTION_KINDS, {"party_school", "online_academy", "local_venue"}),
    ],
    ids=["categories", "themes", "institution-kinds"],
)
def test_default_vocabularies_hold_the_source_terms(
    vocabulary: Vocabulary, codes: set[str]
) -> None:
    """The default vocabularies hold the terms of the source report, in both languages."""
    assert codes <= set(vocabulary.codes)
    assert all(term.zh and term.en for term in vocabulary)
