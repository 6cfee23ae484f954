"""Companies: create, read, list with paging/query/orderBy, replace, update, delete."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.api.support import freeze, make_company, make_connection


def test_create_company_answers_200_with_a_codat_company(api):
    response = api.post("/companies", json={"name": "Bank of Dave", "description": "Test", "tags": {"region": "us"}})
    assert response.status_code == 200
    company = response.json()
    assert uuid.UUID(company["id"])
    assert company["name"] == "Bank of Dave"
    assert company["description"] == "Test"
    assert company["tags"] == {"region": "us"}
    assert company["redirect"].startswith(api.base_url.scheme + "://")
    assert company["created"].endswith("Z")
    assert company["dataConnections"] == []


def test_forbidden_characters_are_stripped_from_the_name(api):
    assert make_company(api, "Company (Codat[1])")["name"] == "Company Codat1"
    assert make_company(api, "Café & Co.")["name"] == "Caf & Co."


@pytest.mark.parametrize("name", ["", "   ", "()[]{}", "日本", None, 42])
def test_a_name_with_nothing_allowed_left_is_a_400(api, name):
    response = api.post("/companies", json={"name": name})
    assert response.status_code == 400
    assert response.json()["statusCode"] == 400
    assert "name" in response.json()["error"]


def test_get_company_shows_its_connections(api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    got = api.get(f"/companies/{company['id']}").json()
    assert [c["id"] for c in got["dataConnections"]] == [connection["id"]]


def test_unknown_and_malformed_company_ids_are_404(api):
    assert api.get(f"/companies/{uuid.uuid4()}").status_code == 404
    response = api.get("/companies/not-a-uuid")
    assert response.status_code == 404
    assert response.json()["error"].startswith("Company not-a-uuid")


def test_list_pages_with_links(api):
    ids = [make_company(api, f"Company {n}")["id"] for n in range(5)]
    first = api.get("/companies", params={"pageSize": 2}).json()
    assert first["pageNumber"] == 1 and first["pageSize"] == 2 and first["totalResults"] == 5
    assert [c["id"] for c in first["results"]] == ids[:2]
    assert set(first["_links"]) == {"self", "current", "next"}
    third = api.get(first["_links"]["next"]["href"].replace("page=2", "page=3")).json()
    assert [c["id"] for c in third["results"]] == ids[4:]
    assert "next" not in third["_links"] and "previous" in third["_links"]
    assert api.get("/companies").json()["pageSize"] == 100


@pytest.mark.parametrize(
    "params", [{"page": "0"}, {"page": "x"}, {"pageSize": "0"}, {"pageSize": "5001"}, {"pageSize": "1.5"}]
)
def test_bad_paging_is_a_400(api, params):
    response = api.get("/companies", params=params)
    assert response.status_code == 400
    assert response.json()["correlationId"]


def test_query_by_name_and_id(api):
    dave = make_company(api, "Bank of Dave")
    make_company(api, "Other Bank")
    by_name = api.get("/companies", params={"query": "name=Bank of Dave"}).json()
    assert [c["id"] for c in by_name["results"]] == [dave["id"]]
    both = api.get("/companies", params={"query": f"name={{Bank of Dave}}&&id={dave['id']}"}).json()
    assert [c["id"] for c in both["results"]] == [dave["id"]]
    none = api.get("/companies", params={"query": f"name=Other Bank&&id={dave['id']}"}).json()
    assert none["totalResults"] == 0
    contains = api.get("/companies", params={"query": "name~bank"}).json()
    assert contains["totalResults"] == 2


@pytest.mark.parametrize("query", ["name", "=x", "name=", "name=x&&", "colour=blue", "name={x", "a=1&&b=2||c=3"])
def test_malformed_query_is_a_400(api, query):
    response = api.get("/companies", params={"query": query})
    assert response.status_code == 400
    assert response.json()["error"].startswith("Error parsing query")


def test_order_by(api):
    make_company(api, "Bravo")
    make_company(api, "alpha")
    make_company(api, "Charlie")
    names = [c["name"] for c in api.get("/companies", params={"orderBy": "name"}).json()["results"]]
    assert names == ["alpha", "Bravo", "Charlie"]
    newest_first = [c["name"] for c in api.get("/companies", params={"orderBy": "-created"}).json()["results"]]
    assert newest_first[0] == "Charlie"
    assert api.get("/companies", params={"orderBy": "colour"}).status_code == 400


def test_a_query_of_too_many_clauses_is_a_400_and_a_repeated_order_says_nothing_new(api):
    make_company(api, "Bravo")
    make_company(api, "alpha")
    long_and = api.get("/companies", params={"query": "&&".join(["name=alpha"] * 1200)})
    long_or = api.get("/companies", params={"query": "||".join(["name=alpha"] * 1200)})
    assert [long_and.status_code, long_or.status_code] == [400, 400]
    assert long_and.json()["error"].startswith("Error parsing query - A query may join at most 100 clauses")
    hundred = api.get("/companies", params={"query": "||".join(["name=alpha"] * 100)}).json()
    assert [c["name"] for c in hundred["results"]] == ["alpha"]
    repeated = api.get("/companies", params={"orderBy": ",".join(["-name"] + ["name"] * 2000)}).json()
    assert [c["name"] for c in repeated["results"]] == ["Bravo", "alpha"]  # the first mention decides


def test_companies_created_in_the_same_millisecond_list_newest_first_by_minus_created(api):
    freeze(api, dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC))  # every company gets the same `created`
    ids = [make_company(api, f"Same Moment {n}")["id"] for n in range(5)]
    newest_first = api.get("/companies", params={"orderBy": "-created", "pageSize": 3}).json()
    second_page = api.get(newest_first["_links"]["next"]["href"]).json()
    assert [c["id"] for c in newest_first["results"] + second_page["results"]] == ids[::-1]
    assert [c["id"] for c in api.get("/companies", params={"orderBy": "created"}).json()["results"]] == ids
    by_name_then_newest = api.get("/companies", params={"orderBy": "-created,name"}).json()["results"]
    assert [c["name"] for c in by_name_then_newest] == [f"Same Moment {n}" for n in range(5)]


def test_total_results_follow_every_create_delete_reset_and_restore(api):
    def total() -> int:
        return int(api.get("/companies", params={"pageSize": 1}).json()["totalResults"])  # a full page: counted

    ids = [make_company(api, f"Counted {n}")["id"] for n in range(3)]
    assert total() == 3
    make_company(api, "One more")
    assert total() == 4
    assert api.delete(f"/companies/{ids[0]}").status_code == 204
    assert total() == 3
    saved = api.get("/_sandbox/snapshot").json()
    assert api.post("/_sandbox/reset").status_code == 204
    assert total() == 0
    assert api.put("/_sandbox/snapshot", json=saved).status_code == 204
    assert total() == 3


def test_query_compares_text_case_insensitively_and_finds_missing_values(api):
    street = api.post("/companies", json={"name": "Street Bank", "description": "Straße 1, Köln"}).json()
    plain = make_company(api, "Plain Bank")
    assert [c["id"] for c in api.get("/companies", params={"query": "description~STRASSE"}).json()["results"]] == [
        street["id"]
    ]
    assert [c["id"] for c in api.get("/companies", params={"query": "description=null"}).json()["results"]] == [
        plain["id"]
    ]
    assert api.get("/companies", params={"query": "description!=null"}).json()["totalResults"] == 1
    assert api.get("/companies", params={"query": f"id={street['id'].upper()}"}).json()["totalResults"] == 1
    assert api.get("/companies", params={"query": "name>plain bank"}).json()["totalResults"] == 1
    either = api.get("/companies", params={"query": "name=street bank||name=Plain Bank"}).json()
    assert either["totalResults"] == 2


def test_replace_and_update(api):
    company = make_company(api)
    path = f"/companies/{company['id']}"
    replaced = api.put(path, json={"name": "New Name", "description": "d"})
    assert replaced.status_code == 200 and replaced.json()["name"] == "New Name"
    updated = api.patch(path, json={"tags": {"team": "a"}})
    assert updated.status_code == 200
    assert updated.json()["name"] == "New Name" and updated.json()["tags"] == {"team": "a"}
    assert api.get(path).json()["description"] == "d"


def test_replace_with_an_empty_name_is_refused_and_changes_nothing(api):
    company = make_company(api)
    response = api.put(f"/companies/{company['id']}", json={"name": "[]"})
    assert response.status_code == 403  # the spec lists no 400 for replace
    assert api.get(f"/companies/{company['id']}").json()["name"] == company["name"]


def test_delete_company_is_204_and_takes_its_connections(api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    assert api.delete(f"/companies/{company['id']}").status_code == 204
    assert api.get(f"/companies/{company['id']}").status_code == 404
    assert api.get(f"/companies/{company['id']}/connections/{connection['id']}").status_code == 404
    assert api.delete(f"/companies/{company['id']}").status_code == 404
