"""missiontui: the deadlines of a lettre de mission, in the terminal and in every calendar."""

__version__ = "0.1.0"
