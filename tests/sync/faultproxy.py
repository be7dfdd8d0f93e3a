"""A tiny HTTP/1.1 proxy for fault tests: it stands between the counter and the ledger on loopback and,
request by request, passes, answers 500, resets the connection, delays, holds the answer past the
client's timeout, forwards twice, or lets the test kill the ledger while a batch is being processed.

Only what the tests need: requests with ``Content-Length`` bodies (httpx sends those), answers read up
to their ``Content-Length`` (uvicorn sends those), one fresh upstream connection per request.

Actions (strings) are taken from :attr:`FaultProxy.plan` for each request whose path starts with
:attr:`FaultProxy.match` (the batch endpoint by default); others, and all once the plan is empty, get
:attr:`FaultProxy.default` (``"pass"``, or ``"down"`` for a network that is down):

``pass`` · ``500`` · ``reset`` (before forwarding) · ``reset_after`` (forward, let the ledger store the
batch, then reset: the answer is lost) · ``twice`` (forward the same request twice; answer with the
second) · ``delay:S`` (wait S seconds, then forward) · ``hold:S`` (forward, then keep the answer S seconds
— past the client's timeout) · ``kill:S`` (forward, wait S seconds, then call :attr:`on_kill` — the test
SIGKILLs the ledger there) · ``down`` (reset every connection at once).
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
from collections import deque
from collections.abc import Callable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _read_message(reader: asyncio.StreamReader) -> bytes | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    try:
        body = await reader.readexactly(length) if length else b""
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    return head + body


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0): the client sees 'connection reset', not a clean close."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.transport.abort()


_ERROR_500 = (b'{"error":"http_500","message":"injected"}')


class FaultProxy:
    def __init__(self, upstream_port: int, *, match: str = "/v1/events/batches"):
        self.upstream_port = upstream_port
        self.port = free_port()
        self.match = match
        self.plan: deque[str] = deque()
        self.default = "pass"
        self.on_kill: Callable[[], None] | None = None
        self.seen: list[tuple[str, str]] = []  # (path, action) of every request
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def cancel_connections() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(cancel_connections(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def add(self, *actions: str) -> None:
        with self._lock:
            self.plan.extend(actions)

    def actions(self, name: str) -> int:
        return sum(1 for _, a in self.seen if a.split(":")[0] == name)

    def _next(self, path: str) -> str:
        with self._lock:
            if self.default == "down":
                action = "down"
            elif path.startswith(self.match) and self.plan:
                action = self.plan.popleft()
            else:
                action = "pass"
            self.seen.append((path, action))
            return action

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()
            self._loop.run_until_complete(server.wait_closed())
            self._loop.close()

    async def _forward(self, request: bytes) -> bytes | None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            return None
        try:
            writer.write(request)
            await writer.drain()
            return await _read_message(reader)
        except OSError:
            return None
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await _read_message(reader)
                if request is None:
                    break
                path = request.split(b" ", 2)[1].decode("latin-1")
                action = self._next(path)
                name, _, arg = action.partition(":")
                if name in ("down", "reset"):
                    _reset(writer)
                    return
                if name == "500":
                    writer.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                                 b"Retry-After: 0\r\nContent-Length: " + str(len(_ERROR_500)).encode()
                                 + b"\r\n\r\n" + _ERROR_500)
                    await writer.drain()
                    continue
                if name == "delay":
                    await asyncio.sleep(float(arg))
                if name == "kill":
                    forwarded = asyncio.ensure_future(self._forward(request))
                    await asyncio.sleep(float(arg))
                    if self.on_kill is not None:
                        await asyncio.get_running_loop().run_in_executor(None, self.on_kill)
                    await asyncio.wait([forwarded])
                    _reset(writer)
                    return
                answer = await self._forward(request)
                if name == "twice" and answer is not None:
                    answer = await self._forward(request)
                if answer is None or name == "reset_after":
                    _reset(writer)
                    return
                if name == "hold":
                    await asyncio.sleep(float(arg))
                writer.write(answer)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            if not writer.transport.is_closing():
                writer.close()
