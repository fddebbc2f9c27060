"""The Quick start's `missiontui demo`, run as a newcomer runs it: the installed command in a real
pseudo-terminal of a real size, read until the first screen is drawn, then quit with `q`."""

import fcntl
import os
import select
import signal
import struct
import sys
import termios
import time

import pytest


def run_demo(tmp_path, size: tuple[int, int], *args: str, until: list[bytes], timeout: float = 60) -> bytes:
    """Start `missiontui ARGS demo` in a pty of `size`, read until every byte string of `until` has
    appeared (the screen is drawn), press q, and return all it wrote; the process must end by itself."""
    columns, lines = size
    env = {k: v for k, v in os.environ.items() if k not in ("MISSIONTUI_TODAY", "MISSIONTUI_DB")}
    env.update(TERM="xterm-256color", TMPDIR=str(tmp_path), COLUMNS=str(columns), LINES=str(lines))
    pid, fd = os.forkpty()
    if pid == 0:  # the child: a terminal of that size, then the command
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        os.execvpe(sys.executable, [sys.executable, "-m", "missiontui", *args, "demo"], env)
    seen, deadline, quit_sent = b"", time.monotonic() + timeout, False
    try:
        while True:
            assert time.monotonic() < deadline, f"the demo never drew {until}: {seen[-2000:]!r}"
            ready, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal: it has quit
                break
            if not chunk:
                break
            seen += chunk
            if not quit_sent and all(part in seen for part in until):
                os.write(fd, b"q")
                quit_sent = True
        _, status = os.waitpid(pid, 0)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(fd)
    assert quit_sent and os.waitstatus_to_exitcode(status) == 0
    return seen


def test_the_demo_at_80x24_shows_its_day_and_every_state(tmp_path):
    run_demo(tmp_path, (80, 24), until=[b"demo \xe2\x80\x94 today is Monday 26 September 2022", b"Late \xc2\xb7 4",
                                        b"This week", b"Remise des travaux", b"Help", b"Quit"])
    assert not any(tmp_path.iterdir())  # the demo database went with the demo


@pytest.mark.parametrize("size", [(120, 40)])
def test_the_demo_in_french(tmp_path, size):
    run_demo(tmp_path, size, "--lang", "fr",
             until=["démo — nous sommes le lundi 26 septembre 2022".encode(), "En retard · 4".encode(),
                    b"Cette semaine", "Aide".encode(), b"Quitter"])
