"""One address for each public page type, as seeded."""

PAGE_TYPES = {
    "home": "/",
    "event-list": "/events/",
    "event": "/events/proposed-peace-talks-in-minsk/",
    "agreement": "/agreements/minsk-ii-agreements/",
    "actor": "/actors/alyaksandr-lukashenka/",
    "venue": "/venues/minsk/",
    "tag-list": "/tags/",
    "tag": "/tags/neutral-venue/",
    "then-and-now": "/then-and-now/",
    "period-list": "/periods/",
    "period": "/periods/minsk-talks-2014-2020/",
    "source-list": "/sources/",
    "source": "/sources/belarus-offers-to-host-peace-talks/",
    "connections": "/connections/",
    "actor-connections": "/actors/belarus/connections/",
    "event-connections": "/events/proposed-peace-talks-in-minsk/connections/",
    "map": "/map/",
    "online-venue": "/venues/online/",
    "not-found": "/events/no-such-event/",
}
