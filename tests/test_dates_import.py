"""Start-up (issue 14): importing the deadline-phrase module compiles no regular expression; the
rules compile when a phrase first needs them, and only those its words can trigger."""

import subprocess
import sys

SPY = """
import re, sys
import dataclasses, missiontui.core.model  # dataclasses and enum compile their own patterns: not ours
compiled = set()
original = re._compile  # where re.compile, re.search... all go (CPython 3.11-3.13)
def spy(pattern, *args, **kwargs):
    compiled.add(pattern)
    return original(pattern, *args, **kwargs)
re._compile = spy
import missiontui.core.dates as dates
at_import = len(compiled)
from datetime import date
dates.parse_due("fin juin", date(2022, 4, 21))
print(at_import, len(compiled))
"""


def test_importing_the_dates_module_compiles_no_pattern_and_a_first_parse_compiles_few():
    out = subprocess.run([sys.executable, "-c", SPY], capture_output=True, text=True, check=True).stdout
    at_import, after_first_parse = map(int, out.split())
    assert at_import == 0
    assert 0 < after_first_parse < 20  # "fin juin": a few rules and the words around them, not all ~40
