"""The API's contract (issue #15, item 4): the OpenAPI document is valid (openapi-spec-validator), each schema
name means one shape, enum-like fields list their allowed values, and every documented error is `{"detail": …}`."""

import json
import typing

from openapi_spec_validator import validate
from pydantic import BaseModel

from thidua.api.urls import api

# Fields that hold a code from a fixed list: the document must say which codes.
ENUM_FIELDS = {
    "state",
    "status",
    "kind",
    "procedure",
    "appraisal",
    "role",
    "category",
    "level",
    "form",
    "scope",
    "rating",
    "recipient_kind",
    "commendation_type",
    "council_result",
    "gender",
    "due_kind",
    "cycle",
    "result",
    "choice",
    "source",
    "channel",
}
# Free text that happens to have one of those names.
FREE_TEXT = {
    "InspectionDetailOut.scope",
    "InspectionIn.scope",
    "PetitionOut.result",
    "PetitionStepIn.result",
    "AwardReportOut.scope",
}


def _document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_document_is_valid(client, db):
    validate(_document(client))


def _models(annotation, found):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, found)
        return
    for arg in typing.get_args(annotation):
        _models(arg, found)


def test_schema_names_are_unique():
    """Components are named after their classes: two different classes with one name would document one of them
    with the other's fields (as /orgs/units once was)."""
    found = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*(operation.response_models or {}).values(), *operation.models]:
                    _models(model, found)
    by_name = {}
    for model in found:
        if model.__module__.startswith("thidua."):
            by_name.setdefault(model.__name__, set()).add(
                json.dumps(model.model_json_schema(), sort_keys=True)
            )
    assert {name for name, shapes in by_name.items() if len(shapes) > 1} == set()


def _lists_values(schema) -> bool:
    if "enum" in schema or "const" in schema or "$ref" in schema:
        return True
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return bool(options) and all(_lists_values(s) for s in options)


def test_enum_fields_list_their_values(client, db):
    document = _document(client)
    missing = []
    for name, component in document["components"]["schemas"].items():
        for prop, schema in component.get("properties", {}).items():
            if f"{name}.{prop}" in FREE_TEXT or schema.get("type") == "integer":
                continue
            if prop in ENUM_FIELDS and not _lists_values(schema):
                missing.append(f"{name}.{prop}")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in ENUM_FIELDS and not _lists_values(parameter["schema"]):
                    missing.append(f"{method.upper()} {path} ?{parameter['name']}")
    assert missing == []
    dossier = document["components"]["schemas"]["DossierOut"]["properties"]
    assert "council" in dossier["state"]["enum"] and "decided" in dossier["state"]["enum"]


def test_every_documented_error_is_a_detail(client, db):
    document = _document(client)
    components = document["components"]["schemas"]
    wrong = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if not status.startswith("4"):
                    continue
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                ref = schema.get("$ref", "").rsplit("/", 1)[-1]
                properties = (
                    components.get(ref, {}).get("properties", {}) if ref else schema.get("properties", {})
                )
                if "detail" not in properties:
                    wrong.append(f"{method.upper()} {path} {status}")
    assert wrong == []


def test_no_answer_can_carry_an_individual_vote(client, db):
    """Ballot secrecy (dossiers/secrecy.py): a choice is only ever sent (VoteIn), never answered; a ballot or session
    answers counts (participation) and, after the tally, totals — nothing per member but presence."""
    document = _document(client)
    components = document["components"]["schemas"]
    assert [name for name, c in components.items() if "choice" in c.get("properties", {})] == ["VoteIn"]
    ballot = set(components["BallotOut"]["properties"])
    assert ballot >= {"participation", "i_voted", "votes_yes", "votes_no", "passed"}
    assert not ballot & {"votes", "voters", "choices", "members"}
    assert set(components["AttendanceOut"]["properties"]) == {
        "member_id",
        "full_name",
        "role",
        "present",
        "written_vote",
    }
