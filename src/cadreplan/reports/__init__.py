"""The reports layer: a plan and its allocation in words, tables and (later) pictures.

Today it holds the plain-text sections the command line prints: the overview
of a plan (``cadreplan demo``), an allocation's fill by tier and who is still
short, one cadre's explanation, and a validation report grouped by code,
each in English or Chinese. Summaries, HTML for notebooks, DataFrames,
plots, diffs and spreadsheets out will live here too. Nothing here is part
of the public API yet; the command line is its user.
"""

from cadreplan.reports._allocation import allocation_lines as allocation_lines
from cadreplan.reports._allocation import explanation_lines as explanation_lines
from cadreplan.reports._allocation import shortfall_lines as shortfall_lines
from cadreplan.reports._allocation import unplaced_lines as unplaced_lines
from cadreplan.reports._labels import LANGUAGES as LANGUAGES
from cadreplan.reports._labels import Language as Language
from cadreplan.reports._overview import DEMO_SECTIONS as DEMO_SECTIONS
from cadreplan.reports._overview import render_sections as render_sections
from cadreplan.reports._validation import findings_lines as findings_lines
from cadreplan.reports._validation import findings_summary_lines as findings_summary_lines
from cadreplan.reports._validation import findings_tally_line as findings_tally_line

__all__: list[str] = []
