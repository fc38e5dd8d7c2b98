"""A seeded generator of synthetic regions, from a handful of cadres to millions.

The generator works in one pass over the people and needs no search: each
cadre is drawn with a *primary* program (the class the plan means them for),
and every program's seats are sized from the count of its primaries plus a
tier-dependent slack. That keeps the plan consistent by construction: with
``with_enrollments=True`` each cadre is placed in a session of their primary
program (capacity is guaranteed), and some get a second seat where spare seats
remain, in a session that neither overlaps the first nor repeats its program.

Everything random comes from ``random.Random(seed)`` (and, for the optional
enrollments, a second generator derived from the seed), so the plan is a pure
function of the arguments. Strings and dates that repeat (names, unit ids,
days) are shared objects, which keeps a million cadres within a few hundred MB.
"""

from __future__ import annotations

import array
import datetime as dt
import math
import random

import attrs

from cadreplan.datasets._facts import (
    GRASSROOTS_ACTION_PLAN,
    INDUCTION_THEMES,
    NAMES,
    REGION_ALTITUDE_M,
    REGION_NAME,
    REGIONAL_DEPARTMENTS,
    id_number,
    party_committee_name,
    requirements_for,
    shared_institutions,
)
from cadreplan.datasets._shape import FULL_DISPATCH, FULL_SCALE_CADRES, RegionShape, region_shape
from cadreplan.datasets._synthetic_practice import practice_posts
from cadreplan.datasets._synthetic_tables import (
    ADULT_DAYS,
    CATEGORIES,
    CATEGORY_CODES,
    COMPLETED_SHARE,
    COUNTY,
    FAMILIES,
    FAMILY,
    HAS_QUOTA,
    HIGH_ALTITUDE_M,
    HISTORY_SHARE,
    HOST_BODY,
    HOST_COUNTY,
    HOST_DEPARTMENT,
    HOST_ORGANIZATION,
    HOST_PREFECTURE,
    HOST_REGIONAL,
    HOST_TEMPLE,
    HOST_TOWNSHIP,
    HOST_VILLAGE,
    ID_SHARE,
    INDUCTION,
    NATIONAL,
    ND,
    NEW_HEAD_SHARE,
    NO_SECOND,
    PARTNER,
    PREFECTURE,
    PREFECTURE_SCHOOL,
    PREFECTURE_SCHOOLS,
    PREFECTURES,
    RD,
    REGION,
    SECOND_SEAT_TRIES,
    SYLLABLES,
    THEME_LABELS,
    TOWNSHIP,
    TOWNSHIP_VENUE,
    TWO_RECORDS_SHARE,
    WINTER_FAMILY,
    Draw,
    Family,
    Prefecture,
    spread,
)
from cadreplan.model import (
    Cadre,
    DispatchQuota,
    Enrollment,
    Institution,
    Period,
    Plan,
    Program,
    SeatQuota,
    Session,
    TrainingRecord,
    Unit,
    UnitKind,
)

__all__ = ["RegionShape", "region_shape", "synthetic_region"]


@attrs.define(slots=True)
class _Place:
    """A unit that hosts cadres, with the ids of the scopes it lies in."""

    unit: str
    scopes: tuple[str, str | None, str | None, str | None]  # region, prefecture, county, township
    area: str  # the 6-digit area code of id numbers
    prefecture_index: int  # -1 at region level


@attrs.frozen
class _Area:
    """Where units are being built: their scopes, area code, prefecture and altitude."""

    scopes: tuple[str, str | None, str | None, str | None]
    area: str
    prefecture: int
    altitude: int
    is_border: bool = False


@attrs.define(slots=True)
class _ProgramDraft:
    """A program instance while the people are drawn: its family, scope and primaries."""

    family: int
    scope: str
    primaries: int = 0
    # Prefecture index of each primary, in order, for programs whose seats are split.
    prefectures: list[int] = attrs.Factory(list)
    sessions: list[int] = attrs.Factory(list)


class _Generator:
    """Builds one synthetic plan; one instance per call."""

    def __init__(self, cadres: int, seed: int, year: int) -> None:
        self.cadre_count = cadres
        self.seed = seed
        self.year = year
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.shape = region_shape(cadres)
        self.scale = cadres / FULL_SCALE_CADRES
        self.units: list[Unit] = []
        self.names: dict[str, str] = {}
        self.institutions: list[Institution] = shared_institutions()
        self.hosts: dict[str, list[_Place]] = {}
        self.host_weights: dict[str, list[float]] = {}
        self.prefectures: list[tuple[str, Prefecture]] = []  # (unit id, geography row)
        self.border_counties: list[str] = []
        self.days: dict[int, dt.date] = {}
        self.cadres: list[Cadre] = []
        self.history: list[TrainingRecord] = []
        self.drafts: list[_ProgramDraft] = []
        self.draft_of: dict[tuple[int, str], int] = {}
        self.primary_program = array.array("i")
        self.primary_ordinal = array.array("i")
        self.residents: dict[str, list[int]] = {}  # county -> candidate cadre indexes
        self.sessions: list[Session] = []
        self.keep_primaries = False
        self.dispatch = self.national_left = self.leaders_left = 0
        self.id_width = max(6, len(str(cadres)))
        self.id_sequences: dict[str, int] = {}
        self.past_programs: dict[tuple[int, str], str] = {}

    def id_number(self, area: str, born_on: dt.date) -> str:
        # A counter per area keeps the numbers unique while an area issues < 1000.
        sequence = self.id_sequences[area] = self.id_sequences.get(area, 0) + 1
        return id_number(area, born_on, sequence)

    def past_program(self, year: int, key: str) -> str:
        # Past programs are not in the plan; their ids are shared strings.
        try:
            return self.past_programs[year, key]
        except KeyError:
            program = self.past_programs[year, key] = f"{year}-{key}"
            return program

    def day(self, ordinal: int) -> dt.date:
        try:
            return self.days[ordinal]
        except KeyError:
            day = self.days[ordinal] = dt.date.fromordinal(ordinal)
            return day

    # -- units -----------------------------------------------------------------

    def add_unit(self, id_: str, name: str, kind: UnitKind, parent: str | None, at: _Area) -> str:
        tags = {"border"} if at.is_border else set()
        if at.altitude >= HIGH_ALTITUDE_M:
            tags.add("high_altitude")
        self.units.append(
            Unit(
                id=id_,
                name=name,
                kind=kind,
                parent=parent,
                altitude_m=at.altitude,
                tags=frozenset(tags),
            )
        )
        return id_

    def host(self, kind: str, unit: str, at: _Area, weight: float = 1.0) -> None:
        self.hosts.setdefault(kind, []).append(_Place(unit, at.scopes, at.area, at.prefecture))
        self.host_weights.setdefault(kind, []).append(weight)

    def party_school(self, scope: str, name: str, altitude: int) -> None:
        self.institutions.append(
            Institution(
                id=f"i-{scope}-dx",
                name=f"中共{party_committee_name(name)}党校",
                kind="party_school",
                location=name,
                altitude_m=altitude,
            )
        )

    def syllables(self, suffix: str) -> str:
        choice = self.rng.choice
        return choice(SYLLABLES) + choice(SYLLABLES) + suffix

    def build_units(self) -> None:
        rng, shape = self.rng, self.shape
        top = _Area(("54", None, None, None), "540100", -1, REGION_ALTITUDE_M)
        region = self.add_unit("54", REGION_NAME, UnitKind.REGION, None, top)
        for key, name in REGIONAL_DEPARTMENTS:
            self.host(
                HOST_REGIONAL,
                self.add_unit(f"54.{key}", name, UnitKind.DEPARTMENT, region, top),
                top,
            )
        geography = [PREFECTURES[p % len(PREFECTURES)] for p in range(shape.prefectures)]
        counties_per = spread(shape.counties, [len(row[5]) for row in geography], 1)
        townships_per = iter(
            spread(shape.townships, [rng.uniform(0.6, 1.4) for _ in range(shape.counties)], 1)
        )
        township_weights = [rng.uniform(0.5, 1.5) for _ in range(shape.townships)]
        villages_per = spread(shape.villages, township_weights, 1)
        temples_per = spread(
            shape.temple_committees, [rng.random() for _ in range(shape.townships)]
        )
        townships = iter(zip(villages_per, temples_per, township_weights, strict=True))
        for p, row in enumerate(geography):
            name, altitude, _, _, _, counties = row
            if p >= len(PREFECTURES):
                name = f"{name}（{p // len(PREFECTURES) + 1}）"
            prefecture = f"54.{p + 1:02d}"
            at = _Area((region, prefecture, None, None), f"54{(p + 1) % 100:02d}00", p, altitude)
            self.add_unit(prefecture, name, UnitKind.PREFECTURE, region, at)
            self.names[prefecture] = name
            self.prefectures.append((prefecture, row))
            zzb = f"{party_committee_name(name)}组织部"
            self.host(
                HOST_PREFECTURE,
                self.add_unit(f"{prefecture}.zzb", zzb, UnitKind.DEPARTMENT, prefecture, at),
                at,
            )
            self.party_school(prefecture, name, altitude)
            for c in range(counties_per[p]):
                c_name, c_altitude, is_border = counties[c % len(counties)]
                if c >= len(counties):
                    c_name = f"{c_name}（{c // len(counties) + 1}）"
                county = f"{prefecture}.{c + 1:02d}"
                here = _Area(
                    (region, prefecture, county, None),
                    f"54{(p + 1) % 100:02d}{(c + 1) % 100:02d}",
                    p,
                    c_altitude,
                    is_border=is_border,
                )
                self.build_county(county, c_name, here)
                for t in range(next(townships_per)):
                    self.build_township(f"{county}.{t + 1:03d}", c_name, here, *next(townships))

    def build_county(self, county: str, name: str, at: _Area) -> None:
        self.add_unit(county, name, UnitKind.COUNTY, at.scopes[PREFECTURE], at)
        self.names[county] = name
        if at.is_border:
            self.border_counties.append(county)
        self.host(HOST_COUNTY, county, at)
        committee = party_committee_name(name)
        for key, body, kind, host in (
            ("zzb", f"{committee}组织部", UnitKind.DEPARTMENT, HOST_DEPARTMENT),
            ("xcb", f"{committee}宣传部", UnitKind.DEPARTMENT, HOST_DEPARTMENT),
            ("nyncj", f"{name}农业农村局", UnitKind.DEPARTMENT, HOST_DEPARTMENT),
            ("czj", f"{name}财政局", UnitKind.DEPARTMENT, HOST_DEPARTMENT),
            ("gqy", f"{name}国有资产投资经营有限公司", UnitKind.ENTERPRISE, HOST_BODY),
            ("rmyy", f"{name}人民医院", UnitKind.PUBLIC_INSTITUTION, HOST_BODY),
            ("xh", f"{name}个体劳动者协会", UnitKind.ORGANIZATION, HOST_ORGANIZATION),
        ):
            self.host(host, self.add_unit(f"{county}.{key}", body, kind, county, at), at)
        self.party_school(county, name, at.altitude)

    def build_township(  # noqa: PLR0917 - one positional per drawn count, called once
        self, township: str, county_name: str, county: _Area, villages: int, temples: int,
        weight: float,
    ) -> None:  # fmt: skip
        rng = self.rng
        name = self.syllables("镇" if rng.random() < 0.25 else "乡")
        altitude = min(5200, max(800, county.altitude + rng.randrange(-150, 451)))
        at = attrs.evolve(county, scopes=(*county.scopes[:3], township), altitude=altitude)
        self.add_unit(township, name, UnitKind.TOWNSHIP, county.scopes[COUNTY], at)
        self.names[township] = name
        self.host(HOST_TOWNSHIP, township, at, weight)
        self.institutions.append(
            Institution(
                id=f"i-{township}-venue",
                name=f"{name}党群服务中心",
                kind="local_venue",
                location=f"{county_name}{name}",
                altitude_m=altitude,
            )
        )
        for v in range(villages):
            name = self.syllables("居委会" if rng.random() < 0.1 else "村")
            village_at = attrs.evolve(at, altitude=min(5300, altitude + rng.randrange(-100, 251)))
            village = self.add_unit(f"{township}.{v + 1:03d}", name, UnitKind.VILLAGE, township,
                                    village_at)  # fmt: skip
            self.host(HOST_VILLAGE, village, at, rng.uniform(0.5, 1.5))
        for s in range(temples):
            name = self.syllables("寺寺管会")
            temple = self.add_unit(f"{township}.s{s + 1}", name, UnitKind.TEMPLE_COMMITTEE,
                                   township, at)  # fmt: skip
            self.host(HOST_TEMPLE, temple, at)

    # -- people ----------------------------------------------------------------

    def draft(self, family: int, place: _Place) -> int:
        scope = place.scopes[FAMILIES[family].scope]
        assert scope is not None
        key = (family, scope)
        index = self.draft_of.get(key)
        if index is None:
            index = self.draft_of[key] = len(self.drafts)
            self.drafts.append(_ProgramDraft(family, scope))
        return index

    def build_cadres(self, *, keep_primaries: bool) -> None:
        self.keep_primaries = keep_primaries
        total_per_category = spread(self.cadre_count, [c.weight for c in CATEGORIES])
        leaders = total_per_category[CATEGORY_CODES.index("leading_body_member")]
        # National dispatch selects exactly its quota among the leaders (selection sampling).
        self.dispatch = min(leaders, round(FULL_DISPATCH * self.scale))
        self.national_left, self.leaders_left = self.dispatch, leaders
        for category, total in zip(CATEGORIES, total_per_category, strict=True):
            hosts: list[_Place] = []
            weights: list[float] = []
            for kind, share in category.hosts:
                places = self.hosts.get(kind, [])
                kind_weights = self.host_weights.get(kind, [])
                if category.code == "township_head":
                    # One party secretary and one head per township at full scale.
                    kind_weights = [1.0] * len(places)
                kind_sum = sum(kind_weights) or 1.0
                hosts.extend(places)
                weights.extend(share * w / kind_sum for w in kind_weights)
            draw = Draw(category, self.year)
            for place, count in zip(hosts, spread(total, weights), strict=True):
                if count:
                    self.draw_cadres(draw, place, count)

    def draw_cadres(self, draw: Draw, place: _Place, count: int) -> None:  # noqa: PLR0912, PLR0915 - the hot loop, flat for speed
        """Draw *count* cadres of one category for the unit of *place*.

        The generator's hot loop (once per cadre of a region), kept whole and
        flat for speed: every value it reads is a local, and a call per
        field would cost more than the draw.
        """
        rnd = self.rng.random
        days, new_day = self.days, self.day
        year, start_ordinal = self.year, draw.start_ordinal
        code = draw.category.code
        ranks = draw.ranks_at(sum(scope is not None for scope in place.scopes) - 1)
        rank_count, potentials, potential_count = len(ranks), draw.potentials, len(draw.potentials)
        shares, share_count = draw.shares, len(draw.shares)
        leader_ranks, tag_sets = draw.category.leader_ranks, draw.tag_sets
        born_low, born_span = draw.born_low, draw.born_span
        is_head = code == "township_head"
        is_leader = code == "leading_body_member"
        is_resident = code == "village_resident_team"
        past_key, past_tier, past_themes, past_kind, past_hours, past_month, past_days = draw.past
        names, name_count = NAMES, len(NAMES)
        cadres, history, drafts = self.cadres, self.history, self.drafts
        keep_primaries = self.keep_primaries
        width = self.id_width
        unit = place.unit
        draft_of_family: dict[int, int] = {}
        for _ in range(count):
            number = len(cadres)
            cadre_id = f"c{number:0{width}d}"
            rank = ranks[int(rnd() * rank_count)]
            potential = potentials[int(rnd() * potential_count)]
            tags = tag_sets[rank in leader_ranks, potential == 5]
            born = born_low + int(rnd() * born_span)
            family = -1
            if is_head:
                if rnd() < NEW_HEAD_SHARE:
                    low, high = start_ordinal, draw.new_head_until
                    family = INDUCTION
                else:
                    low = max(born + ADULT_DAYS, draw.heads_from)
                    high = max(low, draw.heads_until)
            else:
                low = max(born + ADULT_DAYS, draw.appointed_from)
                high = max(low, start_ordinal - 1)
            appointed = low + int(rnd() * (high - low + 1))
            if is_leader:
                if rnd() * self.leaders_left < self.national_left:
                    family = NATIONAL[int(rnd() * len(NATIONAL))]
                    self.national_left -= 1
                self.leaders_left -= 1
            if family < 0:
                family = shares[int(rnd() * share_count)]
                if not _eligible(FAMILIES[family], code, rank, tags, potential, place):
                    family = draw.fallback
            index = draft_of_family.get(family)
            if index is None:
                index = draft_of_family[family] = self.draft(family, place)
            draft = drafts[index]
            if keep_primaries:
                self.primary_program.append(index)
                self.primary_ordinal.append(draft.primaries)
            if HAS_QUOTA[family]:
                draft.prefectures.append(place.prefecture_index)
            draft.primaries += 1
            born_on = days.get(born) or new_day(born)
            cadres.append(
                Cadre(
                    id=cadre_id,
                    name=names[int(rnd() * name_count)],
                    unit=unit,
                    category=code,
                    rank=rank,
                    appointed_on=days.get(appointed) or new_day(appointed),
                    born_on=born_on,
                    potential=potential,
                    tags=tags,
                    id_number=self.id_number(place.area, born_on) if rnd() < ID_SHARE else None,
                )
            )
            if is_resident and family == WINTER_FAMILY and potential >= 4:
                candidates = self.residents.setdefault(place.scopes[COUNTY] or "", [])
                if len(candidates) < 2:
                    candidates.append(number)
            if is_head and appointed < start_ordinal:
                # Earlier heads completed their induction within months of taking office.
                start = appointed + 60 + int(rnd() * 60)
                history.append(
                    TrainingRecord(
                        cadre=cadre_id,
                        start_on=new_day(start),
                        end_on=new_day(start + 14),
                        hours=80.0,
                        program=self.past_program(new_day(start).year, "rd-township-induction"),
                        tier=RD,
                        themes=INDUCTION_THEMES,
                        institution_kind="party_school",
                    )
                )
            if rnd() < HISTORY_SHARE:
                offset = int(rnd() * 4)
                offsets = [offset]
                if rnd() < TWO_RECORDS_SHARE:
                    offsets.append((offset + 1 + int(rnd() * 3)) % 4)
                for back in offsets:
                    past_year = year - 1 - back
                    start = dt.date(past_year, past_month, 8).toordinal()
                    history.append(
                        TrainingRecord(
                            cadre=cadre_id,
                            start_on=new_day(start),
                            end_on=new_day(start + past_days - 1),
                            hours=past_hours,
                            program=self.past_program(past_year, past_key),
                            tier=past_tier,
                            themes=past_themes,
                            institution_kind=past_kind,
                            is_completed=rnd() < COMPLETED_SHARE,
                        )
                    )

    # -- programs and sessions ----------------------------------------------------

    def build_programs(self) -> tuple[list[Program], list[SeatQuota]]:
        rng = self.rng
        programs: list[Program] = []
        quotas: list[SeatQuota] = []
        prefecture_rows = dict(self.prefectures)
        prefecture_ids = [unit for unit, _ in self.prefectures]
        schools = [f"i-{unit}-dx" for unit in prefecture_ids]
        for draft in self.drafts:
            family = FAMILIES[draft.family]
            program_id = family.key if family.scope == REGION else f"{family.key}-{draft.scope}"
            title, themes, institutions = family.title, family.themes, family.institutions
            if family.scope != REGION:
                row = prefecture_rows.get(draft.scope)
                partner, partner_school, theme = (row[2], row[3], row[4]) if row else ("", "", "")
                title = title.format(
                    place=self.names[draft.scope], partner=partner, theme=THEME_LABELS.get(theme)
                )
                if family.key == "pk-theme":
                    themes = themes | {theme}
                if institutions == (PARTNER,):
                    institutions = (partner_school or PREFECTURE_SCHOOL,)
            organizer, co_organizers = self.organizers(family, draft.scope)
            audience = family.audience
            if family.scope != REGION:
                audience = attrs.evolve(audience, units=frozenset({draft.scope}))
            programs.append(
                Program(
                    id=program_id,
                    title=title,
                    tier=family.tier,
                    organizer=organizer,
                    hours=family.hours,
                    themes=themes,
                    co_organizers=co_organizers,
                    audience=audience,
                    delivery=family.delivery,
                    methods=family.methods,
                    action_plan=GRASSROOTS_ACTION_PLAN.id if family.is_grassroots else None,
                )
            )
            seats = math.ceil(draft.primaries * (1 + family.slack) - 1e-9)
            count = math.ceil(seats / family.size)
            for j in range(count):
                institution = institutions[j % len(institutions)]
                if institution.startswith("@"):
                    institution = self.resolve(institution, draft.scope, schools, j)
                window = family.windows[int(rng.random() * len(family.windows))]
                first = dt.date(self.year, window[0], window[1]).toordinal()
                last = dt.date(self.year, window[2], window[3]).toordinal() - family.days + 1
                start = first + int(rng.random() * (last - first + 1))
                draft.sessions.append(len(self.sessions))
                self.sessions.append(
                    Session(
                        id=f"{program_id}-{j + 1}",
                        program=program_id,
                        institution=institution,
                        start_on=self.day(start),
                        end_on=self.day(start + family.days - 1),
                        capacity=seats // count + (j < seats % count),
                    )
                )
            if family.has_quota:
                quotas.extend(self.seat_quotas(draft, prefecture_ids))
        return programs, quotas

    def organizers(self, family: Family, scope: str) -> tuple[str, tuple[str, ...]]:
        if family.scope == REGION:
            return f"54.{family.organizer}", tuple(f"54.{key}" for key in family.co_organizers)
        if family.scope == TOWNSHIP:
            county = scope.rsplit(".", 1)[0]
            return f"{county}.zzb", (scope,)
        return f"{scope}.zzb", ()

    def resolve(self, placeholder: str, scope: str, schools: list[str], index: int) -> str:
        if placeholder == PREFECTURE_SCHOOLS:
            return schools[index % len(schools)]
        if placeholder == TOWNSHIP_VENUE:
            return f"i-{scope}-venue"
        # The prefecture's or county's own party school.
        return f"i-{scope}-dx"

    def seat_quotas(self, draft: _ProgramDraft, prefecture_ids: list[str]) -> list[SeatQuota]:
        # Session j takes the primaries k with k % len(sessions) == j (see enroll()), so
        # each prefecture's quota in a session is exactly its primaries there.
        counts: dict[tuple[int, int], int] = {}
        sessions = len(draft.sessions)
        for k, prefecture in enumerate(draft.prefectures):
            if prefecture >= 0:
                key = (k % sessions, prefecture)
                counts[key] = counts.get(key, 0) + 1
        return [
            SeatQuota(
                unit=prefecture_ids[prefecture],
                seats=seats,
                session=self.sessions[draft.sessions[j]].id,
            )
            for (j, prefecture), seats in sorted(counts.items())
        ]

    # -- enrollments ---------------------------------------------------------------

    def enroll(self, busy: dict[str, tuple[dt.date, dt.date]]) -> list[Enrollment]:
        # A generator of its own, so that the plan without enrollments is the same.
        rng = random.Random(f"cadreplan.synthetic_region.enrollments:{self.seed}")  # noqa: S311
        rnd = rng.random
        sessions = self.sessions
        starts = [s.start_on for s in sessions]
        ends = [s.end_on for s in sessions]
        ids = [s.id for s in sessions]
        spare = [s.capacity for s in sessions]
        primary_session = array.array("i", bytes(4 * len(self.cadres)))
        for i in range(len(self.cadres)):
            draft = self.drafts[self.primary_program[i]]
            session = draft.sessions[self.primary_ordinal[i] % len(draft.sessions)]
            primary_session[i] = session
            spare[session] -= 1
        place_of = {place.unit: place for places in self.hosts.values() for place in places}
        choices = {
            category.code: tuple(sorted({FAMILY[key] for key, _ in category.shares} - NO_SECOND))
            for category in CATEGORIES
        }
        enrollments: list[Enrollment] = []
        append = enrollments.append
        for i, cadre in enumerate(self.cadres):
            first = primary_session[i]
            append(Enrollment(cadre=cadre.id, session=ids[first]))
            if rnd() >= SECOND_SEAT_TRIES:
                continue
            options = choices[cadre.category]
            if not options:
                continue
            family = options[int(rnd() * len(options))]
            place = place_of[cadre.unit]
            draft_index = self.draft_of.get((family, place.scopes[FAMILIES[family].scope] or ""))
            primary_family = self.drafts[self.primary_program[i]].family
            if draft_index is None or family == primary_family:
                continue
            if not _eligible(
                FAMILIES[family],
                cadre.category,
                cadre.rank,
                cadre.tags,
                cadre.potential or 0,
                place,
            ):
                continue
            candidates = self.drafts[draft_index].sessions
            offset = int(rnd() * len(candidates))
            blocked = [(starts[first], ends[first])]
            if cadre.id in busy:
                blocked.append(busy[cadre.id])
            for step in range(len(candidates)):
                session = candidates[(offset + step) % len(candidates)]
                if spare[session] > 0 and not any(
                    starts[session] <= end and start <= ends[session] for start, end in blocked
                ):
                    spare[session] -= 1
                    append(Enrollment(cadre=cadre.id, session=ids[session]))
                    break
        return enrollments

    # -- the plan ----------------------------------------------------------------------

    def build(self, *, with_enrollments: bool) -> Plan:
        self.build_units()
        self.build_cadres(keep_primaries=with_enrollments)
        programs, quotas = self.build_programs()
        posts, assignments = practice_posts(self)
        enrollments: list[Enrollment] = []
        if with_enrollments:
            busy = {a.cadre: (a.start_on, a.end_on) for a in assignments}
            enrollments = self.enroll(busy)
        year = self.year
        return Plan(
            name=(
                f"{REGION_NAME}{year}年度干部教育培训计划"
                f"（合成数据：{self.cadre_count}名干部，种子{self.seed}）"
            ),
            period=Period(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            units=tuple(self.units),
            cadres=tuple(self.cadres),
            institutions=tuple(self.institutions),
            action_plans=(GRASSROOTS_ACTION_PLAN,),
            programs=tuple(programs),
            sessions=tuple(self.sessions),
            enrollments=tuple(enrollments),
            history=tuple(self.history),
            requirements=requirements_for(year),
            seat_quotas=tuple(quotas),
            dispatch_quotas=(
                DispatchQuota(
                    id=f"dq-{year}-central",
                    seats=self.dispatch,
                    tier=ND,
                    institution_kind="national_institution",
                    issuer="中组部",
                ),
            ),
            posts=tuple(posts),
            assignments=tuple(assignments),
        )


def _eligible(  # noqa: PLR0917 - the fields of a cadre being drawn
    family: Family, category: str, rank: str, tags: frozenset[str], potential: int, place: _Place
) -> bool:
    """Return whether a cadre falls in the family's audience (ages are in range by construction)."""
    audience = family.audience
    return (
        (not audience.categories or category in audience.categories)
        and (not audience.ranks or rank in audience.ranks)
        and audience.tags <= tags
        and (audience.min_potential is None or potential >= audience.min_potential)
        and place.scopes[family.scope] is not None
    )


def _check_arguments(cadres: object, seed: object, with_enrollments: object, year: object) -> None:
    for name, value in (("cadres", cadres), ("seed", seed), ("year", year)):
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"'{name}' must be an integer (got {type(value).__name__} {value!r})"
            raise TypeError(msg)
    if not isinstance(with_enrollments, bool):
        msg = f"'with_enrollments' must be true or false (got {with_enrollments!r})"
        raise TypeError(msg)
    assert isinstance(cadres, int)
    assert isinstance(year, int)
    if cadres < 0:
        msg = f"'cadres' must be >= 0 (got {cadres})"
        raise ValueError(msg)
    if not 1900 <= year <= 9999:
        msg = f"'year' must be between 1900 and 9999 (got {year})"
        raise ValueError(msg)


def synthetic_region(
    cadres: int = FULL_SCALE_CADRES,
    *,
    seed: int = 0,
    with_enrollments: bool = False,
    year: int = 2024,
) -> Plan:
    """Generate a consistent synthetic plan in the shape of the source's region.

    By default the plan has the scale of the source: 7 prefectures, 74
    counties, 700 townships, 5,400 villages, 700 temple management committees
    and 140,000 cadres; unit counts scale linearly with *cadres*. The people
    follow the source's mix (village cadres the majority, about 3,900 temple
    committee cadres at full scale, township cadres, county officials, leaders,
    young cadres); about 30% have one or two past trainings. Programs of all
    seven tiers have about 1.1 seats per cadre in all, with a backstop class in
    every township; some sessions' seats are split between prefectures, and a
    dispatch quota asks for 565 cadres at national institutions (scaled).

    The same arguments always give an equal plan (and the same bytes when
    saved); different seeds give different plans. Only ``random.Random(seed)``
    is used, never the global generator.

    Args:
        cadres: How many cadres, ``>= 0``.
        seed: Seed of the random generator.
        with_enrollments: Also place every cadre in one or two sessions
            (planned enrollments) whose program audience includes them, within
            capacity, never in two overlapping sessions or the same program
            twice, nor during their practice assignment. The rest of the plan
            is the same as without.
        year: The plan year; the period is that calendar year.

    Raises:
        TypeError: An argument has the wrong type (``cadres=True``, ``seed=1.5``).
        ValueError: *cadres* is negative or *year* is outside 1900-9999.

    Examples:
        >>> plan = synthetic_region(2_000, seed=7)
        >>> len(plan.cadres), len({plan.tier_of(s) for s in plan.sessions})
        (2000, 7)
        >>> plan == synthetic_region(2_000, seed=7)
        True
    """
    _check_arguments(cadres, seed, with_enrollments, year)
    return _Generator(cadres, seed, year).build(with_enrollments=with_enrollments)
