"""inputs: which files a build reads. Folders are expanded into their source files; hidden
files and folders, READMEs and the outputs of builds are left out, and files of types unkg
cannot read are named in one warning."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Errors, InputError, Warnings
from .settings import SOURCE_SUFFIXES


@dataclass
class Inputs:
    """What ``find_inputs`` found: the source files (sorted, so builds are deterministic), the
    inputs that are errors, and the files left out because unkg cannot read their type."""

    files: list[Path]
    errors: list[InputError]
    unsupported: list[Path]

    def unsupported_warning(self, shown: int = 5) -> str:
        """One line naming the unsupported files (the first few) and their types."""
        suffixes = sorted({f.suffix.lower() or "no suffix" for f in self.unsupported})
        names = ", ".join(str(f) for f in self.unsupported[:shown])
        if len(self.unsupported) > shown:
            names += f" and {len(self.unsupported) - shown} more"
        n = len(self.unsupported)
        return Warnings.unsupported_files.format(n=n, s="" if n == 1 else "s", suffixes=", ".join(suffixes), names=names)


def _is_build_output(d: Path) -> bool:
    """A folder a unkg build wrote (its manifest beside its store, or the build lock)."""
    return ((d / "manifest.json").is_file() and (d / "store").is_dir()) or (d / ".unkg-build.lock").exists()


def _folder_files(p: Path, excluded: set[Path], unsupported: list[Path]) -> list[Path]:
    """The source files under folder ``p``, leaving out hidden files and folders, READMEs, and
    the outputs of builds (``excluded``, and any folder a build wrote): outputs are never read
    back as inputs."""
    skip: dict[Path, bool] = {}

    def skipped(d: Path) -> bool:
        if d not in skip:
            skip[d] = d != p and (d.name.startswith(".") or d.resolve() in excluded or _is_build_output(d)
                                  or skipped(d.parent))
        return skip[d]

    if p.resolve() in excluded or _is_build_output(p):
        return []
    found = []
    for f in sorted(p.rglob("*")):
        if skipped(f.parent) or f.name.startswith(".") or f.name.upper() in ("README.MD", "README.TXT"):
            continue
        if not (f.is_file() or (f.is_symlink() and not f.exists())):
            continue
        # A broken or looping symbolic link is not is_file(); it is kept, so that reading it
        # reports it (one line naming it) instead of it being left out without a word.
        if f.suffix.lower() in SOURCE_SUFFIXES:
            found.append(f)
        else:
            unsupported.append(f)
    return found


def find_inputs(paths: list[str | Path], exclude: list[str | Path] = ()) -> Inputs:
    """Expand folders into the source files they hold. ``exclude``: output folders (of the
    build about to run) that may lie inside an input folder."""
    files: list[Path] = []
    errors: list[InputError] = []
    unsupported: list[Path] = []
    excluded = {Path(e).resolve() for e in exclude}
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = _folder_files(p, excluded, unsupported)
            if not found:
                errors.append(InputError(str(p), Errors.empty_folder))
            files.extend(found)
        elif p.exists() or p.is_symlink():
            files.append(p)
        else:
            errors.append(InputError(str(p), Errors.no_such_input))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve() if f.exists() else f
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return Inputs(unique, errors, unsupported)


def discover(paths: list[str | Path]) -> tuple[list[Path], list[InputError]]:
    """The source files of ``paths`` and the inputs that are errors (``find_inputs``)."""
    found = find_inputs(paths)
    return found.files, found.errors
