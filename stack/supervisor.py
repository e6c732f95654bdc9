"""Starts the stack's units, waits for each to be ready, and stops them."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from stack.units import Stack, Unit


class Supervisor:
    """Starts the stack's units, waits for each to be ready, and stops them; a unit can be
    stopped, killed and started again on its own (what the distributed tests do)."""

    def __init__(self, stack: Stack, *, log_dir: Path | None = None, echo: bool = False) -> None:
        self.stack = stack
        self.log_dir = log_dir or stack.data_dir / "logs"
        self.echo = echo
        self.running: dict[str, subprocess.Popen] = {}
        self.units = {unit.name: unit for unit in stack.units()}

    def setup(self) -> None:
        """Checks every port first (``PortError``: nothing has started), then writes the
        load balancer's configuration and runs the set-up steps."""
        self.stack.check_ports()
        self.stack.write_config()
        with ThreadPoolExecutor(max_workers=4) as pool:
            for failure in pool.map(self._run_chain, self.stack.setup_steps()):
                if failure:
                    raise RuntimeError(failure)

    def _run_chain(self, chain: list[tuple[str, list[str], dict[str, str]]]) -> str | None:
        for label, argv, env in chain:
            if self.echo:
                print(f"[setup] {label}", flush=True)
            result = subprocess.run(
                argv, cwd=self.stack.root, env=env, capture_output=True, text=True
            )
            if result.returncode != 0:
                return f"{label} failed:\n{result.stdout}{result.stderr}"
        return None

    def start(
        self, name: str, *, unit: Unit | None = None, timeout: float = 60, wait: bool = True
    ) -> None:
        unit = unit or self.units[name]
        self.units[name] = unit
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        if self.echo:
            process = subprocess.Popen(
                unit.argv,
                cwd=self.stack.root,
                env=unit.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                preexec_fn=_die_with_parent,
            )
            threading.Thread(target=_echo, args=(name, process), daemon=True).start()
        else:
            with open(log_path, "a") as log:
                process = subprocess.Popen(
                    unit.argv,
                    cwd=self.stack.root,
                    env=unit.env,
                    stdout=log,
                    stderr=log,
                    preexec_fn=_die_with_parent,
                )
        self.running[name] = process
        if unit.health and wait:
            self.wait_ready(name, timeout=timeout)

    def wait_ready(self, name: str, *, timeout: float = 60) -> None:
        unit, process = self.units[name], self.running[name]
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(unit.health, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = self.log_dir / f"{name}.log"
                tail = log.read_text()[-4000:] if log.exists() else ""
                raise RuntimeError(f"{name} did not become ready:\n{tail}")
            time.sleep(0.2)

    def start_all(self) -> None:
        """Everything at once, then each waited for (the load balancer last)."""
        for name in self.units:
            if name != "haproxy":
                self.start(name, wait=False)
        for name in list(self.running):
            if self.units[name].health:
                self.wait_ready(name, timeout=90)
        self.start("haproxy")

    def stop(self, name: str, *, kill: bool = False) -> None:
        process = self.running.pop(name, None)
        if process is None:
            return
        if kill:
            process.kill()
        else:
            process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a connection kept daphne's shutdown waiting
            process.kill()
            process.wait(timeout=10)

    def stop_all(self) -> None:
        """All at once: each gets SIGTERM, and SIGKILL if it is not gone in 10 s."""
        processes = [self.running.pop(name) for name in reversed(list(self.running))]
        for process in processes:
            process.terminate()
        deadline = time.monotonic() + 10
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _die_with_parent() -> None:
    """Linux: the unit gets SIGTERM when the supervisor dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _echo(name: str, process: subprocess.Popen) -> None:
    for line in process.stdout:
        print(f"{name:>16} | {line}", end="", flush=True)
