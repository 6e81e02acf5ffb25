"""A fresh Debian bookworm "machine" for install.sh: a throw-away copy of a cached root.

build-root.sh debootstraps the pristine root once (cached outside the repository, like the
Asterisk root). Each `Machine` is a copy of it in a temporary folder; commands run in it
with ``chroot`` inside a private mount namespace that mounts /proc, the checkout (read-only,
at /src/textback) and the wheelhouse (read-only, at /wheelhouse). systemd is installed in
the root but not running, as in a container: install.sh must cope.

The wheelhouse is built once per requirements.lock from this machine's pip (its cache
already holds the llama-cpp-python wheel compiled for the project venv), so installing
never compiles llama.cpp again and never needs the network.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = Path(__file__).with_name("build-root.sh")
CACHE = Path("/var/cache/textback")
MARKER = ".textback-root-ready"
BUILD_REQUIREMENTS = ["setuptools>=68"]     # pyproject.toml's [build-system] requires
CLEAN_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
             "LANG": "C.UTF-8", "TERM": "dumb"}


def base_root() -> Path:
    root = Path(os.environ.get("TEXTBACK_BOOKWORM_ROOT", CACHE / "bookworm-root"))
    if not (root / MARKER).exists():
        env = dict(os.environ, TEXTBACK_BOOKWORM_ROOT=str(root))
        subprocess.run(["bash", str(BUILD_SCRIPT)], check=True, env=env, timeout=900)
    return root


def wheelhouse(lock: Path = REPO / "requirements.lock") -> Path:
    """Wheels for every pin of the lock (and the build requirements), built once per lock."""
    digest = hashlib.sha256(lock.read_bytes() + "\n".join(BUILD_REQUIREMENTS).encode()).hexdigest()[:16]
    folder = CACHE / "wheelhouse" / digest
    if (folder / MARKER).exists():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    # scripts/setup.sh keeps its portable llama.cpp wheel there: never pip's -march=native build.
    portable = os.environ.get("TEXTBACK_WHEEL_CACHE", "/var/cache/textback/wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--find-links", portable, "-r", str(lock), *BUILD_REQUIREMENTS, "-w", str(partial)],
                   check=True, timeout=1800)
    (partial / MARKER).write_text(lock.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


class Machine:
    def __init__(self, folder: Path) -> None:
        self.root = folder / "root"
        subprocess.run(["cp", "-a", "--reflink=auto", str(base_root()), str(self.root)], check=True, timeout=300)
        self.wheels = wheelhouse()
        for mount_point in ("src/textback", "wheelhouse"):
            (self.root / mount_point).mkdir(parents=True, exist_ok=True)

    def path(self, inside: str) -> Path:
        return self.root / inside.lstrip("/")

    def run(self, *command: str, check: bool = True, timeout: float = 900,
            stdin: str | None = None) -> subprocess.CompletedProcess:
        script = (
            'set -e; root="$1"; shift; '
            'mount -t proc proc "$root/proc"; '
            'mount --bind "$REPO_DIR" "$root/src/textback"; mount -o remount,bind,ro "$root/src/textback"; '
            'mount --bind "$WHEELS_DIR" "$root/wheelhouse"; mount -o remount,bind,ro "$root/wheelhouse"; '
            'exec chroot "$root" "$@"'
        )
        done = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script, "sh", str(self.root),
             "env", "-i", *(f"{k}={v}" for k, v in CLEAN_ENV.items()), *command],
            env={**os.environ, "REPO_DIR": str(REPO), "WHEELS_DIR": str(self.wheels)},
            input=stdin, capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(command)} exited {done.returncode}\n--- stdout\n{done.stdout}"
                                 f"\n--- stderr\n{done.stderr}")
        return done

    def install(self, *options: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run("bash", "/src/textback/install.sh", "--wheelhouse", "/wheelhouse", *options, check=check)

    def remove(self) -> None:
        subprocess.run(["rm", "-rf", "--one-file-system", str(self.root)], check=False, timeout=300)
