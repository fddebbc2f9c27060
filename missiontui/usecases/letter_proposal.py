"""Read a mission letter file and propose its mission: the first step of `letter` and `letter --create`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from missiontui.core.letters import MissionProposal, propose
from missiontui.usecases.letter_files import read_letter_file


@dataclass(frozen=True)
class LetterReading:
    proposal: MissionProposal
    format: str  # what the file was read as: "text", "pdf", "docx", "odt"


def propose_from_file(path: str | Path, fallback_date: date, known_people=()) -> LetterReading:
    """The proposal for the letter at `path`; `known_people` are names already in the database,
    whose spelling wins over the letter's capitals. Raises InvalidInput for a file that is not a
    readable letter."""
    letter = read_letter_file(path)
    return LetterReading(propose(letter.text, fallback_date, known_people), letter.format)
