"""POST /api/documents cleans input exactly as the readers do, through the Article model (issue 13:
the API stored NUL and control characters, 9999-12-31 (now 422, as any date the rules cannot use)
and an empty URL, and two posts with an empty
URL left `check` reporting one URL stored as two current documents)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.service import open_store
from newsgraph.store.integrity import check

pytestmark = pytest.mark.slow
TOKEN = "correct-horse-battery"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def api(tmp_path_factory, pipeline):
    from fastapi.testclient import TestClient

    from newsgraph.api import create_app

    store = open_store(str(tmp_path_factory.mktemp("api") / "kb.db"))
    yield TestClient(create_app(store, token=TOKEN)), store
    store.close()


def test_api_post_cleans_text_url_and_date_as_the_readers_do(api):
    client, store = api
    for text in ("Hadi Al-Amiri\x00 met\x1b[31m Iranian officials in Baghdad.\x07",
                 "Qais Al-Khazali\x0b rejected the proposal in Basra."):
        bad = client.post("/api/documents", headers=AUTH, json={"text": text, "published": "9999-12-31"})
        assert bad.status_code == 422 and "in the future" in bad.json()["error"]["message"]
        r = client.post("/api/documents", headers=AUTH, json={"text": text, "url": "", "title": " "})
        assert r.status_code == 201, r.text
        doc = client.get(f"/api/documents/{r.json()['documents'][0]}").json()
        assert doc["url"] is None and doc["title"] is None and doc["published"] is None
        assert "\x00" not in doc["text"] and "\x1b" not in doc["text"] and "\x0b" not in doc["text"]
    assert not [p for p in check(store) if "URL" in p.detail]


def test_api_post_bare_year_is_a_year(api):
    client, store = api
    r = client.post("/api/documents", headers=AUTH,
                    json={"text": "Kata'ib Hezbollah threatened US forces near Erbil.", "published": "2023"})
    assert r.status_code == 201 and r.json()["warnings"] == []
    with store.read() as conn:
        row = conn.exec_driver_sql("SELECT published, published_precision FROM documents WHERE id = ?",
                                   (r.json()["documents"][0],)).one()
    assert tuple(row) == ("2023-01-01", "year")


def test_api_post_of_control_characters_only_is_422(api):
    client, _ = api
    r = client.post("/api/documents", headers=AUTH, json={"text": "\x00\x01\x1b\x7f"})
    err = r.json()["error"]
    assert r.status_code == 422 and err["code"] == "NG601" and "no text" in err["message"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=80), title=st.none() | st.text(max_size=20),
       url=st.none() | st.text(max_size=20), published=st.none() | st.text(max_size=12))
def test_api_post_any_code_point_is_201_or_422_never_500(api, text, title, url, published):
    client, _ = api
    r = client.post("/api/documents", headers=AUTH,
                    json={"text": text, "title": title, "url": url, "published": published})
    assert r.status_code in (201, 422), r.text
    if r.status_code == 201:
        doc = client.get(f"/api/documents/{r.json()['documents'][0]}").json()
        assert all(ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) for ch in doc["text"])
