"""The CalDAV password: from the keyring, an environment variable, or a file only its owner can read."""

from __future__ import annotations

import os

import keyring
import pytest
from keyring.backend import KeyringBackend

from missiontui.sync.credentials import CredentialsError, Password, find_password

SECRET = "Pw-CANARY-7f3b9e-sésame"


class MemoryKeyring(KeyringBackend):
    """A real keyring backend (keyring's own API), kept in memory instead of the OS store."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    from keyring.backends.fail import Keyring as Failing

    previous = keyring.get_keyring()
    keyring.set_keyring(Failing())
    yield
    keyring.set_keyring(previous)


def secret_file(tmp_path, mode: int, text: str = SECRET + "\n") -> str:
    path = tmp_path / "caldav-password"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return str(path)


def test_the_environment_comes_first_even_over_a_keyring_entry(memory_keyring, tmp_path):
    """A password set for this run is the user's explicit choice: an older keyring entry must not win."""
    keyring.set_password("missiontui-caldav", "alice", "an old one")
    found = find_password("alice", env_var="MISSIONTUI_SYNC_PASSWORD", file=secret_file(tmp_path, 0o600, "other"),
                          environ={"MISSIONTUI_SYNC_PASSWORD": SECRET})
    assert found == Password(SECRET, "environment")


def test_then_the_file_named_in_the_config(memory_keyring, tmp_path):
    keyring.set_password("missiontui-caldav", "alice", "an old one")
    found = find_password("alice", env_var="P", file=secret_file(tmp_path, 0o600), environ={})
    assert found == Password(SECRET, "file")


def test_the_keyring_when_nothing_explicit_is_given(memory_keyring):
    keyring.set_password("missiontui-caldav", "alice", SECRET)
    assert find_password("alice", env_var="P", environ={}) == Password(SECRET, "keyring")


def test_then_a_file_readable_only_by_its_owner(no_keyring, tmp_path):
    assert find_password("alice", file=secret_file(tmp_path, 0o600), environ={}) == Password(SECRET, "file")
    assert find_password("alice", file=secret_file(tmp_path, 0o400), environ={}).value == SECRET


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o666])
def test_a_file_others_can_read_is_refused_with_the_fix(no_keyring, tmp_path, mode):
    path = secret_file(tmp_path, mode)
    with pytest.raises(CredentialsError) as raised:
        find_password("alice", file=path, environ={})
    assert str(raised.value) == f"the password file {path} can be read by others (mode 0{mode:o}); run: chmod 600 {path}"
    assert SECRET not in str(raised.value)


def test_a_missing_or_empty_file(no_keyring, tmp_path):
    with pytest.raises(CredentialsError, match="does not exist"):
        find_password("alice", file=tmp_path / "nope", environ={})
    with pytest.raises(CredentialsError, match="is empty"):
        find_password("alice", file=secret_file(tmp_path, 0o600, "\n"), environ={})


def test_no_source_says_how_to_give_one(no_keyring):
    with pytest.raises(CredentialsError) as raised:
        find_password("alice", env_var="MISSIONTUI_SYNC_PASSWORD", environ={})
    assert str(raised.value) == ("no password for 'alice': store it with `keyring set missiontui-caldav alice`, or set "
                                 "MISSIONTUI_SYNC_PASSWORD, or name a file readable only by you")
    assert "keyring set missiontui-caldav alice" in raised.value.localized("fr")


def test_a_machine_without_a_keyring_backend_falls_through(no_keyring):
    assert find_password("alice", env_var="P", environ={"P": SECRET}).source == "environment"


def test_the_password_never_shows_itself(memory_keyring):
    keyring.set_password("missiontui-caldav", "alice", SECRET)
    found = find_password("alice")
    assert SECRET not in repr(found) and SECRET not in str(found) and SECRET not in f"{found}"
    assert found.value == SECRET
