"""``mailboxes_dir``: [[mailbox]] tables from a folder of files, checked like the config file's own and
followed by running workers (a file added, changed or removed), on SQLite and on PostgreSQL (leases).
Also the ``[state] lease_seconds`` checks.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres import Postgres
from test_config import MINIMAL, write
from test_worker import DEMO, NOW, drafts, sources, write_config
from test_worker_imap import MACHINES

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.worker import Worker

CUSTOMER = next(f.name for f in sorted((DEMO / "new").iterdir()) if f.name[0] != "." and f.name not in MACHINES)
BOX = """[[mailbox]]
name = "{name}"
address = "{name}@example.com"
path = "{path}"
poll_seconds = 1
"""


def folder_config(tmp_path: Path, **files: str) -> Path:
    """MINIMAL with ``mailboxes_dir = "mailboxes.d"`` and those files in it (name -> text)."""
    folder = tmp_path / "mailboxes.d"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return write(tmp_path, 'mailboxes_dir = "mailboxes.d"\n' + MINIMAL)


def error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value


def test_mailboxes_come_from_the_folder_in_file_order_after_the_config_files_own(tmp_path: Path) -> None:
    config = load_config(folder_config(tmp_path, **{
        "b.toml": BOX.format(name="brand-b", path="b") + BOX.format(name="brand-c", path="c"),
        "a.toml": BOX.format(name="brand-a", path="a"), "notes.txt": "not a mailbox file",
    }))  # fmt: skip
    assert [b.name for b in config.mailboxes] == ["support", "brand-a", "brand-b", "brand-c"]
    assert config.mailboxes_dir == tmp_path / "mailboxes.d"
    assert config.mailboxes[1].path == tmp_path / "a" and config.mailboxes[1].poll_seconds == 1


def test_errors_in_folder_files_name_the_file_and_the_key(tmp_path: Path) -> None:
    folder = tmp_path / "mailboxes.d"
    bad_key = folder_config(tmp_path, **{"x.toml": BOX.format(name="x", path="x") + 'adress = "typo"\n'})
    exc = error(bad_key)
    assert (exc.file, exc.key, exc.problem) == (str(folder / "x.toml"), "mailbox[0].adress", "unknown key")
    assert "did you mean address?" in str(exc)

    (folder / "x.toml").write_text(BOX.format(name="x", path="x").replace('address = "x@example.com"\n', ""))
    assert (error(bad_key).file, error(bad_key).key) == (str(folder / "x.toml"), "mailbox[0].address")

    (folder / "x.toml").write_text('[state]\npath = "elsewhere"\n')
    exc = error(bad_key)
    assert (exc.file, exc.key, exc.problem) == (str(folder / "x.toml"), "state", "unknown key")
    assert "holds only [[mailbox]] tables" in str(exc)

    (folder / "x.toml").write_text("[[mailbox]\n")
    assert error(bad_key).file == str(folder / "x.toml") and "not valid TOML" in str(error(bad_key))

    (folder / "x.toml").write_text("# nothing yet\n")
    assert (error(bad_key).key, error(bad_key).problem) == ("mailbox", "expected one or more [[mailbox]] tables")


def test_a_mailbox_name_in_two_files_is_an_error_naming_both(tmp_path: Path) -> None:
    path = folder_config(tmp_path, **{"one.toml": BOX.format(name="brand", path="a"),
                                      "two.toml": BOX.format(name="brand", path="b")})  # fmt: skip
    exc = error(path)
    folder = tmp_path / "mailboxes.d"
    assert (exc.file, exc.key) == (str(folder / "two.toml"), "mailbox[0].name")
    assert f"duplicate mailbox name 'brand' (also in {folder / 'one.toml'}, mailbox[0])" in str(exc)
    (folder / "two.toml").write_text(BOX.format(name="support", path="b"))  # the config file's own name
    assert f"also in {path}" in str(error(path))


def test_a_missing_folder_or_no_mailbox_anywhere_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, 'mailboxes_dir = "nowhere.d"\n' + MINIMAL)
    exc = error(path)
    assert (exc.file, exc.key) == (str(path), "mailboxes_dir") and "no such folder" in exc.problem
    (tmp_path / "nowhere.d").mkdir()
    load_config(path)  # the config file's own mailbox is enough
    text = MINIMAL[MINIMAL.index("[business_hours]") :]
    exc = error(write(tmp_path, 'mailboxes_dir = "nowhere.d"\n' + text))
    assert exc.key == "mailboxes_dir" and "no [[mailbox]]" in exc.problem


def test_lease_seconds_is_checked(tmp_path: Path, postgres: Postgres) -> None:
    state = f'[state]\nurl = "{postgres.url("x")}"\npassword_file = "{postgres.password_file}"\n'
    for value, problem in (("0.5", "expected 1 to 3600 seconds"), ('"60"', "expected int or float")):
        exc = error(write(tmp_path, state + f"lease_seconds = {value}\n" + MINIMAL))
        assert exc.key == "state.lease_seconds" and exc.problem.startswith(problem)
    assert load_config(write(tmp_path, state + "lease_seconds = 3\n" + MINIMAL)).state.lease_seconds == 3
    exc = error(write(tmp_path, '[state]\npath = "s.db"\nlease_seconds = 30\n' + MINIMAL))
    assert exc.key == "state.lease_seconds" and "only used with url" in exc.problem
    imap = ('[[mailbox]]\nname = "imap"\naddress = "i@example.com"\nsource = "imap"\nhost = "127.0.0.1"\n'
            'security = "none"\nusername = "i"\npassword_env = "X"\ntimeout_seconds = 30\n')  # fmt: skip
    load_config(folder_config(tmp_path, **{"i.toml": imap}))  # SQLite: no lease, any timeout
    path = write(tmp_path, 'mailboxes_dir = "mailboxes.d"\n' + state + "lease_seconds = 40\n" + MINIMAL)
    exc = error(path)
    assert (exc.file, exc.key) == (str(tmp_path / "mailboxes.d" / "i.toml"), "mailbox[0].timeout_seconds")
    assert "more than half of [state] lease_seconds (40 s)" in exc.problem


# -- running workers follow the folder -------------------------------------------------------------


def inbox(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(DEMO, target)
    for sub in ("cur", "new", "tmp"):
        (target / sub).mkdir(exist_ok=True)
    return target


@pytest.fixture(params=["sqlite", "postgresql"])
def store_toml(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The [state] lines: the SQLite file, or a new PostgreSQL database with a 3 s lease."""
    if request.param == "sqlite":
        return f'path = "{tmp_path / "state.sqlite3"}"'
    postgres: Postgres = request.getfixturevalue("postgres")
    return (f'url = "{postgres.url(postgres.new_database())}"\npassword_file = "{postgres.password_file}"\n'
            "lease_seconds = 3")  # fmt: skip


@pytest.fixture()
def running(tmp_path: Path, store_toml: str) -> Iterator[tuple[Path, Worker]]:
    """A looping worker on the demo config plus ``mailboxes.d`` (empty at first); yields (folder, worker)."""
    path = write_config(tmp_path, inbox(tmp_path, "support"))
    text = path.read_text().replace(f'path = "{tmp_path / "state.sqlite3"}"', store_toml)
    path.write_text(text.replace('root = "', 'mailboxes_dir = "mailboxes.d"\nroot = "', 1))
    folder = tmp_path / "mailboxes.d"
    folder.mkdir()
    worker = Worker(load_config(path), clock=lambda: NOW)
    thread = threading.Thread(target=worker.run_forever)
    thread.start()
    try:
        yield folder, worker
    finally:
        worker.stop.set()
        thread.join(15)
        worker.close()
    assert not thread.is_alive()


def wait_until(check: object, timeout: float = 30) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_a_running_worker_picks_up_added_changed_and_removed_files(
    running: tuple[Path, Worker], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    folder, _ = running
    assert wait_until(lambda: len(drafts(tmp_path / "support")) >= 15)
    brand = inbox(tmp_path, "brand")
    (folder / "brand.toml").write_text(BOX.format(name="brand", path=brand))  # added
    assert wait_until(lambda: len(drafts(brand)) >= 15), caplog.text[-3000:]
    time.sleep(0.5)  # the whole first pass
    count = len(drafts(brand))
    assert len(set(sources(brand))) == count and "config.reloaded" in caplog.text

    other = tmp_path / "brand-drafts"
    (folder / "brand.toml").write_text(BOX.format(name="brand", path=brand) + f'drafts_path = "{other}"\n')
    assert wait_until(lambda: "mailbox.stopping mailbox=brand why=changed" in caplog.text), caplog.text[-3000:]
    deliver(brand, "late-1")  # drafted into the new drafts_path
    assert wait_until(lambda: len(maildir_files(other)) == 1), caplog.text[-3000:]

    (folder / "brand.toml").write_text("[[mailbox]\n")  # a broken edit: logged, the mailboxes stay
    assert wait_until(lambda: "config.reload_failed" in caplog.text and "brand.toml" in caplog.text)
    (folder / "brand.toml").unlink()  # removed
    assert wait_until(lambda: "mailbox.stopping mailbox=brand why=removed" in caplog.text), caplog.text[-3000:]
    deliver(brand, "late-2")  # new mail in a mailbox no longer configured: nobody drafts it
    time.sleep(2.5)  # more than its poll_seconds
    assert len(maildir_files(other)) == 1 and len(drafts(brand)) == count


def deliver(maildir: Path, tag: str) -> None:
    """A customer message (a demo one with a Message-ID of its own) into ``maildir``/new."""
    data = (DEMO / "new" / CUSTOMER).read_bytes()
    data = re.sub(rb"(?im)^Message-ID:.*$", f"Message-ID: <{tag}@example.net>".encode(), data, count=1)
    (maildir / "new" / f"1795999999.{tag}.test").write_bytes(data)


def maildir_files(folder: Path) -> list[Path]:
    return [f for sub in ("cur", "new") if (folder / sub).is_dir() for f in (folder / sub).iterdir()]
