"""The Textual front end. Nothing else in missiontui imports textual."""
