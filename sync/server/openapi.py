"""The OpenAPI document as the server really behaves: FastAPI describes the bodies and query
parameters of each route; this adds what the middleware and ``auth`` enforce on every call (the
protocol header, the bearer token bound to its device header) and every error the server answers
with, each in the one error body (``error`` code, bilingual ``message``)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from inspector_app.replication.tables import SPECS
from sync import protocol

SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
CHUNK = protocol.CHUNK_BYTES
BLOB_MAX = protocol.MAX_BLOB_BYTES
# lease and block ids (sync.server.numbers.check_id): 8 to 36 printable ASCII characters
ID = {"type": "string", "minLength": 8, "maxLength": 36, "pattern": "^[\\x20-\\x7e]*$"}
NO_NUL = {"pattern": "^[^\\x00]*$"}
# (body schema, property): its real bounds
BODY_FIELDS: dict[tuple[str, str], dict[str, Any]] = {
    ("ReturnBody", "lease_id"): ID,
    ("LocalBody", "block_id"): ID,
    ("LeaseBody", "doc_type"): {"type": "string", "minLength": 1},
    ("LocalBody", "doc_type"): {"type": "string", "minLength": 1},
    # sign-in fields refuse NUL (sync.server.app.no_nul)
    **{
        (model, name): NO_NUL
        for model, names in {
            "LoginBody": ("username", "password", "device_id", "device_name"),
            "RefreshBody": ("refresh_token", "device_id"),
        }.items()
        for name in names
    },
}
TABLES = sorted(SPECS)
# the bounds of the paged reads, checked by their routes (sync.server.app)
MAX_CURSOR = 2**62
MAX_PULL = 10 * protocol.PULL_PAGE
MAX_SNAPSHOT = 5 * protocol.SNAPSHOT_PAGE

# (operation path without the prefix, parameter): its real bounds, as the route checks them
PARAMETERS: dict[tuple[str, str], dict[str, Any]] = {
    ("/pull", "cursor"): {"type": "integer", "minimum": 0, "maximum": MAX_CURSOR},
    ("/pull", "limit"): {"type": "integer", "minimum": 1, "maximum": MAX_PULL},
    ("/snapshot", "table"): {"type": "string", "enum": TABLES},
    ("/snapshot", "after"): {"type": "string", "maxLength": 36, "pattern": "^[^\\x00]*$"},
    ("/snapshot", "limit"): {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_SNAPSHOT,
    },
    ("/blobs/{sha256}", "offset"): {"type": "integer", "minimum": 0, "maximum": BLOB_MAX},
    ("/blobs/{sha256}", "total"): {"type": "integer", "minimum": 0, "maximum": BLOB_MAX},
    ("/blobs/{sha256}", "length"): {"type": "integer", "minimum": 1, "maximum": CHUNK},
    ("/verify", "tables"): {
        "type": "string",
        "pattern": f"^({'|'.join(TABLES)})(,({'|'.join(TABLES)}))*$",
    },
}

# the operations a device calls before it holds an access token
PUBLIC = {"/health", "/login", "/refresh"}

ERROR_BODY: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {
            "type": "object",
            "required": ["zh", "en"],
            "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
        },
    },
}

# status: what it means; every API call may be answered with these
ERRORS = {
    "400": "Malformed request (missing protocol header, invalid JSON or chunk)",
    "401": "No valid access token for this device",
    "403": "Outside the caller's role or jurisdiction",
    "404": "No such object",
    "409": "Conflicts with what the server holds",
    "413": "Request body too large",
    "422": "A field breaks a rule (the field is named)",
    "426": "Protocol version too old",
    "429": "Too many attempts; retry later",
    "503": "Server not initialised",
}


def _header(name: str, pattern: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": True,
        "description": description,
        "schema": {"type": "string", "pattern": pattern},
    }


def install(app: FastAPI, prefix: str) -> None:
    """Replace ``app.openapi`` by the completed document (built once, on first request)."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
        components = doc.setdefault("components", {})
        components.setdefault("schemas", {})["Error"] = ERROR_BODY
        components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        for (model, name), bound in BODY_FIELDS.items():
            properties = components["schemas"].get(model, {}).get("properties", {})
            if name in properties:
                properties[name] = {**properties[name], **bound}
        error_ref = {"$ref": "#/components/schemas/Error"}
        for path, operations in doc.get("paths", {}).items():
            local = path.removeprefix(prefix)
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                if local == "/health":
                    continue
                params = operation.setdefault("parameters", [])
                for param in params:
                    if param["name"] == "sha256":
                        param["schema"] = dict(SHA256)
                    rule = PARAMETERS.get((local, param["name"]))
                    if rule is not None:
                        param["schema"] = dict(rule)
                params.append(
                    _header(protocol.H_PROTOCOL, r"^[0-9]{1,5}$", "The client's protocol version")
                )
                if (
                    local == "/blobs/{sha256}"
                    and "put" in operations
                    and operation is operations["put"]
                ):
                    params.append(
                        _header(protocol.H_CHUNK_SHA256, SHA256["pattern"], "SHA-256 of the chunk")
                    )
                    operation["requestBody"] = {
                        "required": True,
                        "content": {
                            "application/octet-stream": {
                                "schema": {"type": "string", "format": "binary", "maxLength": CHUNK}
                            }
                        },
                    }
                if local not in PUBLIC:
                    operation["security"] = [{"bearer": []}]
                    params.append(
                        _header(
                            protocol.H_DEVICE, r"^.{1,100}$", "The device the token is bound to"
                        )
                    )
                for status, meaning in ERRORS.items():
                    responses[status] = {
                        "description": meaning,
                        "content": {"application/json": {"schema": error_ref}},
                    }
        app.openapi_schema = doc
        return doc

    app.openapi = build  # type: ignore[method-assign]
