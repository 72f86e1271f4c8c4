"""The OpenAPI document tells the truth: every refusal declared with the error schema, public
operations marked public (an empty security requirement beside the token and the session)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import JsonSchemaMode

from .auth import anonymous
from .errors import ErrorOut

ERROR_REF = {"$ref": REF_TEMPLATE.format(model="ErrorOut")}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def is_public(operation: Operation) -> bool:
    return anonymous in (operation.auth_callbacks or [])


def error_statuses(operation: Operation) -> list[int]:
    """The refusals an operation can give (all in the one error format).

    401: bad or missing credentials (a bad token is refused on public operations too); 400: a broken
    rule; 403: not allowed; 404: the requested object (or page) is missing or not visible; 409: a
    write conflicts with the current state; 422: the input does not validate.
    """
    statuses = [400, 401, 403, 404]
    if UNSAFE & {method.upper() for method in operation.methods}:
        statuses.append(409)
    if operation.models:
        statuses.append(422)
    return statuses


class KlyngeGenerateJsonSchema(NinjaGenerateJsonSchema):
    """Decimal strings are described by a pattern that holds their digits and places."""

    def get_decimal_pattern(self, schema: Any) -> str | None:
        return self.build_decimal_pattern(schema)


class KlyngeOpenAPISchema(OpenAPISchema):
    def _create_schema_from_model(
        self,
        model: Any,
        by_alias: bool = True,
        remove_level: bool = True,
        mode: JsonSchemaMode = "validation",
    ) -> tuple[dict[str, Any], bool]:
        if hasattr(model, "__ninja_flatten_map__"):
            return super()._create_schema_from_model(model, by_alias, remove_level, mode)
        schema = model.model_json_schema(
            ref_template=REF_TEMPLATE,
            by_alias=by_alias,
            schema_generator=KlyngeGenerateJsonSchema,
            mode=mode,
        ).copy()
        if schema.get("$defs"):
            self.add_schema_definitions(schema.pop("$defs"))
        if remove_level and len(schema["properties"]) == 1:
            name, details = next(iter(schema["properties"].items()))
            return details, name in schema.get("required", {})
        return schema, True

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        self.add_schema_definitions(
            {
                "ErrorOut": ErrorOut.model_json_schema(
                    ref_template=REF_TEMPLATE, mode="serialization"
                )
            }
        )
        for status in error_statuses(operation):
            result.setdefault(
                status,
                {
                    "description": HTTPStatus(status).phrase,
                    "content": {"application/json": {"schema": ERROR_REF}},
                },
            )
        return dict(sorted(result.items()))

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        if is_public(operation):
            return [{}, *(security or [])]
        return security


class KlyngeAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return KlyngeOpenAPISchema(self, path_prefix)
