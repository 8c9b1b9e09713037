"""Every path the app reads or writes, resolved in one place.

``AppPaths(basedir)`` puts every file the app writes under ``basedir`` (``--basedir`` on the
command line; tests and the self-test use it). Without it, the user's data folder of the
platform is used. ``resources_dir()`` finds the shipped data both from source and in the
PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from inspector_app.messages import Bilingual

APP_DIR_NAME = "FieldInspector"


class DataFolderError(Bilingual):
    """The data folder (``--basedir``) cannot hold the app's files."""

    @classmethod
    def of(cls, folder: Path, exc: OSError) -> DataFolderError:
        if isinstance(exc, (FileExistsError, NotADirectoryError)):
            return cls(
                f"数据文件夹“{folder}”不可用：该路径（或其上级）是一个文件，不是文件夹。"
                "请用 --basedir 指定一个文件夹。",
                f"The data folder {folder} cannot be used: that path (or one above it) is a "
                "file, not a folder. Give a folder with --basedir.",
                "not_a_folder",
            )
        if isinstance(exc, PermissionError):
            return cls(
                f"没有权限在“{folder}”中建立数据文件夹。请指定一个可写的文件夹。",
                f"No permission to create the data folder in {folder}. Give a writable folder.",
                "no_permission",
            )
        reason = exc.strerror or str(exc)
        return cls(
            f"无法建立数据文件夹“{folder}”（{reason}）。",
            f"Cannot create the data folder {folder} ({reason}).",
            "unavailable",
        )


def default_basedir() -> Path:
    if sys.platform == "win32":
        root = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(root) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    root = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(root) / "field-inspector"


def resources_dir() -> Path:
    """The shipped ``resources/`` folder (inside the bundle when frozen)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


@dataclass(frozen=True)
class AppPaths:
    basedir: Path

    @classmethod
    def create(cls, basedir: str | os.PathLike[str] | None = None) -> AppPaths:
        """Resolve ``basedir`` and create its folders; ``DataFolderError`` when it cannot hold
        them (a file in the way, no permission)."""
        base = Path(basedir).expanduser().resolve() if basedir else default_basedir()
        paths = cls(base)
        for folder in (paths.basedir, paths.backups_dir, paths.logs_dir, paths.attachments_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DataFolderError.of(base, exc) from exc
        from inspector_app.store.database import remove_partials

        remove_partials(paths.backups_dir)  # what a backup killed mid-way left behind
        return paths

    @property
    def database(self) -> Path:
        return self.basedir / "inspector.sqlite3"

    @property
    def key_file(self) -> Path:
        """The database key wrapped by the password (``keyfile``); a copy is in the backups."""
        return self.basedir / "inspector.key"

    @property
    def key_backup(self) -> Path:
        return self.backups_dir / "inspector.key"

    @property
    def backups_dir(self) -> Path:
        return self.basedir / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.basedir / "logs"

    @property
    def attachments_dir(self) -> Path:
        return self.basedir / "attachments"

    @property
    def documents_dir(self) -> Path:
        """PDFs of issued documents (made again from the stored content when missing)."""
        return self.basedir / "documents"

    @property
    def settings_file(self) -> Path:
        return self.basedir / "settings.ini"

    @property
    def log_file(self) -> Path:
        return self.logs_dir / "inspector.log"
