"""Platform operations a QBO Bank Feeds sandbox does not offer: each answers a status Codat lists for it.

The Platform SDK raises `errors.ErrorMessage` only for a status its spec lists for the operation
(any other raises SDKError), so each SDK case below proves the status is one Codat documents.
"""

from __future__ import annotations

import collections
import functools
import uuid
import warnings

import pytest
from codat_platform.models import errors

from link_ui.api.unsupported import PLATFORM

HCWS, INVOICES, X = {"platform_key": "hcws"}, {"data_type": "invoices"}, {"custom_data_identifier": "x"}
# operation id, SDK call, which ids of the path it takes, the rest of its request, the status
CASES = [
    ("add-product", "companies.add_product", "company", {"product_identifier": "x"}, 404),
    ("remove-product", "companies.remove_product", "company", {"product_identifier": "x"}, 404),
    ("refresh-product-data", "companies.refresh_product_data", "company", {"product_identifier": "x"}, 400),
    ("update-connection-authorization", "connections.update_authorization", "connection", {}, 404),
    ("get-company-syncSettings", "companies.get_company_sync_settings", "company", {}, 404),
    ("set-company-syncSettings", "companies.set_company_sync_settings", "company", {}, 400),
    ("get-connection-management-access-token", "connection_management.get", "company", {}, 404),
    ("get-connection-management-cors-settings", "cors.get", None, None, 404),
    ("set-connection-management-cors-settings", "cors.set", None, {"allowed_origins": ["https://a.example"]}, 404),
    ("get-cors-settings", "settings.get", None, None, 404),
    ("set-cors-settings", "settings.set", None, {"allowed_origins": ["https://a.example"]}, 404),
    ("refresh-company-data", "refresh_data.all", "company", {}, 400),
    ("refresh-data-type", "refresh_data.by_data_type", "company", INVOICES, 400),
    ("get-company-data-status", "refresh_data.get", "company", {}, 404),
    ("list-pull-operations", "refresh_data.list_pull_operations", "company", {}, 400),
    ("get-pull-operation", "refresh_data.get_pull_operation", "company", {"dataset_id": "d"}, 404),
    ("get-read-validation-results", "read_data.get_validation_results", "company", {"dataset_id": "d"}, 404),
    ("get-create-update-model-options-by-data-type", "push_data.get_model_options", "connection", INVOICES, 404),
    ("rotate-zapier-key", "webhooks.rotate_zapier_key", None, None, 403),
    ("get-profile-syncSettings", "settings.get_sync_settings", None, None, 403),
    ("update-profile-syncSettings", "settings.update_sync_settings", None, {"client_id": "c", "settings": []}, 403),
    ("list-api-keys", "settings.list_api_keys", None, None, 403),
    ("create-api-key", "settings.create_api_key", None, {"name": "k"}, 400),
    ("delete-api-key", "settings.delete_api_key", None, {"api_key_id": "k"}, 404),
    ("get-supplemental-data-configuration", "supplemental_data.get_configuration", None, {**HCWS, **INVOICES}, 404),
    ("configure-supplemental-data", "supplemental_data.configure", None, {**HCWS, **INVOICES}, 404),
    ("get-custom-data-type-configuration", "custom_data_type.get_configuration", None, {**HCWS, **X}, 404),
    ("configure-custom-data-type", "custom_data_type.configure", None, {**HCWS, **X}, 404),
    ("refresh-custom-data-type", "custom_data_type.refresh", "connection", X, 404),
    ("list-custom-data-type-records", "custom_data_type.list", "connection", X, 400),
]
ERROR_KEYS = {"statusCode", "service", "error", "correlationId", "canBeRetried", "detailedErrorCode", "validation"}


@pytest.fixture
def ids(provider_api):
    company = provider_api.post("/companies", json={"name": "Not Offered Co"}).json()
    connection = provider_api.post(f"/companies/{company['id']}/connections", json={"platformKey": "hcws"}).json()
    return {
        "company": {"company_id": company["id"]},
        "connection": {"company_id": company["id"], "connection_id": connection["id"]},
    }


def call(platform, name, scope, extra, ids):
    method = functools.reduce(getattr, name.split("."), platform)
    with warnings.catch_warnings():  # the SDK warns that the Connections SDK's operations are deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        return method() if extra is None else method(request={**(ids[scope] if scope else {}), **extra})


def test_every_row_of_the_platform_table_is_tried_through_the_sdk():
    assert [row[0] for row in PLATFORM] == [case[0] for case in CASES]
    assert [row[3] for row in PLATFORM] == [case[4] for case in CASES]


@pytest.mark.parametrize(("operation", "name", "scope", "extra", "status"), CASES, ids=[c[0] for c in CASES])
def test_not_offered_operations_raise_error_message_with_a_listed_status(
    platform, ids, operation, name, scope, extra, status
):
    with pytest.raises(errors.ErrorMessage) as raised:
        call(platform, name, scope, extra, ids)
    assert raised.value.status_code == status and raised.value.data.correlation_id
    assert "QuickBooks Online Bank Feeds sandbox does not offer" in raised.value.data.error


@pytest.mark.parametrize(("operation", "method", "path", "status", "what"), PLATFORM, ids=[r[0] for r in PLATFORM])
def test_documented_paths_are_never_no_such_endpoint(provider_api, ids, operation, method, path, status, what):
    company_id, connection_id = ids["connection"]["company_id"], ids["connection"]["connection_id"]
    names = {"companyId": company_id, "connectionId": connection_id, "platformKey": "hcws", "dataType": "invoices"}
    concrete = path.format_map(collections.defaultdict(lambda: "x", names))
    response = provider_api.request(method, concrete, json={})
    assert response.status_code == status and set(response.json()) == ERROR_KEYS
    assert what in response.json()["error"]
    if "{companyId}" in path:  # the company is checked first: another tenant's or no company is a 404
        missing = provider_api.request(method, concrete.replace(company_id, str(uuid.uuid4())), json={})
        assert missing.status_code == 404 and missing.json()["error"].startswith("Company")
    if "{platformKey}" in path:
        other = provider_api.request(method, concrete.replace("/hcws/", "/gbol/"), json={})
        assert other.status_code == 404 and "gbol" in other.json()["error"]
