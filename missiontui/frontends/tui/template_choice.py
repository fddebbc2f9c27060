"""The template list of the new-mission and letter forms: the templates by their title in the
current language, the chosen one kept; a broken file of the user's is said once under the list
(`#template-problems`), and the others are still offered."""

from __future__ import annotations

from textual.widgets import Select, Static

from missiontui.frontends.tui.safe import plain


def offer_templates(screen) -> None:
    from missiontui.usecases.templates import templates

    select = screen.query_one("#template", Select)
    select.prompt = screen.t("template.no_template")
    value = select.value
    found, broken = templates(screen.app.ctx.config)
    screen.query_one("#template-problems", Static).update(plain("\n".join(
        screen.t("template.skipped", problem=problem.localized(screen.lang)) for problem in broken)))
    select.set_options([(plain(t.label(screen.lang), single_line=True), t.name) for t in found])
    if value in {t.name for t in found}:
        select.value = value
