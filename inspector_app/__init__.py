"""Field Inspector domain and local store. Pure Python: no Qt, no HTTP (checked by a test)."""

APP_NAME = "Field Inspector"
APP_NAME_ZH = "安全生产执法检查"
APP_VERSION = "0.1.0"
