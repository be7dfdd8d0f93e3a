"""Photo uploads from a phone, checked on the server with the counter's photo code: too large (refused before it
is read whole), not an image, a PNG named .jpg (decided by content: accepted as the PNG it is), EXIF-rotated
(turned upright by the loader, accepted), two faces (refused), no face; the reasons in the page's language."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from central_ledger import online_apps
from citizen_portal import forms
from tests.portal.conftest import csrf_of, sign_in, submit
from tests.support.photo_samples import portrait, with_exif_orientation


def stored(portal) -> list[online_apps.OnlineApplicationRow]:
    with portal.storage.transaction() as tx:
        return online_apps.where(tx)


def test_a_30_mb_upload_is_refused_with_a_clear_message(portal):
    sign_in(portal)
    r = submit(portal, photo=b"\xff\xd8" + b"\0" * (30 * 1024 * 1024))
    assert r.status_code == 413 and "上传的文件太大（照片不超过 10 MB）" in r.text
    assert stored(portal) == []


def test_a_chunked_body_past_the_limit_is_refused(portal):
    """Without a Content-Length (chunked), the limit is counted on the stream."""
    sign_in(portal)
    token = csrf_of(portal.client.get("/apply/form").text)

    def body():
        head = (b"--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token.encode()
                + b"\r\n--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\n")
        yield head
        for _ in range(30):
            yield b"\0" * (1024 * 1024)

    r = portal.client.post("/apply/submit", content=body(),
                           headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413 and "10 MB" in r.text


def test_the_limit_is_checked_on_the_stream_and_nothing_past_it_is_kept(portal):
    import asyncio

    class FakeRequest:
        headers: dict = {}

        async def stream(self):
            for _ in range(100):
                yield b"\0" * (1024 * 1024)
                self.sent = getattr(self, "sent", 0) + 1

    request = FakeRequest()
    try:
        asyncio.run(forms.read_body(request, forms.MAX_UPLOAD_BODY))
    except forms.TooLarge:
        pass
    else:
        raise AssertionError("not refused")
    assert request.sent <= 64  # dropped up to 64 MB (for the browser's sake), then the reading stops


def test_a_body_declared_past_64_mb_is_refused_unread():
    import asyncio

    class Declared:
        headers = {"content-length": str(200 * 1024 * 1024)}

        async def stream(self):
            raise AssertionError("read")
            yield b""

    try:
        asyncio.run(forms.read_body(Declared(), forms.MAX_UPLOAD_BODY))
    except forms.TooLarge:
        pass
    else:
        raise AssertionError("not refused")


def test_not_an_image_is_refused_with_the_loaders_reason(portal):
    sign_in(portal)
    r = submit(portal, photo=b"%PDF-1.4 this is not a photo" * 100, filename="me.jpg")
    assert r.status_code == 422
    assert "照片不符合要求" in r.text
    portal.client.get("/apply/form?lang=en")
    r = submit(portal, photo=b"hello world" * 100, filename="me.jpg")
    assert r.status_code == 422 and "The photo does not meet the rules" in r.text
    assert "this file is not an image" in r.text
    assert stored(portal) == []


def test_an_empty_file_is_told_to_choose_a_photo(portal):
    sign_in(portal)
    r = submit(portal, photo=b"")
    assert r.status_code == 422 and "请选择一张照片" in r.text


def test_a_png_named_jpg_is_decided_by_its_content_and_accepted(portal):
    sign_in(portal)
    buf = io.BytesIO()
    Image.fromarray(portrait(1280)).save(buf, "PNG")
    r = submit(portal, photo=buf.getvalue(), filename="me.jpg", content_type="image/jpeg")
    assert r.status_code == 303, r.text
    jpeg = portal.seal.unseal(stored(portal)[0].photo)
    assert Image.open(io.BytesIO(jpeg)).format == "JPEG"


def test_an_exif_rotated_phone_photo_is_turned_upright_and_accepted(portal):
    sign_in(portal)
    r = submit(portal, photo=with_exif_orientation(portrait(1280), 6))
    assert r.status_code == 303, r.text
    img = Image.open(io.BytesIO(portal.seal.unseal(stored(portal)[0].photo)))
    assert img.size == (358, 441)


def test_two_faces_are_refused(portal):
    sign_in(portal)
    two = np.hstack([portrait(640), portrait(640)])
    buf = io.BytesIO()
    Image.fromarray(two).save(buf, "JPEG", quality=90)
    r = submit(portal, photo=buf.getvalue())
    assert r.status_code == 422 and "画面中检测到 2 张人脸" in r.text
    assert stored(portal) == []


def test_a_picture_without_a_face_is_refused(portal):
    from skimage import data

    sign_in(portal)
    buf = io.BytesIO()
    Image.fromarray(data.coffee()).save(buf, "JPEG", quality=90)
    r = submit(portal, photo=buf.getvalue())
    assert r.status_code == 422 and "未检测到人脸" in r.text


def test_a_photo_that_fails_keeps_the_typed_fields(portal):
    sign_in(portal)
    r = submit(portal, photo=b"junk" * 50, address="湖北省随州市曾都区北郊街道 9 号", kind="renewal")
    assert r.status_code == 422
    assert "湖北省随州市曾都区北郊街道 9 号" in r.text and 'value="renewal" checked' in r.text
