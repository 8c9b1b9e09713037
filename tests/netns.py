"""A slow, lossy link made by the kernel (imported as ``netns``): a private network namespace
whose loopback is shaped by ``tc tbf`` and thinned by nftables (``numgen random``: a share of
all packets dropped, a smaller share of the packets to the server's port answered with a TCP
reset). The server and the client both run inside it and talk over its 127.0.0.1, so plain
``http://`` stays loopback; the host's own loopback (PostgreSQL, other tests) is never touched.

Needs root, ``ip`` (iproute2), ``tc`` and ``nft`` (nftables); ``missing()`` names what is not
there, for a skip.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import secrets
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
MTU = 1500  # an Ethernet-sized packet, not loopback's 64 KiB: the shaping is per packet


@dataclass(frozen=True)
class LinkSpec:
    """``rate_kbit`` through a token bucket; ``drop_percent`` of the packets either way dropped
    at random; every ``reset_every_s`` seconds, for a moment, the packets to the server's port
    answered with a TCP reset (the connection in use is broken)."""

    rate_kbit: int
    drop_percent: int
    reset_every_s: float


def missing() -> str | None:
    """Why a namespace cannot be made here (None: it can)."""
    if os.geteuid() != 0:
        return "not root (a network namespace needs CAP_NET_ADMIN)"
    tools = [t for t in ("ip", "tc", "nft") if shutil.which(t) is None]
    if tools:
        return f"no {', '.join(tools)} (apt-get install iproute2 nftables)"
    return None


def _run(*command: str, stdin: str | None = None) -> str:
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip() or done.returncode}")
    return done.stdout


class Namespace:
    """``ip netns add`` a uniquely named namespace with its loopback up; ``delete()`` removes
    it (and with it every qdisc and rule made inside)."""

    def __init__(self, prefix: str = "fi-test") -> None:
        self.name = f"{prefix}-{os.getpid()}-{secrets.token_hex(3)}"
        _run("ip", "netns", "add", self.name)
        try:
            # packets of a real link's size: without GSO the stack hands loopback whole
            # 64 KiB segments, and a rule would drop (and the bucket meter) those
            self.run("ip", "link", "set", "lo", "mtu", str(MTU), "gso_max_size", str(MTU))
            self.run("ip", "link", "set", "lo", "up")
        except BaseException:
            self.delete()
            raise

    def prefix(self) -> list[str]:
        """What to put before a command to run it inside."""
        return ["ip", "netns", "exec", self.name]

    def run(self, *command: str, stdin: str | None = None) -> str:
        return _run(*self.prefix(), *command, stdin=stdin)

    def call(self, fn: Callable[[], T]) -> T:
        """``fn()`` on a thread that has joined the namespace (its sockets are made there; the
        thread ends afterwards, so the rest of the process stays outside)."""
        result: list[T] = []
        error: list[BaseException] = []

        def run() -> None:
            try:
                libc = ctypes.CDLL(None, use_errno=True)
                fd = os.open(f"/run/netns/{self.name}", os.O_RDONLY)
                try:
                    if libc.setns(fd, CLONE_NEWNET) != 0:
                        raise OSError(ctypes.get_errno(), "setns failed")
                finally:
                    os.close(fd)
                result.append(fn())
            except BaseException as exc:
                error.append(exc)

        thread = threading.Thread(target=run, name=f"in {self.name}")
        thread.start()
        thread.join()
        if error:
            raise error[0]
        return result[0]

    def delete(self) -> None:
        with contextlib.suppress(RuntimeError):
            _run("ip", "netns", "delete", self.name)


class LossyLink:
    """The namespace's loopback shaped to ``spec`` for the traffic of ``port`` (the bucket
    holds everything on the loopback); named nftables counters of what was dropped and reset.
    ``start()`` switches the resets on (a thread), ``stop()`` off."""

    TABLE = "lossy"
    RESET_WINDOW_S = 0.2

    def __init__(self, ns: Namespace, port: int, spec: LinkSpec) -> None:
        self.ns, self.port, self.spec = ns, port, spec
        self.resets = 0  # reset moments that broke a connection
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # a bucket of a few packets; packets wait up to 2 s for tokens before tbf drops them
        ns.run(
            "tc", "qdisc", "add", "dev", "lo", "root", "tbf",
            "rate", f"{spec.rate_kbit}kbit", "burst", str(4 * MTU), "latency", "2000ms",
        )  # fmt: skip
        drop = spec.drop_percent
        ns.run(
            "nft",
            "-f",
            "-",
            stdin=(
                f"table inet {self.TABLE} {{\n"
                "  counter resets {}\n  counter drops_up {}\n  counter drops_down {}\n"
                "  counter bytes_up {}\n"
                "  chain resets {}\n"
                "  chain out {\n    type filter hook output priority 0; policy accept;\n"
                f"    tcp dport {port} jump resets\n"
                f"    tcp dport {port} numgen random mod 100 < {drop} counter name drops_up drop\n"
                f"    tcp sport {port} numgen random mod 100 < {drop} counter name drops_down "
                "drop\n"
                f"    tcp dport {port} counter name bytes_up\n"
                "  }\n}\n"
            ),
        )

    def start(self) -> None:
        self._thread = threading.Thread(target=self._resets, name="resets", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(30)

    def _resets(self) -> None:
        while not self._stop.wait(self.spec.reset_every_s):
            before = self.counters()["resets"]["packets"]
            self.ns.run(
                "nft", "add", "rule", "inet", self.TABLE, "resets",
                "counter", "name", "resets", "reject", "with", "tcp", "reset",
            )  # fmt: skip
            time.sleep(self.RESET_WINDOW_S)
            self.ns.run("nft", "flush", "chain", "inet", self.TABLE, "resets")
            if self.counters()["resets"]["packets"] > before:
                self.resets += 1

    def counters(self) -> dict[str, dict[str, int]]:
        """``{name: {"packets": n, "bytes": n}}`` of the named counters."""
        listing = json.loads(
            self.ns.run("nft", "-j", "list", "counters", "table", "inet", self.TABLE)
        )
        out: dict[str, dict[str, int]] = {}
        for item in listing.get("nftables", []):
            counter = item.get("counter")
            if counter:
                out[counter["name"]] = {"packets": counter["packets"], "bytes": counter["bytes"]}
        return out
