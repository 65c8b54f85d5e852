"""Fill a database with synthetic entries for benchmarks and scale tests.

Everything generated is marked synthetic: slugs start with ``synthetic-``,
bodies open by saying so, and every entry cites one "Synthetic data" source.
The command refuses to run on a database that holds any other entry, so
synthetic data never mixes with real data.
"""

import math
import random
import time
import uuid
from itertools import accumulate

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from kb import bulk, markdown, search
from kb.bulk import BATCH
from kb.models import (
    ENTRY_MODELS,
    Actor,
    ActorKind,
    Agreement,
    AgreementStatus,
    Citation,
    DataVersion,
    Event,
    EventKind,
    EventStatus,
    Participation,
    Period,
    PublicationStatus,
    Role,
    Source,
    Tag,
    TaggedEntry,
    Venue,
    VenueKind,
)

PREFIX = "synthetic-"
# One event in this many is a series of meetings; other events belong to one of them as often as not.
SERIES_SHARE = 20


def _words(text):
    return tuple(text.split())


CITIES = _words(
    """
    Minsk Kyiv Moscow Warsaw Vilnius Riga Tallinn Helsinki Geneva Vienna Istanbul Ankara Baku
    Tbilisi Yerevan Astana Tashkent Berlin Paris Rome Madrid Lisbon Oslo Stockholm Copenhagen Prague
    Bratislava Budapest Bucharest Sofia Belgrade Zagreb Ljubljana Chisinau Odesa Lviv Kharkiv Dnipro
    Gomel Brest Grodno Vitebsk Mogilev Doha Riyadh Jeddah Cairo Washington Ottawa Beijing Tokyo
    Delhi Brasilia Pretoria Nairobi Rabat Tunis Muscat Valletta Reykjavik Dublin Brussels Luxembourg
    Bern Athens Nicosia
    """
)
COUNTRIES = _words(
    """
    Belarus Ukraine Russia Poland Lithuania Latvia Estonia Finland Switzerland Austria Turkey
    Azerbaijan Georgia Armenia Kazakhstan Uzbekistan Germany France Italy Spain Qatar Egypt
    """
)
TOPICS = (
    "prisoner exchanges",
    "ceasefire monitoring",
    "border security",
    "humanitarian corridors",
    "grain exports",
    "nuclear safety",
    "energy supplies",
    "sanctions relief",
    "confidence-building measures",
    "military transparency",
    "refugee returns",
    "de-mining",
    "water supplies",
    "rail transit",
    "air traffic",
    "trade routes",
    "minority rights",
    "election observation",
    "cultural heritage",
    "the remains of fallen soldiers",
)
EVENT_WORDS = {
    EventKind.SUMMIT: "summit",
    EventKind.MEETING: "meeting",
    EventKind.TALKS: "talks",
    EventKind.MEETING_SERIES: "round of consultations",
    EventKind.EXCHANGE: "exchange",
    EventKind.INTERVIEW: "interview",
    EventKind.DEVELOPMENT: "statement",
}
FIRST_NAMES = _words(
    """
    Anna Oleg Iryna Pavel Maria Andrei Olena Viktor Tatsiana Dmitry Sofia Mikhail Hanna Ivan
    Katsiaryna Taras Natalia Sergei Yulia Aliaksei Laura Jonas Ewa Marek Ingrid Henrik Chloe Pierre
    Elif Murat
    """
)
SURNAMES = _words(
    """
    Kovalenko Ivanova Petrov Shevchenko Novik Zhuk Melnyk Bondarenko Karpovich Lysenko Sidorova
    Kozlov Tkachenko Hrytsenko Moroz Volkova Nowak Kowalski Jonaitis Berzins Tamm Virtanen Muller
    Dubois Rossi Garcia Yilmaz Demir Hansen Larsen
    """
)
SENTENCES = (
    "Delegations from {country} and {other} met in {city} to discuss {topic}.",
    "The talks in {city} focused on {topic} and on {other_topic}.",
    "Negotiators agreed to meet again in {other_city} within a month.",
    "Observers from {country} described the atmosphere as calm and businesslike.",
    "The parties exchanged lists concerning {topic}.",
    "No joint statement was published after the meeting in {city}.",
    "A working group on {other_topic} was set up under the chairmanship of {country}.",
    "The host government offered {city} as a venue for further rounds.",
    "Both sides reported progress on {topic}, though details were not disclosed.",
    "The meeting was postponed twice before it took place in {city}.",
)
ROLES = (Role.PARTY, Role.PARTICIPANT, Role.NEGOTIATOR, Role.MEDIATOR, Role.HOST, Role.FACILITATOR)


def _zipf_cumulative_weights(count, exponent=1.1):
    """Cumulative weights for random.choices, which would otherwise add up the weights on every call."""
    return list(accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


class Command(BaseCommand):
    help = "Fill an empty (or already synthetic) database with synthetic entries for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=1_000)
        parser.add_argument("--actors", type=int, default=None, help="Default: events / 50, at least 40.")
        parser.add_argument("--venues", type=int, default=None, help="Default: events / 300, at least 30.")
        parser.add_argument("--tags", type=int, default=60)
        parser.add_argument("--agreements", type=int, default=None, help="Default: events / 40.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; the same seed gives the same data."
        )

    def handle(self, *args, **options):
        self._refuse_real_data()
        self.random = random.Random(options["seed"])
        self.run = uuid.uuid4().hex[:6]
        events = options["events"]
        defaults = {
            "actors": max(events // 50, 40),
            "venues": max(events // 300, 30),
            "agreements": events // 40,
        }
        counts = {
            name: default if options[name] is None else options[name] for name, default in defaults.items()
        }
        counts["tags"] = options["tags"]
        if min(events, *counts.values()) < 0:
            raise CommandError("Counts cannot be negative.")
        started = time.perf_counter()
        with transaction.atomic():
            self.source = Source.objects.create(
                title="Synthetic data generated by generate_kb",
                slug=f"{PREFIX}source-{self.run}",
            )
            self._prepare_text_pools()
            tags = self._tags(counts["tags"])
            venues = self._venues(counts["venues"])
            actors = self._actors(counts["actors"])
            series_ids = self._entries(Event, math.ceil(events / SERIES_SHARE), venues)
            event_ids = series_ids + self._entries(
                Event, events - len(series_ids), venues, first_number=len(series_ids), parents=series_ids
            )
            agreement_ids = self._entries(Agreement, counts["agreements"], venues, parents=event_ids)
            bulk.insert_rows(Participation, self._participations(event_ids, agreement_ids, actors))
            bulk.insert_rows(TaggedEntry, self._taggings(tags, actors, venues, event_ids, agreement_ids))
            bulk.insert_rows(Citation, self._citations())
            search.rebuild()
            # Planner statistics for the new rows, or the first queries plan as if the tables were empty.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            # bulk_create sends no signals, so nothing else tells readers' caches that the data changed.
            DataVersion.bump()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {events:,} events, {counts['agreements']:,} agreements, {len(actors):,} actors, "
                f"{len(venues):,} venues and {len(tags):,} tags in {time.perf_counter() - started:.1f} s "
                f"(run {self.run})."
            )
        )

    def _refuse_real_data(self):
        for model in (*ENTRY_MODELS, Tag, Period, Source):
            if model.objects.exclude(slug__startswith=PREFIX).exists():
                raise CommandError(
                    f"This database holds real {model._meta.verbose_name_plural}. generate_kb only fills "
                    "an empty database or one that holds nothing but synthetic data."
                )

    # -------------------------------------------------------------- text

    def _sentence(self):
        return self.random.choice(SENTENCES).format(
            country=self.random.choice(COUNTRIES),
            other=self.random.choice(COUNTRIES),
            city=self.random.choice(CITIES),
            other_city=self.random.choice(CITIES),
            topic=self.random.choice(TOPICS),
            other_topic=self.random.choice(TOPICS),
        )

    def _prepare_text_pools(self):
        """Bodies and summaries come from pools: markdown is rendered hundreds of times, not 100,000."""
        self.bodies = []
        for _ in range(300):
            paragraphs = [
                " ".join(self._sentence() for _ in range(self.random.randint(3, 6)))
                for _ in range(self.random.randint(2, 5))
            ]
            text = "*Synthetic entry, generated for testing.*\n\n" + "\n\n".join(paragraphs)
            self.bodies.append((text, markdown.render(text)))
        self.summaries = []
        for _ in range(300):
            text = self._sentence()
            self.summaries.append((text, markdown.render(text)))

    # -------------------------------------------------------------- reference entries

    def _tags(self, count):
        """Tags named after the topics, then numbered themes; a later run reuses them."""
        extra = range(1, max(count - len(TOPICS), 0) + 1)
        names = [*TOPICS, *(f"synthetic theme {number}" for number in extra)][:count]
        Tag.objects.bulk_create(
            [Tag(name=name, slug=f"{PREFIX}tag-{n}") for n, name in enumerate(names)],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return list(Tag.objects.filter(name__in=names))

    def _venues(self, count):
        """Cities, with made-up coordinates, then conference centres located in them."""
        cities = []
        for number in range(min(count, len(CITIES))):
            city = self._entry_fields(Venue(kind=VenueKind.CITY), CITIES[number], number)
            city.latitude = round(self.random.uniform(35, 65), 4)
            city.longitude = round(self.random.uniform(-10, 60), 4)
            cities.append(city)
        cities = Venue.objects.bulk_create(cities, batch_size=BATCH)
        buildings = []
        for number in range(len(cities), count):
            city = cities[number % len(cities)]
            name = f"{city.name} conference centre {number // len(cities)}"
            building = self._entry_fields(Venue(kind=VenueKind.BUILDING), name, number)
            building.located_in = city
            buildings.append(building)
        return cities + Venue.objects.bulk_create(buildings, batch_size=BATCH)

    def _actors(self, count):
        """States, then organisations and people; most people belong to a state."""
        states = [
            self._entry_fields(Actor(kind=ActorKind.STATE), name, number)
            for number, name in enumerate(COUNTRIES[:count])
        ]
        states = Actor.objects.bulk_create(states, batch_size=BATCH)
        others = []
        for number in range(len(states), count):
            if number % 5 == 0:
                actor = Actor(kind=ActorKind.ORGANISATION)
                name = f"Council on {self.random.choice(TOPICS)} {number}"
            else:
                state = self.random.choice(states)
                actor = Actor(
                    kind=ActorKind.PERSON, affiliation=state, description=f"Diplomat of {state.name}"
                )
                name = f"{self.random.choice(FIRST_NAMES)} {self.random.choice(SURNAMES)}"
            others.append(self._entry_fields(actor, name, number))
        return states + Actor.objects.bulk_create(others, batch_size=BATCH)

    def _entry_fields(self, entry, name, number):
        text, html = self.random.choice(self.bodies)
        entry.name = name
        entry.slug = f"{PREFIX}{self.run}-{entry._meta.model_name}-{number}"
        entry.body, entry.body_html = text, html
        entry.publication_status = (
            PublicationStatus.DRAFT if self.random.random() < 0.05 else PublicationStatus.PUBLISHED
        )
        return entry

    # -------------------------------------------------------------- events and agreements

    def _date(self):
        """An EDTF date: mostly days and months in 2014–2026, some years, periods and earlier dates."""
        year = (
            self.random.randint(2014, 2026)
            if self.random.random() < 0.85
            else self.random.randint(1995, 2013)
        )
        month, day = self.random.randint(1, 12), self.random.randint(1, 28)
        roll = self.random.random()
        if roll < 0.6:
            return f"{year}-{month:02d}-{day:02d}"
        if roll < 0.85:
            return f"{year}-{month:02d}"
        if roll < 0.95:
            return str(year)
        return f"{year}/{min(year + self.random.randint(1, 5), 2026)}"

    def _periods(self):
        """Two synthetic periods shaped like the real ones, so period filters have something to count."""
        periods = []
        for slug, name, date in (
            ("then", "Synthetic period 2014–2020", "2014/2020"),
            ("now", "Synthetic period 2025", "2025"),
        ):
            period, _ = Period.objects.get_or_create(
                slug=f"{PREFIX}period-{slug}", defaults={"name": name, "date": date}
            )
            periods.append(period)
        return periods

    def _entries(self, model, count, venues, first_number=0, parents=()):
        """Events or agreements; with ``parents`` (event keys), half belong to one of those events.

        Events without ``parents`` are the series that others belong to.
        """
        periods = self._periods()
        venue_weights = _zipf_cumulative_weights(len(venues))
        ids = []
        for start in range(first_number, first_number + count, BATCH):
            batch = []
            for number in range(start, min(start + BATCH, first_number + count)):
                if model is Event:
                    kind = (
                        self.random.choices(list(EVENT_WORDS), weights=[2, 8, 4, 0, 2, 1, 2])[0]
                        if parents
                        else EventKind.MEETING_SERIES
                    )
                    entry = Event(
                        kind=kind,
                        status=self.random.choices(list(EventStatus), weights=[85, 10, 5])[0],
                    )
                    word = EVENT_WORDS[kind]
                else:
                    entry = Agreement(status=self.random.choices(list(AgreementStatus), weights=[6, 3, 1])[0])
                    word = "agreement"
                venue = self.random.choices(venues, cum_weights=venue_weights)[0] if venues else None
                place = venue.name if venue else self.random.choice(CITIES)
                name = f"{place} {word} on {self.random.choice(TOPICS)}"
                self._entry_fields(entry, name, number)
                entry.venue = venue
                summary, summary_html = self.random.choice(self.summaries)
                entry.summary, entry.summary_html = summary, summary_html
                entry.date = self._date()
                entry.refresh_date_bounds()
                entry.period = next(
                    (p for p in periods if p.date_start <= entry.date_start and entry.date_end <= p.date_end),
                    None,
                )
                if parents and self.random.random() < 0.5:
                    setattr(entry, "parent_id" if model is Event else "event_id", self.random.choice(parents))
                batch.append(entry)
            ids.extend(entry.pk for entry in model.objects.bulk_create(batch))
        return ids

    # -------------------------------------------------------------- links

    def _participations(self, event_ids, agreement_ids, actors):
        if not actors:
            return
        weights = _zipf_cumulative_weights(len(actors))
        for target, ids in (("event", event_ids), ("agreement", agreement_ids)):
            for pk in ids:
                chosen = self.random.choices(actors, cum_weights=weights, k=self.random.randint(1, 4))
                for position, actor_id in enumerate(sorted({actor.pk for actor in chosen})):
                    yield Participation(
                        actor_id=actor_id,
                        role=self.random.choice(ROLES),
                        position=position,
                        **{f"{target}_id": pk},
                    )

    def _taggings(self, tags, actors, venues, event_ids, agreement_ids):
        if not tags:
            return
        weights = _zipf_cumulative_weights(len(tags))
        targets = [
            (Event, event_ids),
            (Agreement, agreement_ids),
            (Actor, [actor.pk for actor in actors]),
            (Venue, [venue.pk for venue in venues]),
        ]
        for model, ids in targets:
            content_type = ContentType.objects.get_for_model(model)
            for pk in ids:
                chosen = self.random.choices(tags, cum_weights=weights, k=self.random.randint(1, 3))
                for tag_id in sorted({tag.pk for tag in chosen}):
                    yield TaggedEntry(tag_id=tag_id, content_type=content_type, object_id=pk)

    def _citations(self):
        """Each entry cites the synthetic source with the first sentence of its own body."""
        for model in ENTRY_MODELS:
            content_type = ContentType.objects.get_for_model(model)
            entries = model.objects.filter(slug__startswith=f"{PREFIX}{self.run}-").values_list("pk", "body")
            for pk, body in entries.iterator(chunk_size=BATCH):
                first_paragraph = body.split("\n\n")[1]
                yield Citation(
                    source=self.source,
                    content_type=content_type,
                    object_id=pk,
                    quote=first_paragraph.split(". ")[0].rstrip(".") + ".",
                )
