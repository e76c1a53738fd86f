"""Teams (policy owners and escalation targets), defined in the glossary's ``teams`` group."""

from __future__ import annotations

from kijun.glossary import Glossary

TEAMS_GROUP = "teams"


def team_names(glossary: Glossary, language: str) -> dict[str, str]:
    """Map each team id to its name in ``language``."""
    return {term.id: term.text[language].term for term in glossary.terms if term.group == TEAMS_GROUP}
