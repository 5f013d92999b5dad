"""A real Dask cluster over loopback for tests and benchmarks: a ``dask scheduler`` process and ``dask worker``
processes (one thread each, no nanny: a killed worker stays dead), each worker in its own working folder, all
started with the diagnostics settings docs/deploy.md gives (``dask_runner.QUIET`` as environment variables).

``hide`` (a folder): the workers run in a mount namespace where that folder is an empty tmpfs, so they cannot
see the inputs the client reads there (``unshare -r -m``, unprivileged); ``can_hide()`` says whether this
machine allows it."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def quiet_env() -> dict[str, str]:
    from analyzer.batch.dask_runner import QUIET
    return {"DASK_" + k.upper().replace(".", "__").replace("-", "_"): str(v) for k, v in QUIET.items()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _hidden(folder: Path, argv: list[str]) -> list[str]:
    return ["unshare", "-r", "-m", "sh", "-c", 'mount -t tmpfs none "$0" && exec "$@"', str(folder), *argv]


def can_hide() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(_hidden(Path("/tmp"), ["true"]), capture_output=True)
    return probe.returncode == 0


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@contextmanager
def loopback_cluster(folder: Path, n_workers: int = 2, *, hide: Path | None = None, quiet: bool = True):
    """Yields (address, scheduler process, worker processes); stops them all on exit. Logs go to
    ``folder/cluster.log``."""
    port = free_port()
    addr = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(quiet_env() if quiet else {})}
    folder.mkdir(parents=True, exist_ok=True)
    log = open(folder / "cluster.log", "ab")
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--dashboard-address", ":0", "--no-show"], stdout=log, stderr=log, env=env)
    workers = []
    try:
        for i in range(n_workers):
            wdir = folder / f"worker{i}"
            wdir.mkdir(exist_ok=True)
            argv = [str(BIN / "dask"), "worker", addr, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                    "--local-directory", str(wdir), "--name", f"w{i}"]
            workers.append(subprocess.Popen(_hidden(hide, argv) if hide is not None else argv,
                                            stdout=log, stderr=log, env=env, cwd=wdir))
        from distributed import Client
        with Client(addr, timeout="60s") as c:
            c.wait_for_workers(n_workers, timeout=120)
        yield addr, scheduler, workers
    finally:
        stop([scheduler, *workers])
        log.close()
