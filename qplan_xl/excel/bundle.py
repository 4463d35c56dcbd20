"""`qplan excel bundle`: an offline installer folder for Windows school PCs, built on any OS."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from email.parser import HeaderParser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from qplan_xl import messages as m
from qplan_xl.errors import QplanError
from qplan_xl.excel import scripts
from qplan_xl.excel.addin import build_addin

PLATFORMS = ("win_amd64", "win32")
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
PROJECT = "qplan-xl"
EXTRA = "excel"
WHEELS = "wheels"
MAX_ROUNDS = 5  # pip evaluates markers for the build machine: fetch what Windows adds, in rounds
# pip's words for "the registry cannot be reached" (as opposed to "no wheel for this Python").
NETWORK_SIGNS = ("NewConnectionError", "Failed to establish a new connection", "Name or service not known",
                 "Temporary failure in name resolution", "Network is unreachable", "ConnectTimeout",
                 "ProxyError", "SSLError", "ConnectionError", "Max retries exceeded", "ReadTimeout")
NOT_SOURCE = (".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", ".benchmarks",
              "out", "demo-output", ".venv")
Runner = Callable[[list[str]], "subprocess.CompletedProcess[str]"]


class BundleError(QplanError):
    """The bundle could not be built (registry unreachable, no source tree, pip failed)."""


@dataclass(frozen=True)
class Target:
    """One Windows interpreter the bundle serves: a pip platform tag and a CPython version."""

    platform: str
    python: str

    @property
    def label(self) -> str:
        return f"Python {self.python} {'64' if self.platform == 'win_amd64' else '32'}-bit"

    def version(self) -> tuple[int, int]:
        major, minor = self.python.split(".")
        return int(major), int(minor)

    def tags(self) -> set[Tag]:
        version, plat = self.version(), [self.platform]
        return set(cpython_tags(version, platforms=plat)) | set(
            compatible_tags(version, f"cp{version[0]}{version[1]}", plat))

    def environment(self, extra: str = "") -> dict[str, str]:
        """Marker values of CPython on Windows (pip would use the build machine's)."""
        env = {key: str(value) for key, value in default_environment().items()}
        env.update(os_name="nt", sys_platform="win32", platform_system="Windows",
                   platform_machine="AMD64" if self.platform == "win_amd64" else "x86",
                   implementation_name="cpython", platform_python_implementation="CPython",
                   python_version=self.python, python_full_version=f"{self.python}.0",
                   platform_release="10", extra=extra)
        return env

    def pip_options(self) -> list[str]:
        return ["--only-binary=:all:", "--platform", self.platform, "--python-version", self.python,
                "--implementation", "cp"]


@dataclass
class BundleResult:
    folder: Path
    served: list[Target] = field(default_factory=list)
    skipped: list[tuple[Target, str]] = field(default_factory=list)


def all_targets(pythons: Sequence[str] = PYTHONS, platforms: Sequence[str] = PLATFORMS) -> list[Target]:
    return [Target(p, v) for p in platforms for v in pythons]


def build_bundle(dest: Path, targets: Sequence[Target], *, wheel: Path | None = None,
                 runner: Runner | None = None) -> BundleResult:
    """Fill `dest` with the wheels of every target that resolves, the add-in and the scripts."""
    run = runner or _run
    folder = dest / WHEELS
    folder.mkdir(parents=True, exist_ok=True)
    project = _copy_wheel(wheel, folder) if wheel else build_project_wheel(folder, run)
    result = BundleResult(dest)
    for target in targets:
        problem = download_for(target, project, folder, run)
        (result.skipped.append((target, problem)) if problem else result.served.append(target))
    if not result.served:
        raise BundleError(m.BUNDLE["nothing_resolved"].format(detail=result.skipped[0][1]))
    build_addin(dest / "qplan.xlam")
    scripts.write_scripts(dest, result.served)
    return result


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          check=False)


def source_root() -> Path:
    """The checkout holding pyproject.toml (a wheel is built from it)."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file():
        raise BundleError(m.BUNDLE["no_source"].format(path=root))
    return root


def build_project_wheel(folder: Path, run: Runner) -> Path:
    """`pip wheel --no-deps` on a clean copy of the checkout: setuptools reuses an in-tree
    build/ folder, where a module deleted since would still be packed."""
    with tempfile.TemporaryDirectory(prefix="qplan-wheel-") as work:
        copy = Path(work) / "src"
        shutil.copytree(source_root(), copy, ignore=shutil.ignore_patterns(*NOT_SOURCE))
        _pip(run, [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(copy)])
    return newest_project_wheel(folder)


def _copy_wheel(wheel: Path, folder: Path) -> Path:
    target = folder / wheel.name
    target.write_bytes(wheel.read_bytes())
    return target


def newest_project_wheel(folder: Path) -> Path:
    found = [w for w in folder.glob("*.whl") if _wheel_name(w) == PROJECT]
    if not found:
        raise BundleError(m.BUNDLE["pip_failed"].format(detail=m.PIP_NO_WHEEL.format(project=PROJECT, folder=folder)))
    return max(found, key=lambda w: parse_wheel_filename(w.name)[1])


def _wheel_name(path: Path) -> str:
    return canonicalize_name(parse_wheel_filename(path.name)[0])


def download_for(target: Target, project: Path, folder: Path, run: Runner) -> str | None:
    """Download the target's wheels; None when it resolves, else why not (registry down: raises)."""
    wanted = [f"{project}[{EXTRA}]"]
    for _ in range(MAX_ROUNDS):
        command = [sys.executable, "-m", "pip", "download", "-q", "--retries", "2", "-d", str(folder),
                   *target.pip_options(), *wanted]
        done = run(command)
        if done.returncode != 0:
            return _download_problem(done.stderr + done.stdout)
        wanted = unmet_requirements(folder, target)
        if not wanted:
            return None
    return m.BUNDLE["unresolved"].format(names=", ".join(wanted))


def _download_problem(output: str) -> str:
    if is_network_failure(output):
        raise BundleError(m.BUNDLE["offline"].format(detail=m.pip_text(output, network=True)))
    return m.pip_text(output)  # pip's output is English


def is_network_failure(output: str) -> bool:
    return any(sign in output for sign in NETWORK_SIGNS)



def _pip(run: Runner, command: list[str]) -> None:
    done = run(command)
    if done.returncode != 0:
        output = done.stderr + done.stdout
        key = "offline" if is_network_failure(output) else "pip_failed"
        raise BundleError(m.BUNDLE[key].format(detail=m.pip_text(output, network=key == "offline")))


# --- what a Windows pip would need: the closure under Windows markers ------------------------


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str
    version: Version
    tags: frozenset[Tag]
    python: SpecifierSet  # Requires-Python (pip's --python-version dry run does not always check it)


def wheels_in(folder: Path) -> list[Wheel]:
    found = []
    for path in sorted(folder.glob("*.whl")):
        name, version, _, tags = parse_wheel_filename(path.name)
        python = SpecifierSet(metadata(path).get("Requires-Python") or "")
        found.append(Wheel(path, canonicalize_name(name), version, frozenset(tags), python))
    return found


def unmet_requirements(folder: Path, target: Target, root: str = f"{PROJECT}[{EXTRA}]") -> list[str]:
    """Requirements (as pip strings) that no wheel of `folder` satisfies for `target`."""
    available, accepted = wheels_in(folder), target.tags()
    todo, seen, unmet = [Requirement(root)], set(), []
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), str(req.specifier), tuple(sorted(req.extras)))
        if key in seen:
            continue
        seen.add(key)
        wheel = pick_wheel(available, accepted, req, target.python)
        if wheel is None:
            unmet.append(str(req))
        else:
            todo += dependencies(wheel, req.extras, target)
    return sorted(unmet)


def pick_wheel(available: Iterable[Wheel], accepted: set[Tag], req: Requirement,
               python: str = "3.12") -> Wheel | None:
    name = canonicalize_name(req.name)
    fits = [w for w in available if w.name == name and w.tags & accepted
            and req.specifier.contains(w.version, prereleases=True) and w.python.contains(f"{python}.0")]
    return max(fits, key=lambda w: w.version, default=None)


def dependencies(wheel: Wheel, extras: Iterable[str], target: Target) -> list[Requirement]:
    wanted = []
    for line in requires_dist(wheel.path):
        req = Requirement(line)
        if req.marker is None or any(req.marker.evaluate(target.environment(e)) for e in ("", *extras)):
            wanted.append(Requirement(str(req).split(";")[0]))
    return wanted


def requires_dist(path: Path) -> list[str]:
    return metadata(path).get_all("Requires-Dist") or []


def metadata(path: Path) -> Message:
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return HeaderParser().parsestr(archive.read(name).decode("utf-8"))
