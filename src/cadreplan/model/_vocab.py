"""Vocabularies and tier schemes: coded, bilingual terms that are data, not code.

Categories of cadres, ranks, themes, institution kinds and training tiers vary
by region, so they are values a plan carries. The defaults follow the source
report and the national regulation; users may define their own.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import attrs

from cadreplan._support import checks
from cadreplan.errors import UnknownIdError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_INSTITUTION_KINDS",
    "DEFAULT_RANKS",
    "DEFAULT_THEMES",
    "DEFAULT_TIERS",
    "Term",
    "Tier",
    "TierScheme",
    "Vocabulary",
]


@checks.friendly_init
@attrs.frozen
class Term:
    """One coded entry of a vocabulary, with its Chinese and English labels.

    Attributes:
        code: The stable identifier used in plans (``"village_cadre"``).
        zh: The Chinese label (``"村（居）干部"``).
        en: The English label (``"Village cadre"``).
    """

    code: str = attrs.field(validator=checks.identifier)
    zh: str = attrs.field(validator=checks.text)
    en: str = attrs.field(validator=checks.text)

    def label(self, language: str = "en") -> str:
        """Return the label in *language* (``"en"`` or ``"zh"``)."""
        if language == "zh":
            return self.zh
        if language == "en":
            return self.en
        msg = f"language must be 'en' or 'zh' (got {language!r})"
        raise ValueError(msg)


def _unique_codes(_: object, attribute: attrs.Attribute[Any], value: tuple[Term, ...]) -> None:
    seen: set[str] = set()
    for term in value:
        if term.code in seen:
            msg = f"'{attribute.name}' has the code {term.code!r} twice"
            raise checks.FieldValueError(attribute.name, msg)
        seen.add(term.code)


def _summary(kind: str, noun: str, codes: tuple[str, ...], *, shown: int = 3) -> str:
    """Return ``<Kind of n nouns: 'a', 'b', …>``: a repr short enough for help() and a notebook."""
    head = ", ".join(repr(code) for code in codes[:shown])
    more = ", …" if len(codes) > shown else ""
    plural = noun if len(codes) == 1 else f"{noun}s"
    return (
        f"<{kind} of {len(codes)} {plural}: {head}{more}>" if codes else f"<{kind} of no {noun}s>"
    )


@checks.friendly_init
@attrs.frozen(repr=False)
class Vocabulary:
    """An ordered set of terms, looked up by code.

    Order matters where the vocabulary is ranked (ranks run from junior to
    senior) and is kept in reports.

    Examples:
        >>> themes = Vocabulary((Term("ecology", "生态保护", "Ecological protection"),))
        >>> "ecology" in themes
        True
        >>> themes["ecology"].zh
        '生态保护'
        >>> themes
        <Vocabulary of 1 term: 'ecology'>
    """

    terms: tuple[Term, ...] = attrs.field(
        converter=checks.to_tuple,
        validator=[checks.members_of(Term), _unique_codes],
    )
    _by_code: dict[str, Term] = attrs.field(init=False, repr=False, eq=False, hash=False)

    @_by_code.default
    def _index(self) -> dict[str, Term]:
        # Runs before the validators: skip what is not a term, they report it.
        members: tuple[object, ...] = self.terms
        return {term.code: term for term in members if isinstance(term, Term)}

    def __repr__(self) -> str:
        return _summary("Vocabulary", "term", self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Term:
        try:
            return self._by_code[code]
        except KeyError:
            hint = functools.partial(checks.did_you_mean, code, self._by_code)
            raise UnknownIdError("term", code, hint=hint) from None

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes, in order."""
        return tuple(self._by_code)

    def position(self, code: str) -> int:
        """Return the 0-based position of *code*, e.g. to compare ranks."""
        for index, term in enumerate(self.terms):
            if term.code == code:
                return index
        hint = functools.partial(checks.did_you_mean, code, self._by_code)
        raise UnknownIdError("term", code, hint=hint)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Tier:
    """A training tier (培训层级): who runs a class, in priority order within a scheme.

    Attributes:
        code: Stable identifier (``"county_general"``).
        zh: Chinese label (``"县区普遍培训"``).
        en: English label.
        institution_kinds: The institution kinds this tier's sessions may be held
            at; empty means any kind.
        is_backstop: Whether this tier catches everyone still uncovered
            (乡镇兜底): allocation fills it last and reports its shortfall.
    """

    code: str = attrs.field(validator=checks.identifier)
    zh: str = attrs.field(validator=checks.text)
    en: str = attrs.field(validator=checks.text)
    institution_kinds: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    is_backstop: bool = attrs.field(default=False, validator=checks.boolean)

    def label(self, language: str = "en") -> str:
        """Return the label in *language* (``"en"`` or ``"zh"``)."""
        return Term(self.code, self.zh, self.en).label(language)


def _unique_tier_codes(_: object, attribute: attrs.Attribute[Any], value: tuple[Tier, ...]) -> None:
    seen: set[str] = set()
    for tier in value:
        if tier.code in seen:
            msg = f"'{attribute.name}' has the tier code {tier.code!r} twice"
            raise checks.FieldValueError(attribute.name, msg)
        seen.add(tier.code)


@checks.friendly_init
@attrs.frozen(repr=False)
class TierScheme:
    """The tiers of a region in priority order: earlier tiers pick their people first.

    Examples:
        >>> DEFAULT_TIERS.order("national_dispatch"), DEFAULT_TIERS.order("township_backstop")
        (0, 6)
        >>> DEFAULT_TIERS["county_general"].zh
        '县区普遍培训'
        >>> DEFAULT_TIERS
        <TierScheme of 7 tiers: 'national_dispatch', 'regional_demonstration', 'prefecture_key', …>
    """

    tiers: tuple[Tier, ...] = attrs.field(
        converter=checks.to_tuple,
        validator=[checks.members_of(Tier), _unique_tier_codes],
    )
    _order: dict[str, int] = attrs.field(init=False, repr=False, eq=False, hash=False)

    @_order.default
    def _index(self) -> dict[str, int]:
        # Runs before the validators: skip what is not a tier, they report it.
        members: tuple[object, ...] = self.tiers
        return {tier.code: index for index, tier in enumerate(members) if isinstance(tier, Tier)}

    def __repr__(self) -> str:
        return _summary("TierScheme", "tier", self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._order

    def __getitem__(self, code: str) -> Tier:
        return self.tiers[self.order(code)]

    def __iter__(self) -> Iterator[Tier]:
        return iter(self.tiers)

    def __len__(self) -> int:
        return len(self.tiers)

    @property
    def codes(self) -> tuple[str, ...]:
        """The tier codes, in priority order."""
        return tuple(self._order)

    def order(self, code: str) -> int:
        """Return the priority of tier *code*: 0 picks first."""
        try:
            return self._order[code]
        except KeyError:
            hint = functools.partial(checks.did_you_mean, code, self._order)
            raise UnknownIdError("tier", code, hint=hint) from None


def _terms(*rows: tuple[str, str, str]) -> Vocabulary:
    return Vocabulary(tuple(Term(code, zh, en) for code, zh, en in rows))


DEFAULT_INSTITUTION_KINDS = _terms(
    ("party_school", "党校（行政学院）", "Party school / academy of governance"),
    ("university_base", "高校培训基地", "University training base"),
    ("party_spirit_college", "党性教育干部学院", "Party-spirit education cadre college"),
    ("national_institution", "国家级干部教育培训机构", "National cadre training institution"),
    ("online_academy", "中国干部网络学院", "China Cadre Online Academy"),
    ("local_venue", "本地培训场所", "Local venue"),
)
"""Institution kinds (培训机构) named in the source report."""

DEFAULT_TIERS = TierScheme(
    (
        Tier(
            code="national_dispatch",
            zh="国家级调训",
            en="National dispatch",
            institution_kinds=frozenset({"national_institution", "online_academy"}),
        ),
        Tier(
            code="regional_demonstration",
            zh="自治区示范培训",
            en="Regional demonstration training",
            institution_kinds=frozenset(
                {"party_school", "university_base", "party_spirit_college", "online_academy"}
            ),
        ),
        Tier(code="prefecture_key", zh="市地重点培训", en="Prefecture key training"),
        Tier(code="county_general", zh="县区普遍培训", en="County general training"),
        Tier(code="sector_system", zh="行业系统培训", en="Sector system training"),
        Tier(
            code="partner_aid_supplementary",
            zh="援藏补充培训",
            en="Partner-aid supplementary training",
        ),
        Tier(
            code="township_backstop",
            zh="乡镇兜底培训",
            en="Township backstop training",
            institution_kinds=frozenset({"local_venue", "party_school", "online_academy"}),
            is_backstop=True,
        ),
    )
)
"""The seven tiers of the source report, national dispatch first, township backstop last."""

DEFAULT_RANKS = _terms(
    ("unranked", "无行政级别", "No administrative rank"),
    ("staff", "科员及以下", "Staff member and below"),
    ("township", "乡科级", "Township / section level"),
    ("county", "县处级", "County / division level"),
    ("prefecture", "厅局级", "Prefecture / bureau level"),
    ("provincial", "省部级", "Provincial / ministerial level"),
)
"""Ranks from junior to senior; ``unranked`` covers village cadres outside the civil service."""

DEFAULT_CATEGORIES = _terms(
    ("leading_body_member", "领导班子成员", "Member of a leading body"),
    ("county_department_official", "县区直属部门机关干部", "County department official"),
    ("township_cadre", "乡镇（街道）干部", "Township (sub-district) cadre"),
    ("township_head", "乡镇党政正职", "Township party or government head"),
    ("village_cadre", "村（居）干部", "Village (community) cadre"),
    ("village_resident_team", "驻村干部", "Village-resident work-team member"),
    (
        "county_enterprise_leader",
        "县域国有企业和事业单位领导人员",
        "County SOE or public-institution leader",
    ),
    ("rural_revitalization_officer", "乡村振兴专干", "Rural revitalization officer"),
    ("temple_committee_cadre", "寺管会干部", "Temple management committee cadre"),
    (
        "new_organization_party_head",
        "新型组织党组织负责人",
        "Party head in a new economic or social organization",
    ),
    ("young_cadre", "年轻干部", "Young cadre"),
    ("party_branch_secretary", "党支部书记", "Party branch secretary"),
)
"""Cadre categories (干部类别) named in the source report."""

DEFAULT_THEMES = _terms(
    ("long_term_stability", "长治久安", "Long-term stability"),
    ("high_quality_development", "高质量发展", "High-quality development"),
    ("ecological_protection", "生态保护", "Ecological protection"),
    ("border_development", "边境建设", "Border development"),
    ("rural_governance", "乡村治理", "Rural governance"),
    ("military_civil_pairing", "军地结对共建", "Military–civil party-branch pairing"),
    ("temple_management", "寺庙管理", "Temple management"),
    ("cybersecurity", "网络安全", "Cybersecurity"),
    ("flood_drought_risk", "水旱灾害风险管理", "Flood and drought risk management"),
    ("river_lake_chief", "河湖长制", "River and lake chief system"),
    ("common_language", "国家通用语言文字", "National common language"),
    ("religious_affairs_law", "依法管理宗教事务", "Lawful management of religious affairs"),
    ("party_theory", "党的理论教育", "Party theory education"),
    ("party_spirit", "党性教育", "Party-spirit education"),
    ("performance_capability", "履职能力", "Performance capability"),
    ("winter_training", "冬训", "Winter training"),
    ("induction", "任职培训", "Induction training"),
    ("initial_training", "初任培训", "Initial training of new civil servants"),
)
"""Training themes (培训主题) named in the source report and regulation."""
