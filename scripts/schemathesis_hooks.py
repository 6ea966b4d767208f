"""Schemathesis hooks for Déclic's contract run (scripts/api-contract.sh).

1. Bodies schemathesis cannot make by itself: a tus PATCH body is bytes.
2. Rules that tie several values of one request together, which JSON Schema cannot state and the
   document states in words. Generated bodies are made to keep them, so that every request valid
   by the document and its stated rules must be accepted; nothing else is changed:
   - a contest's seven times are in the order of its phases (submissions, vote, jury, results);
   - a round opens before it closes, its jurors are staff accounts;
   - a right's use, a category, a place, a criterion's name, a tie-break appear once;
   - `per_contest` and `per_day` votes say how many votes a voter has;
   - the jury's and the public's weights are not both 0;
   - a theme's accent reads white text at 4.5:1 (WCAG AA);
   - a rejection gives its reason;
   - `Upload-Metadata` values are base64 of UTF-8 text, under the keys the document lists.
"""

import base64
import datetime
import re

import schemathesis
from hypothesis import strategies as st


schemathesis.openapi.media_type("application/offset+octet-stream", st.binary(max_size=4096))

_PHASES = [
    "submissions_open_at",
    "submissions_close_at",
    "vote_open_at",
    "vote_close_at",
    "jury_open_at",
    "jury_close_at",
    "results_at",
]


def _time(value):
    if not isinstance(value, str):
        return None
    try:
        t = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else None


def _in_order(body: dict, fields: list[str]) -> None:
    """Gives `fields` increasing times (a minute apart at least) when every one present is a time."""
    present = [f for f in fields if f in body and body[f] is not None]
    times = [_time(body[f]) for f in present]
    if not present or None in times:
        return
    start = min(t.astimezone(datetime.timezone.utc) for t in times)
    start = max(start, datetime.datetime(1971, 1, 1, tzinfo=datetime.timezone.utc))
    start = min(start, datetime.datetime(9000, 1, 1, tzinfo=datetime.timezone.utc))
    for i, f in enumerate(fields):
        body[f] = (start + datetime.timedelta(days=i)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _once(items, key) -> list:
    seen, out = set(), []
    for item in items:
        k = repr(key(item))
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _text_key(item):
    return item.strip().lower() if isinstance(item, str) else repr(item)


def _rights(body: dict) -> None:
    if isinstance(body.get("rights"), list):
        body["rights"] = _once(body["rights"], lambda r: r.get("use") if isinstance(r, dict) else repr(r))


def _voting(voting) -> None:
    if isinstance(voting, dict) and voting.get("rule") in ("per_contest", "per_day"):
        if not isinstance(voting.get("votes_per_voter"), int):
            voting["votes_per_voter"] = 3


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contest(body: dict) -> None:
    _in_order(body, _PHASES)
    # A category `id` names one of the contest's own: generated numbers name none.
    if isinstance(body.get("categories"), list):
        for c in body["categories"]:
            if isinstance(c, dict):
                c.pop("id", None)
    for field in ("categories", "places"):
        if isinstance(body.get(field), list):
            key = (lambda c: _text_key(c.get("name")) if isinstance(c, dict) else _text_key(c))
            body[field] = _once(body[field], key)
    if isinstance(body.get("cover_slots"), list):
        body["cover_slots"] = body["cover_slots"][:1]
    _rights(body)
    _voting(body.get("voting"))


def _round(body: dict) -> None:
    _in_order(body, ["opens_at", "closes_at"])
    if isinstance(body.get("jurors"), list):
        body["jurors"] = []


def _body(op, body):
    if not isinstance(body, (dict, list)):
        return body
    method, path = op.method.upper(), op.path
    if isinstance(body, list):
        if path.endswith("/criteria"):
            return _once(body, lambda c: _text_key(c.get("name")) if isinstance(c, dict) else repr(c))
        return body
    if path in ("/api/v1/contests", "/api/v1/contests/{slug}") and method in ("POST", "PATCH"):
        _contest(body)
    elif path == "/api/v1/contests/{slug}/copy":
        _in_order(body, _PHASES)
    elif path.endswith("/rounds") or path == "/api/v1/rounds/{id}":
        _round(body)
    elif path.endswith("/rules"):
        _rights(body)
    elif path.endswith("/voting"):
        _voting(body)
    elif path.endswith("/results-settings"):
        if body.get("jury_weight") == 0 and body.get("public_weight") == 0:
            body["jury_weight"] = 1
        if isinstance(body.get("tie_breaks"), list):
            body["tie_breaks"] = _once(body["tie_breaks"], _text_key)
    elif path.endswith("/theme"):
        accent = body.get("accent")
        if isinstance(accent, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", accent):
            if 1.05 / (_luminance(accent) + 0.05) < 4.6:
                body["accent"] = "#1d4ed8"
    elif path.endswith("/moderation") and body.get("decision") == "reject":
        if not isinstance(body.get("reason"), str) or not body["reason"].strip():
            body["reason"] = "Photo floue"
    return body


_METADATA_KEYS = {
    "title", "description", "category", "place", "rules_version", "took_photo", "accept_rules",
    "grants", "people", "minor", "guardian_name", "guardian_consent", "credit_name", "filename", "filetype",
}


def _headers(headers):
    if not headers or not isinstance(headers.get("Upload-Metadata"), str):
        return headers
    pairs = []
    for pair in str(headers["Upload-Metadata"]).split(","):
        key, _, value = pair.strip().partition(" ")
        if key not in _METADATA_KEYS:
            continue
        try:
            text = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except ValueError:
            text = value.strip()
        pairs.append(f"{key} {base64.b64encode(text.encode('utf-8')).decode('ascii')}")
    headers["Upload-Metadata"] = ", ".join(pairs)
    return headers


@schemathesis.hook
def map_case(ctx, case):
    """Every phase (the coverage phase applies only case hooks)."""
    case.body = _body(ctx.operation, case.body)
    case.headers = _headers(case.headers)
    return case


@schemathesis.hook
def map_body(ctx, body):
    """The fuzzing and stateful phases (their own component hooks)."""
    return _body(ctx.operation, body)


@schemathesis.hook
def map_headers(ctx, headers):
    return _headers(headers)


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """Last, on the request as sent: the stateful phase fills parts of a body from earlier answers
    after the map hooks ran (a contest's `rights` into a new version of its rules, say)."""
    case.body = _body(case.operation, case.body)
    case.headers = _headers(case.headers)
