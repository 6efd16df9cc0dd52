from tests.assets import off_site_assets


def test_login_required_for_home(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_login_page_is_vietnamese(client, db):
    html = client.get("/dang-nhap/").content.decode()
    assert "Đăng nhập hệ thống" in html
    assert 'lang="vi"' in html


def test_english_is_available_by_explicit_choice(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    html = client.get("/dang-nhap/").content.decode()
    assert "Sign in" in html


def test_vietnamese_stays_default_for_an_english_browser(client, db):
    html = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập hệ thống" in html


def test_home_renders_for_logged_in_user(client_a):
    response = client_a.get("/")
    assert response.status_code == 200
    assert "Xin chào" in response.content.decode()


def test_no_asset_comes_from_a_cdn(client_a):
    html = client_a.get("/").content.decode()
    assert off_site_assets(html) == []
    assert "https://" not in html.split("<body")[0]


def test_calendar_overrides_only_for_province_staff(client_a):
    assert client_a.get("/lich-nghi/").status_code == 403


def test_calendar_override_bad_date_gets_vietnamese_message(staff_client):
    response = staff_client.post("/lich-nghi/", {"day": "31/02/2025", "kind": "day_off"})
    assert response.status_code == 200
    assert "Nhập ngày hợp lệ" in response.content.decode() or "hợp lệ" in response.content.decode()
