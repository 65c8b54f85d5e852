"""Where venues sit on the offline region map.

The map is an equirectangular projection of Belarus and its neighbours, drawn
once into static/img/region.svg (see the draw_region_outline command); venue
markers use the same projection, so no tile server or outside request is needed.
"""

import math
from dataclasses import dataclass

WEST, EAST = 18.0, 42.0
SOUTH, NORTH = 44.0, 58.0
WIDTH = 640
_PARALLEL = math.cos(math.radians((SOUTH + NORTH) / 2))
SCALE = WIDTH / ((EAST - WEST) * _PARALLEL)
HEIGHT = round((NORTH - SOUTH) * SCALE)


def project(latitude, longitude):
    """SVG coordinates of a point, in the map's own pixel space."""
    x = (float(longitude) - WEST) * _PARALLEL * SCALE
    y = (NORTH - float(latitude)) * SCALE
    return round(x, 1), round(y, 1)


def in_frame(x, y):
    return 0 <= x <= WIDTH and 0 <= y <= HEIGHT


@dataclass
class Marker:
    venue: object
    x: float
    y: float

    @property
    def label_x(self):
        return self.x + 8

    @property
    def label_y(self):
        return self.y + 4


@dataclass
class VenueMap:
    markers: list
    online: list
    elsewhere: list
    width: int = WIDTH
    height: int = HEIGHT


def venue_map(venues):
    """Place venues: markers for those with coordinates in the frame; online formats and the rest listed."""
    markers, online, elsewhere = [], [], []
    for venue in venues:
        if venue.is_online:
            online.append(venue)
            continue
        if venue.has_coordinates:
            x, y = project(venue.latitude, venue.longitude)
            if in_frame(x, y):
                markers.append(Marker(venue, x, y))
                continue
        elsewhere.append(venue)
    markers.sort(key=lambda marker: (marker.y, marker.x, marker.venue.name))
    return VenueMap(markers=markers, online=online, elsewhere=elsewhere)
