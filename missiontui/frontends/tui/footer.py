"""The footer with help and quit first: at 80 columns the screen's own keys are cut, never these two.

A key a focused list takes for itself without naming it (Enter on a table: "chosen") shows the
screen's name for it ("Edit"), which is what the list asks the screen to do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "app.help", "quit", "app.quit")


class KeysFooter(Footer):
    DEFAULT_CSS = """
    KeysFooter FooterKey.-first .footer-key--key { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        by_key: dict[str, object] = {}
        for _, bindings in self.screen._modal_binding_chain:
            for key, binding in bindings:
                if key in active and (key not in by_key or (binding.show and not by_key[key].show)):
                    by_key[key] = binding
        shown: dict[str, tuple] = {}  # one entry per action: ? and F1 are one key
        for key, binding in by_key.items():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, active[key].enabled, active[key].tooltip)
        ordered = sorted(shown.values(), key=lambda e: FIRST.index(e[0].action) // 2 if e[0].action in FIRST else 2)
        self.styles.grid_size_columns = len(ordered)
        for binding, enabled, tooltip in ordered:
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip,
                            classes="-first" if binding.action in FIRST else "").data_bind(compact=Footer.compact)
