"""The ``cadreplan`` command line: a thin layer over the library.

Each subcommand is a `_Command`: a name, its help texts, a function that adds
its options and a function that runs it and returns the exit status. `main`
parses the arguments, runs the command and turns the errors users can cause
(bad input files, unwritable paths, bad values) into one message on stderr
and exit status 2, never a traceback.

Exit statuses: 0 success, 1 validation errors (``validate``), 2 usage or input
error, 130 interrupted (Ctrl-C), 141 standard output closed early (broken pipe).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, get_args

import attrs

from cadreplan import _text
from cadreplan._allocation import CascadePolicy, OptimalPolicy, allocate
from cadreplan._explain import explain
from cadreplan._findings import Severity
from cadreplan._io import load_plan, save_plan
from cadreplan._requirements import CycleBasis
from cadreplan._rules import builtin_rules, validate
from cadreplan._units import ADMINISTRATIVE_LEVELS, UnitKind
from cadreplan.errors import CadreplanError, PlanFormatError, UnknownIdError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from dateutil.relativedelta import relativedelta

    from cadreplan._allocation import AllocationResult, Explanation, UnplacedReason
    from cadreplan._coverage import CoverageEntry, CoverageLedger
    from cadreplan._plan import Plan
    from cadreplan._requirements import Requirement
    from cadreplan._vocab import Vocabulary

__all__ = ["main"]

PROG = "cadreplan"

EXIT_OK = 0
EXIT_VALIDATION_ERRORS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

_PLAN_SUFFIXES = (".json", ".yaml", ".yml")


class CommandError(Exception):
    """A problem with the user's input that ends the command with exit status 2.

    The message is shown as is after ``cadreplan: error:``.
    """


# -- words ----------------------------------------------------------------------------------

# Labels of the command's own words; the plan's vocabularies label the domain codes.
_WORDS: dict[str, tuple[str, str]] = {
    "plan": ("Plan", "计划"),
    "period": ("Period", "计划期"),
    "units": ("Units", "单位"),
    "cadres": ("Cadres", "干部"),
    "institutions": ("Institutions", "培训机构"),
    "action_plans": ("Action plans", "行动计划"),
    "programs": ("Programs", "培训项目"),
    "sessions": ("Sessions (期)", "期次（期）"),
    "seats": ("Seats (名额)", "名额"),
    "enrollments": ("Enrollments (人次)", "参训（人次）"),
    "persons": ("Enrolled persons (人)", "参训（人）"),
    "history": ("Training records", "培训记录"),
    "requirements": ("Requirements", "培训要求"),
    "posts": ("Practice posts", "实践岗位"),
    "assignments": ("Practice assignments", "实践安排"),
    "seat_quotas": ("Seat quotas", "名额分配"),
    "dispatch_quotas": ("Dispatch quotas", "调训计划"),
    "units_by_kind": ("Units by level and kind", "单位（按层级和类型）"),
    "cadres_by_category": ("Cadres by category", "干部（按类别）"),
    "training_by_tier": ("Training by tier", "培训（按层级）"),
    "code": ("Code", "代码"),
    "kind": ("Kind", "类型"),
    "category": ("Category", "类别"),
    "tier": ("Tier", "层级"),
    "order": ("#", "序"),
    "id": ("ID", "编号"),
    "title": ("Title", "名称"),
    "amount": ("Amount", "要求"),
    "cycle": ("Cycle", "周期"),
    "total": ("Total", "合计"),
    "unknown": ("(not in the vocabulary)", "（不在词表中）"),
    "validation": ("Validation", "校验"),
    "severity": ("Severity", "严重程度"),
    "findings": ("Findings", "问题"),
    "rule": ("Rule", "规则"),
    "allocation": ("Allocation (cascade policy, seed 0)", "名额调配（逐级分配，种子 0）"),
    "placements": ("New enrollments (人次)", "新增参训（人次）"),
    "placed_persons": ("Newly enrolled persons (人)", "新增参训（人）"),
    "met_before": ("Requirements met, before", "培训要求达标（分配前）"),
    "met_after": ("Requirements met, after", "培训要求达标（分配后）"),
    "taken": ("Taken", "已用"),
    "fill": ("Fill", "使用率"),
}

_SEVERITIES: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("Error", "错误"),
    Severity.WARNING: ("Warning", "警告"),
    Severity.INFO: ("Info", "提示"),
}

_TOP_CODES = 5
"""Codes the demo's validation section lists, most findings first."""

_UNIT_KINDS: dict[UnitKind, tuple[str, str]] = {
    UnitKind.REGION: ("Region", "自治区（省）"),
    UnitKind.PREFECTURE: ("Prefecture", "市地"),
    UnitKind.COUNTY: ("County", "县区"),
    UnitKind.TOWNSHIP: ("Township", "乡镇（街道）"),
    UnitKind.VILLAGE: ("Village", "村（居）"),
    UnitKind.DEPARTMENT: ("Department", "部门"),
    UnitKind.ENTERPRISE: ("State-owned enterprise", "国有企业"),
    UnitKind.PUBLIC_INSTITUTION: ("Public institution", "事业单位"),
    UnitKind.TEMPLE_COMMITTEE: ("Temple management committee", "寺管会"),
    UnitKind.ORGANIZATION: ("New organization", "新型组织"),
}


def _pick(pair: tuple[str, str], language: Language) -> str:
    return pair[0] if language == "en" else pair[1]


def _word(key: str, language: Language) -> str:
    return _pick(_WORDS[key], language)


# -- the demo overview, section by section ----------------------------------------------------


def _vocabulary_label(vocabulary: Vocabulary, code: str, language: Language) -> str:
    if code in vocabulary:
        return vocabulary[code].label(language)
    return _word("unknown", language)


def _tally_rows(known: Iterable[str], tally: Counter[str]) -> list[tuple[str, int]]:
    """Return ``(code, count)`` for every known code in order, then unknown codes sorted."""
    codes = list(known)
    listed = set(codes)
    extra = sorted(code for code in tally if code not in listed)
    return [(code, tally[code]) for code in (*codes, *extra)]


def _format_period(plan: Plan, language: Language) -> str:
    period = plan.period
    if language == "en":
        return f"{period.start_on} – {period.end_on} ({period.days} days)"
    return f"{period.start_on}至{period.end_on}（{period.days}天）"


def _overview_section(plan: Plan, language: Language) -> list[str]:
    """The plan's name and period, and how many of each thing it holds."""
    count = _text.format_count
    active = [enrollment for enrollment in plan.enrollments if enrollment.is_active]
    rows = [
        (_word("period", language), _format_period(plan, language)),
        (_word("units", language), count(len(plan.units))),
        (_word("cadres", language), count(len(plan.cadres))),
        (_word("institutions", language), count(len(plan.institutions))),
        (_word("action_plans", language), count(len(plan.action_plans))),
        (_word("programs", language), count(len(plan.programs))),
        (_word("sessions", language), count(len(plan.sessions))),
        (_word("seats", language), count(sum(session.capacity for session in plan.sessions))),
        (_word("enrollments", language), count(len(active))),
        (_word("persons", language), count(len({enrollment.cadre for enrollment in active}))),
        (_word("history", language), count(len(plan.history))),
        (_word("requirements", language), count(len(plan.requirements))),
        (_word("seat_quotas", language), count(len(plan.seat_quotas))),
        (_word("dispatch_quotas", language), count(len(plan.dispatch_quotas))),
        (_word("posts", language), count(len(plan.posts))),
        (_word("assignments", language), count(len(plan.assignments))),
    ]
    label_width = max(_text.width(label) for label, _ in rows)
    lines = _text.heading(plan.name, "=")
    lines.extend(f"  {_text.pad(label, label_width)}  {value}" for label, value in rows)
    return lines


def _units_section(plan: Plan, language: Language) -> list[str]:
    """Units of each administrative level, then of each other kind present."""
    tally = Counter(unit.kind for unit in plan.units)
    kinds = [
        *ADMINISTRATIVE_LEVELS,
        *(kind for kind in UnitKind if kind not in ADMINISTRATIVE_LEVELS and tally[kind]),
    ]
    rows = [
        [kind.value, _pick(_UNIT_KINDS[kind], language), _text.format_count(tally[kind])]
        for kind in kinds
    ]
    total = ["", _word("total", language), _text.format_count(len(plan.units))]
    headers = [_word("code", language), _word("kind", language), _word("units", language)]
    return [
        *_text.heading(_word("units_by_kind", language)),
        *_text.table(headers, rows, align="<<>", footer=[total]),
    ]


def _cadres_section(plan: Plan, language: Language) -> list[str]:
    """Cadres of each category of the plan's vocabulary, in vocabulary order."""
    tally = Counter(cadre.category for cadre in plan.cadres)
    rows = [
        [code, _vocabulary_label(plan.categories, code, language), _text.format_count(count)]
        for code, count in _tally_rows(plan.categories.codes, tally)
    ]
    total = ["", _word("total", language), _text.format_count(len(plan.cadres))]
    headers = [_word("code", language), _word("category", language), _word("cadres", language)]
    return [
        *_text.heading(_word("cadres_by_category", language)),
        *_text.table(headers, rows, align="<<>", footer=[total]),
    ]


def _tiers_section(plan: Plan, language: Language) -> list[str]:
    """Programs, sessions (期) and seats (名额) of each tier, in priority order."""
    programs = plan.programs_by_id
    program_tally = Counter(program.tier for program in plan.programs)
    session_tally: Counter[str] = Counter()
    seat_tally: Counter[str] = Counter()
    for session in plan.sessions:
        program = programs.get(session.program)
        tier = program.tier if program is not None else "?"
        session_tally[tier] += 1
        seat_tally[tier] += session.capacity
    codes = [code for code, _ in _tally_rows(plan.tiers.codes, program_tally + session_tally)]
    count = _text.format_count
    rows = []
    for code in codes:
        is_known = code in plan.tiers
        rows.append(
            [
                str(plan.tiers.order(code)) if is_known else "",
                code,
                plan.tiers[code].label(language) if is_known else _word("unknown", language),
                count(program_tally[code]),
                count(session_tally[code]),
                count(seat_tally[code]),
            ]
        )
    total = [
        "",
        "",
        _word("total", language),
        count(len(plan.programs)),
        count(len(plan.sessions)),
        count(sum(seat_tally.values())),
    ]
    headers = [
        _word(key, language) for key in ("order", "code", "tier", "programs", "sessions", "seats")
    ]
    return [
        *_text.heading(_word("training_by_tier", language)),
        *_text.table(headers, rows, align="><<>>>", footer=[total]),
    ]


def _format_span(span: relativedelta, language: Language) -> str:
    parts = [(span.years, "year", "年"), (span.months, "month", "个月"), (span.days, "day", "天")]
    if language == "en":
        words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit, _ in parts if n]
        return " ".join(words) or "0 days"
    return "".join(f"{n}{unit}" for n, _, unit in parts if n) or "0天"


def _format_amount(requirement: Requirement, language: Language) -> str:
    number = _text.format_number
    amounts: list[str] = []
    if requirement.hours is not None:
        amounts.append(
            _pick(
                (f"{number(requirement.hours)} hours", f"{number(requirement.hours)}学时"), language
            )
        )
    if requirement.days is not None:
        day = "day" if requirement.days == 1 else "days"
        amounts.append(_pick((f"{requirement.days} {day}", f"{requirement.days}天"), language))
    if requirement.sessions is not None:
        noun = "session" if requirement.sessions == 1 else "sessions"
        amounts.append(
            _pick((f"{requirement.sessions} {noun}", f"{requirement.sessions}期"), language)
        )
    return _pick((" or ", "或"), language).join(amounts)


def _format_cycle(requirement: Requirement, language: Language) -> str:
    span = _format_span(requirement.cycle, language)
    if requirement.basis is CycleBasis.FIXED:
        return _pick(
            (f"{span}, from {requirement.anchor_on}", f"{span}（自{requirement.anchor_on}起）"),
            language,
        )
    if requirement.basis is CycleBasis.APPOINTMENT:
        return _pick((f"{span} after appointment", f"任职后{span}"), language)
    return _pick((f"{span}, rolling", f"{span}（滚动）"), language)


def _requirements_section(plan: Plan, language: Language) -> list[str]:
    """Each requirement with what it asks and over which cycle."""
    rows = [
        [
            requirement.id,
            requirement.title,
            _format_amount(requirement, language),
            _format_cycle(requirement, language),
        ]
        for requirement in plan.requirements
    ]
    headers = [_word(key, language) for key in ("id", "title", "amount", "cycle")]
    return [*_text.heading(_word("requirements", language)), *_text.table(headers, rows)]


def _validation_section(plan: Plan, language: Language) -> list[str]:
    """Findings of each severity, then the codes with the most findings."""
    report = validate(plan)
    count = _text.format_count
    tally = Counter(finding.severity for finding in report)
    rows = [
        [level.value, _pick(_SEVERITIES[level], language), count(tally[level])]
        for level in Severity
    ]
    total = ["", _word("total", language), count(len(report))]
    headers = [_word("code", language), _word("severity", language), _word("findings", language)]
    lines = [
        *_text.heading(_word("validation", language)),
        *_text.table(headers, rows, align="<<>", footer=[total]),
    ]
    titles = {item.code: item.title for item in report.rules}
    severities = {finding.code: finding.severity for finding in report}
    top = sorted(report.counts.items(), key=lambda item: (-item[1], item[0]))[:_TOP_CODES]
    if top:
        rows = [
            [code, titles.get(code, ""), _pick(_SEVERITIES[severities[code]], language), count(n)]
            for code, n in top
        ]
        headers = [_word(key, language) for key in ("code", "rule", "severity", "findings")]
        lines.extend(["", *_text.table(headers, rows, align="<<<>")])
    return lines


def _format_met(ledger: CoverageLedger, language: Language) -> str:
    """Requirement entries met, as a count and a share: ``85 of 1,530 (5.6%)``."""
    met = sum(entry.is_met for entry in ledger)
    count = _text.format_count
    share = f"{ledger.rate():.1%}"
    if language == "en":
        return f"{count(met)} of {count(len(ledger))} ({share})"
    return f"{count(met)}/{count(len(ledger))}（{share}）"


def _allocation_lines(plan: Plan, result: AllocationResult, language: Language) -> list[str]:
    """New enrollments, requirements met before and after, and the fill of each tier."""
    count = _text.format_count
    facts = [
        (_word("placements", language), count(len(result.placements))),
        (
            _word("placed_persons", language),
            count(len({enrollment.cadre for enrollment in result.placements})),
        ),
        (_word("met_before", language), _format_met(result.coverage_before, language)),
        (_word("met_after", language), _format_met(result.coverage_after, language)),
    ]
    label_width = max(_text.width(label) for label, _ in facts)
    lines = [f"  {_text.pad(label, label_width)}  {value}" for label, value in facts]
    rows = []
    all_taken = all_seats = 0
    for code, (taken, seats) in result.fill_by_tier.items():
        all_taken += taken
        all_seats += seats
        rows.append(
            [
                str(plan.tiers.order(code)),
                code,
                plan.tiers[code].label(language),
                count(taken),
                count(seats),
                _share(taken, seats),
            ]
        )
    total = [
        "",
        "",
        _word("total", language),
        count(all_taken),
        count(all_seats),
        _share(all_taken, all_seats),
    ]
    headers = [_word(key, language) for key in ("order", "code", "tier", "taken", "seats", "fill")]
    lines.extend(["", *_text.table(headers, rows, align="><<>>>", footer=[total])])
    return lines


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _allocation_section(plan: Plan, language: Language) -> list[str]:
    """What the default cascade, seed 0, does to the plan."""
    result = allocate(plan, policy=CascadePolicy(), seed=0)
    return [
        *_text.heading(_word("allocation", language)),
        *_allocation_lines(plan, result, language),
    ]


DEMO_SECTIONS: tuple[Callable[[Plan, Language], list[str]], ...] = (
    _overview_section,
    _units_section,
    _cadres_section,
    _tiers_section,
    _requirements_section,
    _validation_section,
    _allocation_section,
)
"""The sections `demo` prints, in order; add a function here to add a section."""


def render_sections(
    plan: Plan,
    sections: Iterable[Callable[[Plan, Language], list[str]]],
    *,
    language: Language = "en",
) -> str:
    """Return the text of *sections* about *plan*, separated by blank lines."""
    blocks = ["\n".join(section(plan, language)) for section in sections]
    return "\n\n".join(blocks) + "\n"


# -- shared argument helpers ------------------------------------------------------------------


def load_plan_argument(path: str | os.PathLike[str]) -> Plan:
    """Load the plan file named on the command line.

    A file that cannot be read becomes a `CommandError` naming the path; a
    `PlanFormatError` (with all its problems) and a `ValueError` for an
    unknown suffix pass through to `main`, which reports them with exit status 2.
    """
    try:
        return load_plan(path)
    except OSError as error:
        raise CommandError(f"cannot read {os.fspath(path)}: {_reason(error)}") from None


def _reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, IsADirectoryError):
        return "it is a folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)


def _check_output(path: Path) -> None:
    """Fail early, before any work, when *path* cannot be a plan file we write."""
    if path.suffix.lower() not in _PLAN_SUFFIXES:
        msg = f"cannot tell the format of {path} from its suffix: use .json, .yaml or .yml"
        raise CommandError(msg)
    folder = path.parent
    if not folder.exists():
        raise CommandError(f"cannot write {path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise CommandError(f"cannot write {path}: {folder} is not a folder")
    if path.is_dir():
        raise CommandError(f"cannot write {path}: it is a folder")


def _add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of labels and headings (default: %(default)s)",
    )


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        msg = f"expected a whole number (got {text!r})"
        raise argparse.ArgumentTypeError(msg) from None
    if value < 0:
        msg = f"must be >= 0 (got {value})"
        raise argparse.ArgumentTypeError(msg)
    return value


def _year(text: str) -> int:
    value = _count(text)
    if not 1900 <= value <= 2999:
        msg = f"expected a year between 1900 and 2999 (got {value})"
        raise argparse.ArgumentTypeError(msg)
    return value


def _codes(text: str) -> list[str]:
    """Parse ``CP3,CP501``: rule codes or code prefixes that name at least one built-in rule."""
    codes = [part.strip().upper() for part in text.split(",")]
    if not all(codes):
        msg = f"expected codes or prefixes separated by commas, such as CP3,CP501 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    known = [item.code for item in builtin_rules()]
    for code in codes:
        if not any(name.startswith(code) for name in known):
            msg = f"no rule code starts with {code!r} (codes run from {known[0]} to {known[-1]})"
            raise argparse.ArgumentTypeError(msg)
    return codes


def _add_plan_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("plan", type=Path, metavar="PLAN", help=help_text)


# -- commands ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Command:
    """A subcommand: its name and help, how to add its options and how to run it."""

    name: str
    help: str
    description: str
    epilog: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _configure_demo(parser: argparse.ArgumentParser) -> None:
    _add_language_option(parser)


def _run_demo(arguments: argparse.Namespace) -> int:
    from cadreplan.datasets import demo_region  # noqa: PLC0415 - loaded only when used

    plan = demo_region()
    sys.stdout.write(render_sections(plan, DEMO_SECTIONS, language=arguments.lang))
    return EXIT_OK


def _configure_synth(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cadres",
        type=_count,
        default=140_000,
        metavar="N",
        help="number of cadres to generate (default: %(default)s, about one region-year)",
    )
    parser.add_argument(
        "--seed",
        type=_count,
        default=0,
        metavar="S",
        help="random seed; the same seed gives the same plan (default: %(default)s)",
    )
    parser.add_argument(
        "--year",
        type=_year,
        default=2024,
        help="plan year (default: %(default)s)",
    )
    parser.add_argument(
        "--with-enrollments",
        action="store_true",
        help="also fill the sessions with enrollments",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="plan file to write: .json, or .yaml/.yml (needs PyYAML)",
    )


def _run_synth(arguments: argparse.Namespace) -> int:
    from cadreplan.datasets import synthetic_region  # noqa: PLC0415 - loaded only when used

    output: Path = arguments.output
    _check_output(output)
    plan = synthetic_region(
        cadres=arguments.cadres,
        seed=arguments.seed,
        with_enrollments=arguments.with_enrollments,
        year=arguments.year,
    )
    try:
        save_plan(plan, output)
    except OSError as error:
        raise CommandError(f"cannot write {output}: {_reason(error)}") from None
    count = _text.format_count
    size = _text.format_size(output.stat().st_size)
    sys.stdout.write(
        f"wrote {output} ({size}): {count(len(plan.units))} units, "
        f"{count(len(plan.cadres))} cadres, {count(len(plan.programs))} programs, "
        f"{count(len(plan.sessions))} sessions, {count(len(plan.enrollments))} enrollments\n"
    )
    return EXIT_OK


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    _add_plan_argument(parser, "plan file to check: .json, or .yaml/.yml (needs PyYAML)")
    parser.add_argument(
        "--select",
        type=_codes,
        action="extend",
        metavar="CODES",
        help="run only these rules: codes or prefixes, separated by commas (CP3,CP501)",
    )
    parser.add_argument(
        "--ignore",
        type=_codes,
        action="extend",
        metavar="CODES",
        help="skip these rules; where --select and --ignore both match, the longer code wins",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: findings grouped by rule and a summary line; json: an array of findings "
        "(default: %(default)s)",
    )


def _run_validate(arguments: argparse.Namespace) -> int:
    plan = load_plan_argument(arguments.plan)
    report = validate(plan, select=arguments.select, ignore=arguments.ignore)
    if arguments.format == "json":
        text = json.dumps(report.to_records(), ensure_ascii=False, indent=2, sort_keys=True)
    else:
        text = str(report)
    sys.stdout.write(text + "\n")
    return EXIT_OK if report.ok else EXIT_VALIDATION_ERRORS


def _configure_allocate(parser: argparse.ArgumentParser) -> None:
    _add_plan_argument(parser, "plan file to allocate: .json, or .yaml/.yml (needs PyYAML)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="allocated plan file to write (never the input): .json, or .yaml/.yml",
    )
    parser.add_argument(
        "--policy",
        choices=("cascade", "optimal"),
        default="cascade",
        help="cascade: tier by tier, by priority; optimal: maximize coverage exactly "
        "(needs the solver extra) (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=_count,
        default=0,
        metavar="S",
        help="seed of the tie-break between equally ranked cadres; the same seed gives "
        "the same file (default: %(default)s)",
    )


@contextlib.contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``progress(done, total)`` that draws a bar on a terminal's stderr.

    Yields ``None`` (no bar) when stderr is not a terminal or ``rich`` (the
    ``progress`` extra) is not installed: the bar is a nicety, never an error.
    """
    stream = sys.stderr
    is_terminal = stream is not None and hasattr(stream, "isatty") and stream.isatty()
    if not is_terminal:
        yield None
        return
    try:
        from rich.console import Console  # noqa: PLC0415 - an optional extra
        from rich.progress import Progress  # noqa: PLC0415 - an optional extra
    except ImportError:
        yield None
        return
    with Progress(console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _check_not_input(source: Path, output: Path) -> None:
    """Refuse to write the allocated plan over its input."""
    same = False
    with contextlib.suppress(OSError):
        same = output.resolve() == source.resolve() or (
            output.exists() and source.exists() and output.samefile(source)
        )
    if same:
        msg = f"cannot write {output}: it is the input plan; write to another file"
        raise CommandError(msg)


def _run_allocate(arguments: argparse.Namespace) -> int:
    source: Path = arguments.plan
    output: Path = arguments.output
    _check_output(output)
    _check_not_input(source, output)
    policy: CascadePolicy | OptimalPolicy
    if arguments.policy == "optimal":
        from cadreplan._optimal import _solver  # noqa: PLC0415 - fail before the long load

        _solver()
        policy = OptimalPolicy()
    else:
        policy = CascadePolicy()
    plan = load_plan_argument(source)
    with _progress_bar(f"allocating {source.name}") as progress:
        result = allocate(plan, policy=policy, seed=arguments.seed, progress=progress)
    try:
        save_plan(result.plan, output)
    except OSError as error:
        raise CommandError(f"cannot write {output}: {_reason(error)}") from None
    size = _text.format_size(output.stat().st_size)
    lines = [
        f"wrote {output} ({size}): {arguments.policy} policy, seed {arguments.seed}",
        "",
        *_allocation_lines(result.plan, result, "en"),
        "",
        *_unplaced_lines(result),
        "",
        *_shortfall_lines(result),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


_UNPLACED_REASONS: dict[UnplacedReason, str] = {
    "no_eligible_session": "no session they may attend counts toward it",
    "all_full": "every suitable session was full",
    "quota_exhausted": "their unit's seat quota was used up",
    "conflict": "busy on the dates of the suitable sessions",
    "duplicate": "the suitable sessions would be duplicate training",
}

_TOP_TOWNSHIPS = 5
"""Townships the backstop shortfall of ``allocate`` lists, most cadres short first."""


def _unplaced_lines(result: AllocationResult) -> list[str]:
    """Cadres still short of a due requirement, by the main reason."""
    tally = Counter(item.reason for item in result.unplaced)
    lines = _text.heading("Still short after allocation, by reason")
    if not tally:
        return [*lines, "  none: every cadre due a requirement meets it"]
    count = _text.format_count
    rows = [
        [reason, meaning, count(tally[reason])]
        for reason, meaning in _UNPLACED_REASONS.items()
        if tally[reason]
    ]
    total = ["", "Total", count(len(result.unplaced))]
    return [
        *lines,
        *_text.table(["Reason", "Meaning", "Cadres"], rows, align="<<>", footer=[total]),
    ]


def _shortfall_lines(result: AllocationResult) -> list[str]:
    """The townships with the most cadres still short after the backstop tier (乡镇兜底)."""
    shortfall = sorted(result.backstop_shortfall, key=lambda item: (-item.cadres, item.unit))
    lines = _text.heading("Township backstop shortfall (乡镇兜底)")
    if not shortfall:
        return [*lines, "  none: no township has a cadre still short"]
    count = _text.format_count
    units = result.plan.units_tree
    rows = [
        [
            item.unit,
            units[item.unit].name if item.unit in units else "",
            count(item.cadres),
            count(item.sessions_needed),
        ]
        for item in shortfall[:_TOP_TOWNSHIPS]
    ]
    headers = ["Township", "Name", "Cadres short", "Sessions needed"]
    lines.extend(_text.table(headers, rows, align="<<>>"))
    rest = shortfall[_TOP_TOWNSHIPS:]
    if rest:
        cadres = count(sum(item.cadres for item in rest))
        noun = "township" if len(rest) == 1 else "townships"
        lines.append(f"  … and {count(len(rest))} more {noun} with {cadres} cadres short")
    return lines


def _configure_explain(parser: argparse.ArgumentParser) -> None:
    _add_plan_argument(parser, "plan file, usually one written by 'cadreplan allocate'")
    parser.add_argument("cadre", metavar="CADRE_ID", help="the id of the cadre to explain")


def _run_explain(arguments: argparse.Namespace) -> int:
    source: Path = arguments.plan
    plan = load_plan_argument(source)
    cadre_id: str = arguments.cadre
    try:
        story = explain(plan, cadre_id)
    except UnknownIdError:
        raise CommandError(_unknown_cadre(plan, cadre_id, source)) from None
    sys.stdout.write("\n".join(_explanation_lines(plan, story)) + "\n")
    return EXIT_OK


_SUGGESTIONS = 3
"""Similar ids an unknown id's message suggests, at most."""


def _similar(name: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> list[str]:
    """Return the candidates most like *name*, best first; ties in id order.

    ``difflib.get_close_matches`` breaks ties by the later id, which suggests
    ``c0301`` before ``c0001`` for ``c001``.
    """
    matcher = difflib.SequenceMatcher(b=name)
    scored: list[tuple[float, str]] = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if (
            matcher.real_quick_ratio() >= cutoff
            and matcher.quick_ratio() >= cutoff
            and matcher.ratio() >= cutoff
        ):
            scored.append((-matcher.ratio(), candidate))
    return [candidate for _, candidate in sorted(scored)[:_SUGGESTIONS]]


def _unknown_cadre(plan: Plan, cadre_id: str, source: Path) -> str:
    message = f"no cadre with id {cadre_id!r} in {source}"
    close = [repr(name) for name in _similar(cadre_id, plan.cadres_by_id)]
    if len(close) > 1:
        return f"{message}; did you mean {', '.join(close[:-1])} or {close[-1]}?"
    if close:
        return f"{message}; did you mean {close[0]}?"
    return f"{message} (it has {_text.format_count(len(plan.cadres))} cadres)"


def _explanation_lines(plan: Plan, story: Explanation) -> list[str]:
    """The cadre, each session with its outcome, then the cadre's coverage."""
    cadre = plan.cadre(story.cadre)
    units = plan.units_tree
    unit = units[cadre.unit].name if cadre.unit in units else cadre.unit
    category = _vocabulary_label(plan.categories, cadre.category, "en")
    lines = [
        *_text.heading(f"{cadre.id} {cadre.name}", "="),
        f"  {category}, {unit} ({cadre.unit})",
        "",
        *_text.heading("Sessions, in cascade order"),
    ]
    if story.events:
        rows = []
        for event in story.events:
            session = plan.session(event.session)
            program = plan.programs_by_id.get(session.program)
            rows.append(
                [
                    session.id,
                    "?" if program is None else program.tier,
                    f"{session.start_on}..{session.end_on}",
                    event.outcome,
                    event.detail,
                ]
            )
        lines.extend(_text.table(["Session", "Tier", "Dates", "Outcome", "Detail"], rows))
    else:
        lines.append("  none: the cadre is enrolled in no session and in no session's audience")
    lines.extend(["", *_text.heading(f"Coverage on {plan.period.end_on}")])
    if story.coverage:
        rows = [_coverage_row(entry) for entry in story.coverage]
        headers = ["Requirement", "Window", "Due", "Required", "Done", "Planned", "Short"]
        lines.extend(_text.table(headers, rows))
    else:
        lines.append("  none: no requirement applies to the cadre")
    return lines


def _amounts(hours: float | None, days: int | None, sessions: int | None) -> str:
    """Hours, days and sessions, each only where the requirement sets it."""
    parts = []
    if hours is not None:
        parts.append(f"{_text.format_number(hours)} h")
    if days is not None:
        parts.append(f"{days} d")
    if sessions is not None:
        parts.append(f"{sessions} session{'' if sessions == 1 else 's'}")
    return " / ".join(parts)


def _coverage_row(entry: CoverageEntry) -> list[str]:
    def measured(hours: float, days: int, sessions: int) -> str:
        return _amounts(
            None if entry.required_hours is None else hours,
            None if entry.required_days is None else days,
            None if entry.required_sessions is None else sessions,
        )

    short = _amounts(entry.shortfall_hours, entry.shortfall_days, entry.shortfall_sessions)
    return [
        entry.requirement,
        f"{entry.window_start}..{entry.window_end}",
        str(entry.due_on),
        _amounts(entry.required_hours, entry.required_days, entry.required_sessions),
        measured(entry.done_hours, entry.done_days, entry.done_sessions),
        measured(entry.planned_hours, entry.planned_days, entry.planned_sessions),
        "met" if entry.is_met else short,
    ]


_COMMANDS: tuple[_Command, ...] = (
    _Command(
        name="demo",
        help="show an overview of the embedded demo region",
        description=(
            "Show an overview of the embedded demo region: its units by level, cadres by "
            "category, programs, sessions (期) and seats (名额) by tier, requirements and "
            "the plan period."
        ),
        epilog="examples:\n  cadreplan demo\n  cadreplan demo --lang zh",
        configure=_configure_demo,
        run=_run_demo,
    ),
    _Command(
        name="synth",
        help="write a seeded synthetic plan to a file",
        description=(
            "Generate a synthetic region with N cadres and write it as a plan file. "
            "The same options always give the same file, byte for byte."
        ),
        epilog=(
            "examples:\n"
            "  cadreplan synth -o plan.json\n"
            "  cadreplan synth --cadres 10000 --seed 7 -o small.json\n"
            "  cadreplan synth --cadres 1000 --with-enrollments -o small.yaml"
        ),
        configure=_configure_synth,
        run=_run_synth,
    ),
    _Command(
        name="validate",
        help="check a plan file against the validation rules",
        description=(
            "Check a plan file against the built-in validation rules and print every "
            "finding, grouped by rule, with a summary line. Exit status 0 when the plan "
            "has no errors (warnings allowed), 1 when it has errors, 2 when the file "
            "cannot be read."
        ),
        epilog=(
            "examples:\n"
            "  cadreplan validate plan.json\n"
            "  cadreplan validate plan.json --select CP3,CP4 --ignore CP306\n"
            "  cadreplan validate plan.json --format json > findings.json"
        ),
        configure=_configure_validate,
        run=_run_validate,
    ),
    _Command(
        name="allocate",
        help="allocate training seats and write the allocated plan",
        description=(
            "Allocate training seats to cadres, tier by tier, and write the plan with the "
            "new enrollments (status 'planned') to another file. Prints the new "
            "enrollments, requirements met before and after, the fill of each tier, who is "
            "still short and why, and the townships with the most cadres still short. The "
            "same plan and seed always write the same file, byte for byte."
        ),
        epilog=(
            "examples:\n"
            "  cadreplan allocate plan.json -o allocated.json\n"
            "  cadreplan allocate plan.json -o allocated.json --seed 7\n"
            "  cadreplan allocate plan.json -o allocated.json --policy optimal"
        ),
        configure=_configure_allocate,
        run=_run_allocate,
    ),
    _Command(
        name="explain",
        help="explain why a cadre is or is not in each session",
        description=(
            "Explain one cadre's place in a plan: for each session the cadre is enrolled "
            "in or may attend, in cascade order, whether they are enrolled, or why not "
            "(duplicate, conflict, quota exhausted, full) or that a seat is open; then "
            "the cadre's coverage of each requirement."
        ),
        epilog="examples:\n  cadreplan explain allocated.json c0001",
        configure=_configure_explain,
        run=_run_explain,
    ),
)


class _HelpFormatter(argparse.HelpFormatter):
    """Wrap the paragraphs of descriptions; keep paragraphs with indented lines as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = []
        for paragraph in text.split("\n\n"):
            lines = paragraph.splitlines()
            if any(line.startswith(" ") for line in lines):
                paragraphs.append("\n".join(indent + line for line in lines))
            else:
                paragraphs.append(super()._fill_text(paragraph, width, indent))
        return "\n\n".join(paragraphs)


class _VersionAction(argparse.Action):
    """Print the installed version and exit; looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> NoReturn:
        del namespace, values, option_string
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            number = version("cadreplan")
        except PackageNotFoundError:  # pragma: no cover - the package runs installed
            number = "unknown"
        sys.stdout.write(f"{PROG} {number}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``cadreplan`` command and its subcommands."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Plan, validate and allocate the training and practice of public officials.",
        epilog=(
            "examples:\n"
            "  cadreplan demo --lang zh\n"
            "  cadreplan synth --cadres 10000 --seed 1 -o plan.json\n"
            "  cadreplan validate plan.json\n"
            "  cadreplan allocate plan.json -o allocated.json\n"
            "  cadreplan explain allocated.json c0001\n\n"
            "Run 'cadreplan COMMAND --help' for the options of a command.\n\n"
            "Exit status: 0 success, 1 validation errors, 2 usage or input error, "
            "130 interrupted."
        ),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", dest="command", required=True
    )
    for command in _COMMANDS:
        subparser = subparsers.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            epilog=command.epilog,
            formatter_class=_HelpFormatter,
        )
        command.configure(subparser)
        subparser.set_defaults(run=command.run)
    return parser


def _error(message: str) -> int:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    return EXIT_USAGE


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; pointing it at devnull stops that second
    # failure from printing "Exception ignored ... BrokenPipeError".
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cadreplan`` command with *argv* (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 success, 1 validation errors (``validate``), 2 usage
        or input error, 130 interrupted, 141 standard output closed early.
        Never raises ``SystemExit``.
    """
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits after --help and --version (0) and on usage errors (2).
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        status: int = arguments.run(arguments)
        sys.stdout.flush()
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        status = EXIT_BROKEN_PIPE
    except PlanFormatError as error:
        status = _error(str(error))
    except (CommandError, CadreplanError, ValueError) as error:
        status = _error(_one_line(error))
    except OSError as error:
        where = f"{os.fsdecode(error.filename)}: " if error.filename else ""
        status = _error(f"{where}{_reason(error)}")
    return status
