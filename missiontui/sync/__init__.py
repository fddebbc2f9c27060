"""Team sync over CalDAV: a front end that talks to a CalDAV server, never to SQLite.

- `transport.connect(url, user, password, timeout=, allow_http=)` -> `Collection`: exists/create,
  changes(token), fetch(hrefs), get(href), href_for(uid), put_new / put_update / delete, whose race
  is an outcome (`Stale`, `Gone`) and whose faults are `errors.SyncError`s.
- `credentials.find_password(user, keyring_service=, env_var=, file=)`.
- The item mapping itself is pure and lives in `core/ical/tasks.py` (with a lean reader for our own
  items, `core/ical/lean_item.py`); the sync engine is the use case `usecases/sync.py`, its planner
  `core/sync_plan.py` and field mapping `core/sync_fields.py`, its memory the store's `sync_state.py`.

What the two servers the tests run (Radicale 3.9, Xandikos 0.4.10) showed, and the sync must respect:
- Both re-serialise what we PUT (properties sorted by name, parameters unquoted): never compare
  bytes, compare read fields. The ETag of a PUT's answer is the ETag of what a GET then returns,
  and identical bytes get an identical ETag (both hash the content).
- Radicale's vobject keeps only the first value of a comma-separated X- property; escaped commas
  (`\\,`) survive. Xandikos keeps the list. Empty X- values survive on both.
- Sync tokens (RFC 6578) on both; a bogus token: 403 (Radicale) or 412 (Xandikos), both with
  DAV:valid-sync-token. A deleted member comes back as a 404 response in the delta.
- A stale If-Match or an existing If-None-Match target: 412 on both. The same UID PUT at another
  href: 409 (Radicale) or 412 (Xandikos), both with CALDAV:no-uid-conflict. A PUT into a missing
  collection: 409 without that precondition.
- Dead properties: Radicale keeps them (PROPPATCH 207/200), Xandikos refuses them (403): the
  mission travels as a VJOURNAL item, not as collection properties.
- Radicale refuses a component its collection does not list (400), Xandikos answers 403
  supported-calendar-component; create() asks for VTODO and VJOURNAL.
- Xandikos answers a PROPFIND on a missing path with 207 holding a 404; Radicale with 404.
- Both check every PUT's UID against the whole collection: one PUT costs more as the collection
  grows (see bench/caldav_transport.py).
- A server need not report the delete of an item created after the token it was given: after
  creating items, the sync lists once more from the token it used, so the one it keeps covers them.
- caldav's client asks anonymously first and negotiates on the 401; Radicale delays every refused
  request by a second (auth delay): Basic goes with the first request (a Digest 401 falls back).
- Radicale's sync-collection costs grow with the collection (~0.8 s at 10,000 items here, none of
  it ours); Xandikos answers the same in ~0.1 s.
"""
