import pytest
import requests

from bot.ops.widget_server import WidgetServer, render_demo
from tests.e2e.conftest import free_port


def test_the_demo_page_gets_the_clinics_details_escaped():
    page = render_demo('<h1>{{name}}</h1><script data-server="{{server}}">', {
        "name": 'Yin & Yang <Clinic> "Best"', "server": "http://localhost:5005"})
    assert page == ('<h1>Yin &amp; Yang &lt;Clinic&gt; &quot;Best&quot;</h1>'
                    '<script data-server="http://localhost:5005">')


def test_it_serves_the_widget_and_the_demo_page_but_no_listing(tmp_path):
    (tmp_path / "clinic-chat.js").write_text("/* widget */")
    values = {key: "x" for key in ("name", "booking_url", "phone", "hours", "address", "emergency_number",
                                      "keep_conversations_days", "privacy_url", "server")}
    server = WidgetServer(free_port(), values, directory=tmp_path)
    server.start()
    try:
        assert requests.get(f"{server.url}/clinic-chat.js", timeout=5).text == "/* widget */"
        assert '<script src="/clinic-chat.js"' in requests.get(f"{server.url}/", timeout=5).text
        (tmp_path / "assets").mkdir()
        assert requests.get(f"{server.url}/assets/", timeout=5).status_code == 404
        assert requests.get(f"{server.url}/../clinic.yml", timeout=5).status_code == 404
    finally:
        server.stop()


def test_it_refuses_to_start_without_a_built_widget(tmp_path):
    with pytest.raises(FileNotFoundError, match="make widget"):
        WidgetServer(free_port(), {}, directory=tmp_path)
