"""Redraw static/img/region.svg from Natural Earth country outlines.

The outlines come from the world-atlas npm package (countries-50m.json, TopoJSON
made from Natural Earth's public-domain data): `npm pack world-atlas@2.0.2`.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb import maps

OUTPUT = Path(settings.BASE_DIR) / "static" / "img" / "region.svg"
HIGHLIGHT = "Belarus"
LABELLED = ["Belarus", "Ukraine", "Russia", "Poland", "Lithuania", "Latvia", "Moldova", "Romania"]
MIN_STEP = 0.7


class Command(BaseCommand):
    help = "Draw the offline region map (static/img/region.svg) from world-atlas's countries-50m.json."

    def add_arguments(self, parser):
        parser.add_argument("topojson", type=Path)
        parser.add_argument("--output", type=Path, default=OUTPUT)

    def handle(self, *args, topojson, output, **options):
        try:
            topology = json.loads(Path(topojson).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {topojson}: {error}") from error
        arcs = decode_arcs(topology)
        paths, labels = [], []
        for geometry in topology["objects"]["countries"]["geometries"]:
            name = geometry.get("properties", {}).get("name", "")
            rings = [ring for polygon in polygons_of(geometry) for ring in polygon]
            projected = [
                simplify([maps.project(lat, lon) for lon, lat in stitch(ring, arcs)]) for ring in rings
            ]
            visible = [ring for ring in projected if any(maps.in_frame(x, y) for x, y in ring)]
            if not visible:
                continue
            paths.append(path_element(name, visible))
            if name in LABELLED:
                labels.append(label_element(name, max(visible, key=len)))
        Path(output).write_text(svg_document(paths, labels), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(paths)} countries)."))


def decode_arcs(topology):
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        decoded.append(points)
    return decoded


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def stitch(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def simplify(points):
    kept = [points[0]]
    for x, y in points[1:]:
        last_x, last_y = kept[-1]
        if abs(x - last_x) + abs(y - last_y) >= MIN_STEP:
            kept.append((x, y))
    return kept


def path_element(name, rings):
    d = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z" for ring in rings)
    fill = "#e9e2cf" if name == HIGHLIGHT else "#f4f1ea"
    return f'<path d="{d}" fill="{fill}" stroke="#9a927f" stroke-width="0.8"><title>{name}</title></path>'


def label_element(name, ring):
    inside = [(x, y) for x, y in ring if maps.in_frame(x, y)]
    x = sum(x for x, _ in inside) / len(inside)
    y = sum(y for _, y in inside) / len(inside)
    weight = "400"
    if name == HIGHLIGHT:
        # Keep the country's own name clear of its capital's marker.
        weight, y = "700", y + 45
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="middle" font-family="sans-serif" font-size="13" '
        f'font-weight="{weight}" fill="#5b5548" letter-spacing="1">{name.upper()}</text>'
    )


def svg_document(paths, labels):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {maps.WIDTH} {maps.HEIGHT}" '
        f'width="{maps.WIDTH}" height="{maps.HEIGHT}">\n'
        "<!-- Country outlines: Natural Earth (public domain) via world-atlas 2.0.2 (ISC). "
        "See static/img/LICENSE-region.txt. -->\n"
        f'<rect width="{maps.WIDTH}" height="{maps.HEIGHT}" fill="#dfe9f1"/>\n'
        + "\n".join(paths)
        + "\n"
        + "\n".join(labels)
        + "\n</svg>\n"
    )
