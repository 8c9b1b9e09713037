"""Fault injection for the sync tests (imported as ``faults``).

* ``FaultProxy``: an asyncio TCP proxy in a background thread, between the client and the
  server. It reads HTTP/1.1 messages (Content-Length or chunked) so that a fault hits a chosen
  request: cut the request after N bytes, cut the response after N bytes, swallow the response
  after the server answered (the "timeout after success" case), reset the connection before or
  after the server saw the request.
* ``ServerProcess``: the central server as its own process (``python -m sync.server``) that a
  test can SIGKILL and start again on the same database and port.
* A sync client as its own process (``python tests/faults.py sync ...``, see ``ClientRun``) that
  announces each point of a sync (before and after every request, inside every local transaction
  just before its COMMIT, and after it), waits for the test's go-ahead at each one, and is
  SIGKILLed at the point the test chose (or after a random delay).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent

# -- the fault proxy ---------------------------------------------------------------------------

PASS = "pass"
CUT_REQUEST = "cut_request"  # the server gets only the first N bytes of the request
CUT_RESPONSE = "cut_response"  # the server answered; the client gets only N bytes of it
SWALLOW = "swallow"  # the server answered; the client gets nothing until it gives up
RESET = "reset"  # RST as the request arrives: the server never sees it
RESET_AFTER = "reset_after"  # the server answered; the client gets a RST instead
MODES = (CUT_REQUEST, CUT_RESPONSE, SWALLOW, RESET, RESET_AFTER)
REACHES_SERVER = (CUT_RESPONSE, SWALLOW, RESET_AFTER)  # the server handled the whole request


@dataclass
class Fault:
    """Break ``count`` requests whose path starts with ``path`` (after letting ``skip`` pass).

    ``nbytes`` (cut modes): how many bytes get through; negative counts from the end of the
    message (``-10``: all but the last ten bytes)."""

    mode: str
    path: str = ""
    nbytes: int = 0
    count: int = 1
    skip: int = 0

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown fault mode {self.mode!r}")

    def cut(self, size: int) -> int:
        n = self.nbytes if self.nbytes >= 0 else size + self.nbytes
        return max(0, min(n, size - 1))


@dataclass(frozen=True)
class Handled:
    number: int
    method: str
    path: str
    mode: str


Policy = Callable[[int, str, str], Fault | None]


class FaultProxy:
    """A TCP proxy on a free loopback port forwarding to ``target_url``; see the module doc."""

    def __init__(self, target_url: str) -> None:
        parts = urlsplit(target_url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.history: list[Handled] = []
        self.policy: Policy | None = None  # (request number, method, path) -> a fault or None
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._count = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.AbstractServer | None = None
        self.port = 0
        started = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(started,), name="fault-proxy", daemon=True
        )
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fault proxy did not start")
        self.url = f"http://127.0.0.1:{self.port}"

    # control (from the test's thread)

    def add(
        self, mode: str, path: str = "", nbytes: int = 0, count: int = 1, skip: int = 0
    ) -> None:
        self.inject(Fault(mode, path, nbytes, count, skip))

    def inject(self, fault: Fault) -> None:
        """Arm a fault (a copy of it: the proxy counts its uses down)."""
        with self._lock:
            self._faults.append(dataclasses.replace(fault))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self.policy = None

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def hits(self, mode: str | None = None) -> list[Handled]:
        """Requests that a fault broke (of one mode, or of any)."""
        with self._lock:
            return [h for h in self.history if h.mode != PASS and (mode is None or h.mode == mode)]

    def close(self) -> None:
        if self._loop.is_closed():
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # the proxy (in its own thread)

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        started.set()
        self._loop.run_forever()

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        tasks = [t for t in self._tasks if not t.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._server.wait_closed()

    def _choose(self, method: str, path: str) -> Fault | None:
        with self._lock:
            self._count += 1
            chosen = self.policy(self._count, method, path) if self.policy else None
            if chosen is None:
                for fault in self._faults:
                    if not path.startswith(fault.path):
                        continue
                    if fault.skip > 0:
                        fault.skip -= 1
                        continue
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                    chosen = fault
                    break
            self.history.append(Handled(self._count, method, path, chosen.mode if chosen else PASS))
            return chosen

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while True:
                try:
                    request = await read_message(reader)
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    return  # the client closed the connection (or sent garbage)
                method, path = request_line(request)
                fault = self._choose(method, path)
                if fault is not None and fault.mode == RESET:
                    reset(writer)
                    return
                if upstream is None:
                    upstream = await asyncio.open_connection(*self.target)
                    self._writers.add(upstream[1])
                up_reader, up_writer = upstream
                if fault is not None and fault.mode == CUT_REQUEST:
                    up_writer.write(request[: fault.cut(len(request))])
                    await up_writer.drain()
                    return  # both sides are closed below: the link dropped mid-request
                up_writer.write(request)
                await up_writer.drain()
                response = await read_message(up_reader)
                if fault is None:
                    writer.write(response)
                    await writer.drain()
                    if b"\r\nconnection: close" in response.split(b"\r\n\r\n", 1)[0].lower():
                        return
                    continue
                # the server has answered: whatever the request did is committed
                if fault.mode == CUT_RESPONSE:
                    writer.write(response[: fault.cut(len(response))])
                    await writer.drain()
                elif fault.mode == RESET_AFTER:
                    reset(writer)
                elif fault.mode == SWALLOW:
                    while await reader.read(65536):  # until the client times out and hangs up
                        pass
                return
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            return  # one side went away
        finally:
            for w in (writer, upstream[1] if upstream else None):
                if w is None:
                    continue
                w.close()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(w.wait_closed(), 2)
                self._writers.discard(w)
            self._tasks.discard(task)


async def read_message(reader: asyncio.StreamReader) -> bytes:
    """One HTTP/1.1 message (head and body) as raw bytes."""
    head = await reader.readuntil(b"\r\n\r\n")
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        if b":" in line:
            name, value = line.split(b":", 1)
            headers[name.strip().lower()] = value.strip()
    if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
        body = b""
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            body += size_line + await reader.readexactly(size + 2)
            if size == 0:
                return head + body
    length = int(headers.get(b"content-length", b"0"))
    return head + await reader.readexactly(length)


def request_line(message: bytes) -> tuple[str, str]:
    first = message.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
    method = first[0]
    path = first[1].split("?", 1)[0] if len(first) > 1 else ""
    return method, path


def reset(writer: asyncio.StreamWriter) -> None:
    """Close with a RST (SO_LINGER 0) instead of a FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


# -- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env() -> dict[str, str]:
    return dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(ROOT), str(TESTS)]),
        QT_QPA_PLATFORM="offscreen",
        PYTHONUNBUFFERED="1",
    )


class ServerProcess:
    """``python -m sync.server --db URL --port P`` as a child process; its output goes to
    ``log`` (appended to across restarts).

    ``prefix``: put before the command (``ip netns exec NAME``: the server runs in a network
    namespace); ``probe_in(fn)`` then runs the health check where the server can be reached."""

    def __init__(
        self,
        db_url: str,
        log: Path,
        port: int | None = None,
        prefix: Sequence[str] = (),
        probe_in: Callable[[Callable[[], bool]], bool] | None = None,
    ) -> None:
        self.db_url = db_url
        self.log = log
        self.port = port or free_port()
        self.prefix = list(prefix)
        self.probe_in = probe_in or (lambda probe: probe())
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.start()

    def start(self, timeout: float = 30) -> None:
        import requests

        assert self.proc is None, "already running"
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [
                    *self.prefix,
                    sys.executable,
                    "-m",
                    "sync.server",
                    "--db",
                    self.db_url,
                    "--port",
                    str(self.port),
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=child_env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1
        deadline = time.monotonic() + timeout

        def healthy() -> bool:
            try:
                with requests.get(f"{self.url}/api/v1/health", timeout=1) as response:
                    return response.status_code == 200
            except requests.RequestException:
                return False

        while True:
            if self.proc.poll() is not None:
                self.proc = None
                raise RuntimeError(f"the server exited at start:\n{self.output()}")
            if self.probe_in(healthy):
                return
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"the server did not start:\n{self.output()}")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no shutdown of any kind (open transactions die with the process)."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class ClientRun:
    """How one run of the sync child process ended."""

    outcome: str  # "done", "killed", "error"
    points: list[str] = field(default_factory=list)  # the points passed (the last one killed)
    report: dict[str, Any] | None = None
    error: str = ""
    output: str = ""

    @property
    def killed_at(self) -> str:
        return self.points[-1] if self.outcome == "killed" and self.points else ""


def client_command(
    store: Path,
    server_url: str,
    *,
    pause: bool,
    batch: int,
    page: int,
    snapshot_page: int,
    prefix: Sequence[str] = (),
    timeout: tuple[float, float] = (2.0, 20.0),
) -> list[str]:
    """The sync child's command line (``prefix``: e.g. ``ip netns exec NAME``; ``timeout``: the
    client's connect and read timeouts)."""
    return [
        *prefix,
        sys.executable,
        str(Path(__file__).resolve()),
        "sync",
        "--store",
        str(store),
        "--server",
        server_url,
        "--batch",
        str(batch),
        "--page",
        str(page),
        "--snapshot-page",
        str(snapshot_page),
        "--timeout",
        f"{timeout[0]},{timeout[1]}",
        *(["--pause"] if pause else []),
    ]


def run_client(
    store: Path,
    server_url: str,
    *,
    kill_at: Callable[[str, int], bool] | None = None,
    kill_after: float | None = None,
    batch: int = 4,
    page: int = 5,
    snapshot_page: int = 25,
    timeout: float = 60,
) -> ClientRun:
    """Sync the device whose store is ``store`` in a child process.

    ``kill_at(label, occurrence)``: SIGKILL the child when it reaches the point so labelled for
    the ``occurrence``-th time (it waits there for the go-ahead, so the kill lands exactly
    there). ``kill_after``: SIGKILL it that many seconds after the sync started, wherever it
    is then."""
    pause = kill_at is not None
    command = client_command(
        store, server_url, pause=pause, batch=batch, page=page, snapshot_page=snapshot_page
    )
    seen: dict[str, int] = {}
    run = ClientRun("error")
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        watchdog = threading.Timer(timeout, child.kill)
        watchdog.start()
        timer = None
        lines: list[str] = []
        try:
            for line in _lines(child.stdout):
                lines.append(line)
                if line == "START" and kill_after is not None:
                    timer = threading.Timer(kill_after, _sigkill, args=(child,))
                    timer.start()
                elif line.startswith("POINT "):
                    label = line[6:]
                    seen[label] = seen.get(label, 0) + 1
                    run.points.append(label)
                    if kill_at is not None and kill_at(label, seen[label]):
                        _sigkill(child)
                        break
                    if pause:
                        with contextlib.suppress(BrokenPipeError):
                            child.stdin.write("go\n")
                            child.stdin.flush()
                elif line.startswith("DONE "):
                    run.report = json.loads(line[5:])
                elif line.startswith("ERROR "):
                    run.error = line[6:]
            child.wait(timeout)
        finally:
            watchdog.cancel()
            if timer is not None:
                timer.cancel()
            if child.poll() is None:
                child.kill()
                child.wait()
        stderr = child.stderr.read() if child.stderr else ""
    run.output = "\n".join(lines[-20:]) + "\n" + stderr[-3000:]
    if child.returncode == -signal.SIGKILL:
        run.outcome = "killed"
    elif child.returncode == 0 and run.report is not None:
        run.outcome = "done"
    else:
        run.outcome = "error"
    return run


def _lines(stream: IO[str]) -> Iterator[str]:
    while True:
        line = stream.readline()
        if not line:
            return
        yield line.rstrip("\n")


def _sigkill(child: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(child.pid, signal.SIGKILL)


# -- the sync child process --------------------------------------------------------------------


def child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="faults.py")
    sub = parser.add_subparsers(dest="command", required=True)
    sync = sub.add_parser("sync", help="sync one device store, announcing each point")
    sync.add_argument("--store", required=True)
    sync.add_argument("--server", required=True)
    sync.add_argument("--batch", type=int, default=500)
    sync.add_argument("--page", type=int, default=2000)
    sync.add_argument("--snapshot-page", type=int, default=20_000)
    sync.add_argument("--pause", action="store_true", help="wait for 'go' at each point")
    sync.add_argument("--timeout", default="2,20", help="connect and read timeouts (s)")
    args = parser.parse_args(argv)

    from inspector_app.registry import jurisdictions
    from inspector_app.registry.entries import Registry
    from inspector_app.replication.local import LocalTables
    from inspector_app.store.database import Store
    from sync import api as sync_api
    from sync import engine as sync_engine

    gate = threading.Lock()  # the client fetches on helper threads: one point at a time

    def point(label: str) -> None:
        if not args.pause:
            return
        with gate:
            print(f"POINT {label}", flush=True)
            if sys.stdin.readline().strip() != "go":
                os._exit(9)

    connect_timeout, read_timeout = (float(t) for t in args.timeout.split(","))
    store = Store.open(args.store)
    credentials = sync_api.Credentials.load(store)
    assert credentials is not None, "the device has not signed in"
    api = sync_api.ApiClient(
        sync_api.Connection(args.server, timeout=(connect_timeout, read_timeout)),
        store.device_id,
        credentials,
        on_credentials=lambda creds: creds.save(store),
    )
    sync_engine.PUSH_BATCH = args.batch
    last_path = ["-"]  # the latest request of any thread: names the transactions that follow

    original_request = api.request

    def request(method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        table = (kwargs.get("params") or {}).get("table")
        path = f"{path}:{table}" if table else path  # "/snapshot:enterprise"
        last_path[0] = path
        point(f"before {method} {path}")
        answer = original_request(method, path.split(":")[0], **kwargs)
        point(f"after {method} {path}")
        return answer

    api.request = request  # type: ignore[method-assign]
    # every attachment chunk the client tries to send, whole, whether or not it arrives (a
    # count of what an interrupted upload sends again): printed as SENT when the run ends
    attempted = {"bytes": 0, "chunks": 0}
    original_upload_chunk = api.upload_chunk

    def upload_chunk(sha256: str, offset: int, data: bytes, total: int | None = None) -> Any:
        attempted["bytes"] += len(data)
        attempted["chunks"] += 1
        return original_upload_chunk(sha256, offset, data, total)

    api.upload_chunk = upload_chunk  # type: ignore[method-assign]
    original_pull, original_snapshot = api.pull, api.snapshot
    api.pull = lambda cursor, limit=args.page: original_pull(cursor, limit)  # type: ignore[method-assign]
    api.snapshot = lambda table, after, limit=args.snapshot_page: original_snapshot(  # type: ignore[method-assign]
        table, after, limit
    )

    original_transaction = store.transaction

    @contextlib.contextmanager
    def transaction() -> Iterator[Any]:
        with original_transaction() as conn:
            yield conn
            point(f"commit {last_path[0]}")  # everything written, COMMIT not yet run
        point(f"committed {last_path[0]}")

    store.transaction = transaction  # type: ignore[method-assign]
    registry = Registry(jurisdictions.load())
    print("START", flush=True)
    try:
        report = sync_engine.SyncEngine(store, LocalTables(registry), api).run()
    except sync_api.SyncError as exc:
        print(f"ERROR {exc.kind} {exc.en}", flush=True)
        return 3
    finally:
        print(f"SENT {attempted['bytes']} {attempted['chunks']}", flush=True)
        api.close()
    store.transaction = original_transaction  # type: ignore[method-assign]
    store.close()
    print(
        "DONE "
        + json.dumps(
            {
                "pushed": report.pushed,
                "pulled": report.pulled,
                "snapshot": report.snapshot,
                "redownloaded": report.redownloaded,
                "deleted": report.deleted,
                "problems": report.problems,
                "uploaded": report.uploaded,
                "uploaded_bytes": report.uploaded_bytes,
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
