"""Public import path of the registry's code and number validation (a contract: see the README's
Public API). The rules live in ``inspector_app.registry.validation``."""

from inspector_app.registry.validation import (
    ValidationError,
    id_check_char,
    uscc_check_char,
    validate_id_number,
    validate_phone,
    validate_uscc,
)

__all__ = [
    "ValidationError",
    "id_check_char",
    "uscc_check_char",
    "validate_id_number",
    "validate_phone",
    "validate_uscc",
]
