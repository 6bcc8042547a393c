"""One place for the workstation's directories (config, data, cache, logs), as qutebrowser's
standarddir: the platform's standard locations, or all under one base directory (--basedir)
for tests and portable runs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "ekc-workstation"


@dataclass(frozen=True)
class Paths:
    config: Path
    data: Path
    cache: Path
    logs: Path

    @classmethod
    def standard(cls, basedir: Path | None = None) -> Paths:
        """The directories to use; EKC_WORKSTATION_BASEDIR or `basedir` puts all in one tree."""
        base = basedir or (
            Path(os.environ["EKC_WORKSTATION_BASEDIR"])
            if os.environ.get("EKC_WORKSTATION_BASEDIR")
            else None
        )
        if base is not None:
            paths = cls(base / "config", base / "data", base / "cache", base / "logs")
        else:
            dirs = platformdirs.PlatformDirs(APP, appauthor=False)
            paths = cls(
                Path(dirs.user_config_dir),
                Path(dirs.user_data_dir),
                Path(dirs.user_cache_dir),
                Path(dirs.user_log_dir),
            )
        for path in (paths.config, paths.data, paths.cache, paths.logs):
            path.mkdir(parents=True, exist_ok=True)
        return paths

    @property
    def kb_file(self) -> Path:
        """The local expert system, shared by every user of this PC (it holds no personal data)."""
        return self.data / "kb.sqlite3"

    def user_data(self, username: str) -> Path:
        """Per-user data (local cache, drafts, outbox): several operators may share a PC."""
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in username)
        path = self.data / "users" / safe
        path.mkdir(parents=True, exist_ok=True)
        return path
