import io
import json

import pytest
from django.core.management import call_command

from kb import maps
from kb.models import PublicationStatus, Venue
from tests.article import PROJECT_ROOT
from tests.factories import make_venue

pytestmark = pytest.mark.django_db

REGION_SVG = PROJECT_ROOT / "static" / "img" / "region.svg"


def test_projection_keeps_west_left_and_north_up_inside_the_frame():
    west_x, _ = maps.project(53.9, 20.0)
    east_x, _ = maps.project(53.9, 40.0)
    _, north_y = maps.project(57.0, 27.5)
    _, south_y = maps.project(45.0, 27.5)
    assert 0 <= west_x < east_x <= maps.WIDTH
    assert 0 <= north_y < south_y <= maps.HEIGHT
    assert not maps.in_frame(*maps.project(38.9, -77.0))


def test_venues_are_marked_listed_online_or_listed_without_a_place():
    marked = make_venue(name="Marked city", latitude=53.9, longitude=27.56)
    far_away = make_venue(name="Far city", latitude=38.9, longitude=-77.0)
    unplaced = make_venue(name="Unplaced city")
    online = Venue.objects.get(slug="online")
    result = maps.venue_map([marked, far_away, unplaced, online])
    assert [marker.venue for marker in result.markers] == [marked]
    assert result.online == [online]
    assert result.elsewhere == [far_away, unplaced]


def test_map_page_marks_venues_with_coordinates_and_lists_the_rest(client):
    venue = make_venue(name="Test capital", latitude=50.45, longitude=30.52)
    make_venue(
        name="Hidden capital", latitude=52.0, longitude=21.0, publication_status=PublicationStatus.DRAFT
    )
    html = client.get("/map/").content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    x, y = maps.project(50.45, 30.52)
    assert f'<a href="{venue.get_absolute_url()}" class="venue-map__link">' in svg
    assert f'cx="{x}" cy="{y}"' in svg
    assert "Hidden capital" not in html
    assert "Online, with no place on the map:" in html and "/venues/online/" in html
    assert "/venues/minsk/" in html.split("No coordinates stored yet")[1]


def test_the_map_needs_nothing_from_outside_the_site(client):
    html = client.get("/map/").content.decode()
    assert '<image href="/static/img/region.svg"' in html
    svg = REGION_SVG.read_text(encoding="utf-8")
    assert "<title>Belarus</title>" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert (PROJECT_ROOT / "static" / "img" / "LICENSE-region.txt").is_file()


def test_a_venue_page_shows_a_small_map_or_says_why_not(client):
    venue = make_venue(name="Mapped town", latitude=53.9, longitude=27.56)
    assert "venue-map--small" in client.get(venue.get_absolute_url()).content.decode()
    assert "An online format has no place on the map." in client.get("/venues/online/").content.decode()
    assert "No coordinates are stored for Minsk." in client.get("/venues/minsk/").content.decode()


def test_the_outline_is_drawn_from_topojson(tmp_path):
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.01, 0.01], "translate": [20, 50]},
        "arcs": [[[0, 0], [500, 0], [0, 300], [-500, 0], [0, -300]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "properties": {"name": "Belarus"}},
                ],
            }
        },
    }
    source = tmp_path / "countries.json"
    source.write_text(json.dumps(topology))
    output = tmp_path / "region.svg"
    call_command("draw_region_outline", str(source), output=str(output), stdout=io.StringIO())
    drawn = output.read_text()
    assert "<title>Belarus</title>" in drawn
    left, top = maps.project(53, 20)
    assert f"M{left:.1f},{maps.project(50, 20)[1]:.1f}" in drawn
    assert ">BELARUS</text>" in drawn
    assert top < maps.HEIGHT
