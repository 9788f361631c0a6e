"""What every benchmark needs: a private PostgreSQL, a prepared instance, gunicorn on loopback,
and a load generator that reports throughput and latency percentiles."""

from __future__ import annotations

import argparse
import glob
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


#: root process of each server a benchmark started, by its URL (for CPU accounting)
SERVER_PIDS: dict[str, Callable[[], int | None]] = {}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _process_table() -> dict[int, tuple[int, float]]:
    """Every process's parent and CPU seconds so far, read from /proc."""
    table = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        table[int(stat.split("/")[2])] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
    return table


def process_tree_cpu(pid: int | None, table: dict[int, tuple[int, float]] | None = None) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and every process below it."""
    table = table if table is not None else _process_table()
    total, todo = 0.0, [pid] if pid else []
    while todo:
        current = todo.pop()
        total += table.get(current, (0, 0.0))[1]
        todo += [child for child, (parent, _) in table.items() if parent == current]
    return total


def servers_cpu(*urls: str | None) -> dict[str, float]:
    """CPU seconds used so far by each server behind ``urls`` (gunicorn, PostgreSQL, Redis)."""
    table = _process_table()
    return {url: process_tree_cpu(SERVER_PIDS[url](), table) for url in urls if url in SERVER_PIDS}


def run_on_databases(run: Callable[[str, int], object], description: str | None) -> None:
    """The command line of the gunicorn benchmarks: ``run(database, workers)`` for each database
    asked for (--database sqlite|postgres|both, --workers N)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    for database in (["sqlite", "postgres"] if args.database == "both" else [args.database]):
        run(database, args.workers)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def private_postgres() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (durable settings, as in production)."""
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bindirs:
        raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
    bindir = bindirs[-1]
    workdir = tempfile.mkdtemp(prefix="showcase-bench-pg.")
    port = free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_user, f"{bindir}/initdb", "-D", f"{workdir}/data", "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", f"{workdir}/data", "-l", f"{workdir}/log", "-w", "-o",
                    f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c max_connections=200",
                    "start"], check=True, capture_output=True)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    pid_file = Path(workdir, "data", "postmaster.pid")
    SERVER_PIDS[url] = lambda: int(pid_file.read_text().split()[0]) if pid_file.exists() else None
    try:
        yield url
    finally:
        SERVER_PIDS.pop(url, None)
        subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", f"{workdir}/data", "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def private_redis() -> Iterator[str]:
    """A throw-away redis-server on 127.0.0.1 (for huey, as production runs it beside PostgreSQL)."""
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="showcase-bench-redis.")
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", workdir], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    url = f"redis://127.0.0.1:{port}/0"
    SERVER_PIDS[url] = lambda: process.pid
    try:
        yield url
    finally:
        SERVER_PIDS.pop(url, None)
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class Instance:
    """An instance folder, its environment and a database, ready for `flask` and gunicorn."""

    path: Path
    env: dict[str, str]

    def flask(self, *args: str, input_text: str | None = None) -> str:
        """Run `flask --app showcase ARGS` against this instance; returns its output."""
        result = subprocess.run([str(VENV_BIN / "flask"), "--app", "showcase", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, input=input_text)
        if result.returncode != 0:
            raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def python(self, code: str) -> str:
        """Run Python with the app's context available as `app` (for set-up and checks)."""
        prelude = "from showcase import create_app\napp = create_app()\nctx = app.app_context(); ctx.push()\n"
        result = subprocess.run([sys.executable, "-c", prelude + code], cwd=ROOT, env=self.env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"python set-up failed:\n{result.stderr}")
        return result.stdout


@contextmanager
def prepared_instance(database_url: str | None, **config: str) -> Iterator[Instance]:
    """A fresh instance folder with a migrated database; ``config`` becomes SHOWCASE_* variables."""
    path = Path(tempfile.mkdtemp(prefix="showcase-bench."))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOWCASE_")}
    env.update({"SHOWCASE_INSTANCE_PATH": str(path), "SHOWCASE_SECRET_KEY": "benchmark-secret-key-0123456789abcdef-0123456789",
                "SHOWCASE_RATELIMIT_ENABLED": "false"})  # jobs queue to huey's SQLite store, as deployed
    if database_url:
        env["SHOWCASE_DATABASE_URL"] = database_url
    env.update({f"SHOWCASE_{k}": v for k, v in config.items()})
    instance = Instance(path, env)
    try:
        instance.flask("db", "upgrade")
        yield instance
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def gunicorn(instance: Instance, workers: int = 4) -> Iterator[str]:
    """The app under gunicorn (sync workers) on loopback; yields its base URL."""
    port = free_port()
    env = dict(instance.env, SHOWCASE_BASE_URL=f"http://127.0.0.1:{port}")
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--worker-class", "sync", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", "/dev/null", "--backlog", "2048",
         "showcase:create_app()"],
        cwd=ROOT, env=env)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            status, _ = request("GET", base_url, "/healthz")
            if status == 200:
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise SystemExit("gunicorn did not start")
    SERVER_PIDS[base_url] = lambda: process.pid
    try:
        yield base_url
    finally:
        SERVER_PIDS.pop(base_url, None)
        process.terminate()
        process.wait(timeout=90)


def request(method: str, base_url: str, path: str, body: dict | None = None,
            headers: dict | None = None) -> tuple[int, bytes]:
    """One HTTP request on a new connection; returns (status, body)."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json"} if body is not None else {}
        all_headers.update(headers or {})
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _server_name(url: str) -> str:
    return url.split(":", 1)[0].removeprefix("http").replace("postgresql", "postgres") or "gunicorn"


@dataclass
class LoadResult:
    """Latencies (seconds) and outcomes of one load run."""

    latencies: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    wall: float = 0.0
    #: CPU seconds spent meanwhile by each server given to run_load and by this process (the load)
    cpu_by_server: dict[str, float] = field(default_factory=dict)
    client_cpu: float = 0.0

    @property
    def server_cpu(self) -> float:
        """CPU seconds spent by all the servers."""
        return sum(self.cpu_by_server.values())

    @property
    def rate(self) -> float:
        """Requests per second over the run."""
        return len(self.latencies) / self.wall if self.wall else 0.0

    def percentile(self, q: float) -> float:
        """The q-th latency percentile in milliseconds."""
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]

    def cpu_summary(self, label: str) -> str:
        """CPU per request: servers and load generator, and how many cores the run kept busy."""
        n = len(self.latencies) or 1
        busy = (self.server_cpu + self.client_cpu) / self.wall if self.wall else 0.0
        each = ", ".join(f"{_server_name(url)} {1000 * cpu / n:.2f}" for url, cpu in self.cpu_by_server.items())
        return (f"{label:<28} CPU per request: servers {1000 * self.server_cpu / n:5.2f} ms ({each}), "
                f"load generator {1000 * self.client_cpu / n:4.2f} ms ({busy:.2f} cores busy)")

    def summary(self, label: str) -> str:
        """One printable line."""
        return (f"{label:<28} {len(self.latencies):>5} req  {self.rate:8.1f} req/s  p50 {self.percentile(50):6.1f} ms"
                f"  p99 {self.percentile(99):6.1f} ms  mean {1000 * statistics.fmean(self.latencies):6.1f} ms")


def run_load(jobs: list[Callable[[], tuple[int, bytes]]], concurrency: int, servers: tuple = ()) -> LoadResult:
    """Run ``jobs`` (each one request) from ``concurrency`` client threads; time each.

    ``servers``: URLs of servers started here whose CPU time the result should account for.
    """
    result = LoadResult()
    lock = threading.Lock()
    queue = iter(jobs)

    def client() -> None:
        while True:
            with lock:
                job = next(queue, None)
            if job is None:
                return
            started = time.perf_counter()
            status, body = job()
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.statuses.append(status)
                result.bodies.append(body)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    server_cpu, client_cpu = servers_cpu(*servers), sum(os.times()[:2])
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    result.cpu_by_server = {url: cpu - server_cpu[url] for url, cpu in servers_cpu(*servers).items()}
    result.client_cpu = sum(os.times()[:2]) - client_cpu
    return result
