"""Settings, declared once with their type and default, stored in ``settings.ini`` under the
base directory; UI state (window geometry, splitters, last page) is kept apart from settings.

The stored values are upgraded on opening by ``inspector_app.settings.upgrade`` (a step per
version) when a key changes meaning, name or form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from inspector_app.settings import ORGAN_FIELDS, OrganProfile, upgrade

LANGUAGES = {"zh_CN": "中文", "en": "English"}


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any


LANGUAGE = Setting("general/language", str, "zh_CN")
OPERATOR = Setting("general/operator", str, "")
AUTO_BACKUP = Setting("storage/auto_backup", bool, True)
SERVER_URL = Setting("sync/server_url", str, "")
PROXY = Setting("sync/proxy", str, "")
# read from settings files of earlier versions only: the certificate is always checked now
TLS_VERIFY = Setting("sync/tls_verify", bool, True)
CA_FILE = Setting("sync/ca_file", str, "")
AUTO_SYNC_MINUTES = Setting("sync/auto_minutes", int, 5)
# the organ's profile as this computer kept it before it became the organ's synced record
# (inspector_app.documents.organ_profiles): read only to fill the settings screen once
ORGAN = {field: Setting(f"organ/{field}", str, "") for field in ORGAN_FIELDS}
# the document fonts chosen on this computer ("": the chain of ui.document_fonts)
DOCUMENT_TITLE_FONT = Setting("documents/title_font", str, "")
DOCUMENT_BODY_FONT = Setting("documents/body_font", str, "")
ALL_SETTINGS = (
    *ORGAN.values(),
    DOCUMENT_TITLE_FONT,
    DOCUMENT_BODY_FONT,
    LANGUAGE,
    OPERATOR,
    AUTO_BACKUP,
    SERVER_URL,
    PROXY,
    TLS_VERIFY,
    CA_FILE,
    AUTO_SYNC_MINUTES,
)


class Settings:
    def __init__(self, path: Path) -> None:
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        self._upgrade()

    def _upgrade(self) -> None:
        version = int(str(self._qs.value("meta/version", 0) or 0))
        keys = [k for k in self._qs.allKeys() if not k.startswith(("meta/", "state/"))]
        before = {k: self._qs.value(k) for k in keys}
        values = dict(before)
        reached = upgrade(values, version)
        for key, value in values.items():
            if before.get(key) != value:
                self._qs.setValue(key, value)
        if reached != version:
            self._qs.setValue("meta/version", reached)

    @property
    def version(self) -> int:
        return int(str(self._qs.value("meta/version", 0) or 0))

    def organ(self) -> OrganProfile:
        return OrganProfile(**{f: str(self.get(ORGAN[f])) for f in ORGAN_FIELDS})

    def set_organ(self, profile: OrganProfile) -> None:
        for field, value in profile.as_dict().items():
            self.set(ORGAN[field], value)
        self.sync()

    def get(self, setting: Setting) -> Any:
        value = self._qs.value(setting.key, setting.default)
        if setting.type is bool:
            if isinstance(value, str):
                return value.lower() in ("true", "1", "yes")
            return bool(value)
        try:
            return setting.type(value)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting, value: Any) -> None:
        if not isinstance(value, setting.type):
            raise TypeError(f"{setting.key} expects {setting.type.__name__}")
        self._qs.setValue(setting.key, value)

    @property
    def language(self) -> str:
        lang = self.get(LANGUAGE)
        return str(lang) if lang in LANGUAGES else str(LANGUAGE.default)

    # -- UI state ---------------------------------------------------------------------------

    def state(self, key: str, default: Any = None) -> Any:
        return self._qs.value(f"state/{key}", default)

    def set_state(self, key: str, value: Any) -> None:
        self._qs.setValue(f"state/{key}", value)

    def geometry(self, key: str) -> QByteArray | None:
        value = self._qs.value(f"state/{key}")
        return value if isinstance(value, QByteArray) else None

    def sync(self) -> None:
        self._qs.sync()
