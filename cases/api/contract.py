"""The koppelvlak in the OpenAPI contract: a drf-spectacular postprocessing hook that adds what the
views cannot say themselves — the 18 record kinds (from the msgspec types the batch service decodes
with, so the contract is what is accepted) and every error answer as application/problem+json."""

from __future__ import annotations

from typing import Any

import msgspec

from cases import koppelvlak as kv

_PROBLEEM_CODES = {
    400: "De aanvraag is ongeldig; zie `detail` en `fouten`.",
    401: "Geen of een ongeldig token.",
    403: "Geen toegang: het token mist de benodigde scope (aanleveren kan alleen met een token).",
    404: "Bestaat niet, is niet zichtbaar voor u of is van een andere bron.",
    411: "Chunked upload zonder Content-Length op een server die die niet leest; er is niets opgeslagen.",
    409: "Batchkenmerk al gebruikt voor andere inhoud.",
    413: "JSON-envelop groter dan 50 MiB; lever grote batches als NDJSON aan.",
    415: "Content-Type is geen application/json of application/x-ndjson.",
    503: "De database is even niet bereikbaar; er is niets gewijzigd. Probeer het opnieuw (zie `Retry-After`).",
}


def koppelvlak_in_schema(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Add what the views cannot say themselves: the 18 record kinds of koppelvlak §3 (from the
    typed schema the batch service decodes with) as the request body of a delivery, and every
    error answer as application/problem+json."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(_record_schemas())
    schemas["Probleem"] = _PROBLEEM_SCHEMA
    for pad, methoden in result.get("paths", {}).items():
        for methode, operatie in methoden.items():
            antwoorden = operatie.setdefault("responses", {})
            for code in _codes(pad, methode):
                bestaand = antwoorden.get(str(code), {})
                antwoorden[str(code)] = {
                    "description": bestaand.get("description") or _PROBLEEM_CODES[code],
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Probleem"}}},
                }
            operatie["responses"] = dict(sorted(antwoorden.items()))
            if pad == "/api/v1/batches/" and methode == "post":
                operatie["requestBody"]["content"] = {
                    "application/json": {"schema": {"$ref": "#/components/schemas/BatchEnvelop"}},
                    "application/x-ndjson": {
                        "schema": {
                            "type": "string",
                            "format": "binary",
                            "minLength": 1,
                            "description": "Eén record per regel (hoogstens 64 KiB), elk een `Record` (zie "
                            "BatchEnvelop.records); minstens één record.",
                        }
                    },
                }
    return result


def _codes(pad: str, methode: str) -> list[int]:
    if not pad.startswith("/api/v1/") or pad.startswith("/api/v1/schema"):
        return []
    codes = [401, 403, 503]
    if "{id}" in pad or pad.endswith("/zoeken/"):
        codes.append(404)
    if pad.startswith("/api/v1/inburgeraars/") or pad.endswith("/fouten/"):
        codes.append(400)  # a bad filter, peildatum, cursor or body
    if pad == "/api/v1/batches/" and methode == "post":
        codes += [400, 409, 411, 413, 415]
    return sorted(codes)


_PROBLEEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Probleemdetails (RFC 9457), met een machinecode en zo nodig een fout per veld.",
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "Nederlandse uitleg."},
        "code": {"type": "string", "example": "kenmerk_hergebruikt"},
        "fouten": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "veld": {"type": "string", "nullable": True},
                    "code": {"type": "string"},
                    "melding": {"type": "string"},
                },
                "required": ["veld", "code", "melding"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}


def _record_schemas() -> dict[str, Any]:
    """The record kinds as OpenAPI 3.0 components, from the msgspec types of cases.koppelvlak."""
    (_unie,), onderdelen = msgspec.json.schema_components([kv.AnyRecord], ref_template="#/components/schemas/{name}")
    namen = {naam: f"Record{naam}" for naam in onderdelen}
    uit: dict[str, Any] = {}
    mapping: dict[str, str] = {}
    for naam, schema in onderdelen.items():
        schema = _oas30(schema)
        schema["title"] = namen[naam]
        uit[namen[naam]] = schema
        (tag,) = schema["properties"]["soort"]["enum"]
        mapping[tag] = f"#/components/schemas/{namen[naam]}"
    uit["Record"] = {
        "description": "Eén record van koppelvlak §3; `soort` bepaalt de velden.",
        "oneOf": [{"$ref": ref} for ref in mapping.values()],
        "discriminator": {"propertyName": "soort", "mapping": mapping},
    }
    uit["BatchEnvelop"] = {
        "type": "object",
        "properties": {
            "kenmerk": {
                "type": "string",
                "nullable": True,
                "minLength": 1,
                "maxLength": 100,
                "description": "Batchkenmerk (koppelvlak §1); null is hetzelfde als geen kenmerk.",
            },
            "records": {
                "type": "array",
                "minItems": 1,
                "description": "De records, elk volgens `Record`. Een record dat daar niet aan voldoet, maakt de "
                "levering niet ongeldig: het komt met zijn index in het foutrapport van de batch (koppelvlak §3).",
                "items": {"anyOf": [{"$ref": "#/components/schemas/Record"}, {}]},
            },
        },
        "required": ["records"],
    }
    return uit


def _oas30(schema: Any) -> Any:
    """JSON Schema (as msgspec writes it) to the OpenAPI 3.0 dialect: `nullable` instead of a null
    type, boolean exclusiveMinimum, a type next to an enum; an amount may also be a JSON number."""
    if isinstance(schema, list):
        return [_oas30(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {k: _oas30(v) for k, v in schema.items()}
    opties = schema.get("anyOf")
    if isinstance(opties, list) and {"type": "null"} in opties:
        rest = [o for o in opties if o != {"type": "null"}]
        schema.pop("anyOf")
        schema = {**(rest[0] if len(rest) == 1 else {"anyOf": rest}), **schema, "nullable": True}
    if isinstance(schema.get("exclusiveMinimum"), int | float) and not isinstance(schema["exclusiveMinimum"], bool):
        schema["minimum"] = schema.pop("exclusiveMinimum")
        schema["exclusiveMinimum"] = True
    if "enum" in schema and "type" not in schema and all(isinstance(v, str) for v in schema["enum"]):
        schema["type"] = "string"
    if schema.get("format") == "decimal":
        schema = {"anyOf": [schema, {"type": "number"}], "description": 'Bedrag: tekst ("12.50") of getal.'}
    return schema
