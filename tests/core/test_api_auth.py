import json


def test_token_then_bearer(client, officer_a):
    r = client.post("/api/v1/auth/token", json.dumps({"username": "canbo_a", "password": "mat-khau-thu"}),
                    content_type="application/json")
    assert r.status_code == 200
    token = r.json()["token"]
    assert token


def test_wrong_password_is_401_with_detail(client, officer_a):
    r = client.post("/api/v1/auth/token", json.dumps({"username": "canbo_a", "password": "sai"}),
                    content_type="application/json")
    assert r.status_code == 401
    assert "Sai" in r.json()["detail"]


def test_malformed_body_is_4xx_with_string_detail(client, db):
    r = client.post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert 400 <= r.status_code < 500
    assert isinstance(r.json()["detail"], str)


def test_openapi_schema_is_served(client, db):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert r.json()["info"]["title"] == "thidua API"
