"""Every error is JSON and names what is wrong."""

from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from reassure.errors import InvalidInput, NotFound, UnknownSite


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def body(code: str, message: str, fields: list[dict] | None = None) -> dict:
    error: dict = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        fields = [{"field": exc.field, "message": exc.message}] if exc.field else None
        return jsonify(body(exc.code, exc.message, fields)), exc.status

    @app.errorhandler(InvalidInput)
    def _invalid(exc: InvalidInput):
        fields = [{"field": f, "message": m} for f, m in exc.problems]
        return jsonify(body("invalid_input", str(exc), fields)), 422

    @app.errorhandler(UnknownSite)
    def _unknown_site(exc: UnknownSite):
        return jsonify(
            body("unknown_site", str(exc), [{"field": "site", "message": str(exc)}])
        ), 404

    @app.errorhandler(NotFound)
    def _not_found(exc: NotFound):
        return jsonify(body(exc.code, str(exc), [{"field": exc.field, "message": str(exc)}])), 404

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        response = jsonify(body(code, exc.description or exc.name))
        response.status_code = exc.code or 500
        return response
