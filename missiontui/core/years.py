"""The years a date may have in missiontui — a deadline, a completion date, a letter's date: 1900 to 2199.

Outside them a year is a typo ("juin 2203" for 2023) or a placeholder ("9999-12-31", whose next day
does not exist and breaks every report, export and feed): refused with the reason, never guessed.
From 1900: the laws a letter cites (1901, 1905, 1945) are still read as references; nothing a
mission tracks is older. To 2199: plans run to 2100 ("d'ici 2100") and must be read, with a margin.
"""

FIRST, LAST = 1900, 2199


def supported_year(year: int) -> bool:
    return FIRST <= year <= LAST
