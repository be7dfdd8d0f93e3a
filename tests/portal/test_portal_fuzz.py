"""Garbage at every form of the portal, signed in or not, with and without the CSRF token: a page, never a 500
(the app is built with raise_server_exceptions, so an exception would fail the test itself)."""

from __future__ import annotations

import random

import pytest

from tests.portal.conftest import csrf_of, sign_in, submit

ROUTES = ("/apply/code", "/apply/verify", "/apply/submit", "/apply/photo", "/apply/activate/code",
          "/apply/activate", "/apply/logout")
FIELDS = ("csrf_token", "purpose", "id_number", "name", "mobile", "code", "resend", "kind", "address",
          "collection", "hall_id", "collect_day", "postal_address", "photo")
CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "multipart/form-data",
                 "text/plain", "application/json", "multipart/form-data; boundary=\"\"", "", "image/jpeg")


def garbage(rng: random.Random) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        return ""
    if kind == 1:
        return "".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(1, 40)))
    if kind == 2:
        return "\x00" * rng.randrange(1, 10)
    if kind == 3:
        return rng.choice(["apply", "status", "activate", "hall", "post", "lost", "new", "H01", "2026-12-08",
                           "123456", "1", "../../etc/passwd", "<script>alert(1)</script>", "'; DROP TABLE x;--"])
    if kind == 4:
        return "9" * rng.randrange(1, 300)
    if kind == 5:
        return "42130319900307123" + rng.choice("0123456789Xx")
    return "%" + "".join(rng.choice("0123456789abcdefXYZ%&=") for _ in range(rng.randrange(1, 30)))


def raw_body(rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 2000)))
    if choice == 1:
        return b"--zz\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\xff\xfe\"\r\n\r\n" + \
            bytes(rng.randrange(256) for _ in range(500)) + b"\r\n--zz--"
    if choice == 2:
        return b"--zz\r\nContent-Disposition: form-data; name*=utf-8''%E4%B8%AD\r\nContent-Type: text/plain;" \
               b" charset=nonexistent\r\n\r\nabc\r\n--zz--\r\n"
    return "&".join(f"{rng.choice(FIELDS)}={garbage(rng)}" for _ in range(rng.randrange(0, 12))).encode(
        "utf-8", "surrogatepass")


@pytest.mark.parametrize("signed_in", [False, True])
def test_random_posts_to_every_form_never_answer_500(portal, signed_in):
    rng = random.Random(20261206 + signed_in)
    if signed_in:
        sign_in(portal)
    token = csrf_of(portal.client.get("/apply/").text)
    for _ in range(250):
        route = rng.choice(ROUTES)
        headers = {"content-type": rng.choice(CONTENT_TYPES)}
        if rng.random() < 0.5:
            data = {f: garbage(rng) for f in rng.sample(FIELDS, rng.randrange(0, len(FIELDS)))}
            if rng.random() < 0.7:
                data["csrf_token"] = token
            if rng.random() < 0.5:
                r = portal.client.post(route, data=data, files={"photo": ("x.jpg", garbage(rng).encode(
                    "utf-8", "surrogatepass"), "image/jpeg")}, follow_redirects=False)
            else:
                r = portal.client.post(route, data=data, follow_redirects=False)
        else:
            r = portal.client.post(route, content=raw_body(rng), headers=headers, follow_redirects=False)
        assert r.status_code < 500, (route, r.status_code, r.text[:500])


def test_random_form_values_with_the_token_never_answer_500(portal):
    rng = random.Random(7)
    sign_in(portal)
    for _ in range(40):
        r = submit(portal, photo=garbage(rng).encode("utf-8", "surrogatepass"), kind=garbage(rng),
                   collection=rng.choice(["hall", "post", garbage(rng)]), hall_id=garbage(rng),
                   collect_day=garbage(rng), address=garbage(rng), postal_address=garbage(rng))
        assert r.status_code in (303, 422), r.text[:500]


def test_random_identities_never_answer_500(portal):
    rng = random.Random(11)
    for _ in range(150):
        page = portal.client.get("/apply/")
        r = portal.client.post("/apply/code", data={"csrf_token": csrf_of(page.text), "purpose": garbage(rng),
                                                    "id_number": garbage(rng), "name": garbage(rng),
                                                    "mobile": rng.choice([garbage(rng), "139" + str(rng.randrange(10**8, 10**9 - 1))[:8]])})
        assert r.status_code < 500, r.text[:500]


def test_random_cookies_never_answer_500(portal):
    rng = random.Random(3)
    for _ in range(100):
        for name in ("portal_session", "portal_pending", "portal_csrf", "portal_lang"):
            value = "".join(rng.choice("abcXYZ0123456789-_.=") for _ in range(rng.randrange(0, 200)))
            portal.client.cookies.set(name, value, path="/apply")
        for path in ("/apply/", "/apply/status", "/apply/form", "/apply/x"):
            assert portal.client.get(path, follow_redirects=False).status_code < 500
        r = portal.client.post("/apply/verify", data={"csrf_token": "x", "code": "123456"})
        assert r.status_code < 500
