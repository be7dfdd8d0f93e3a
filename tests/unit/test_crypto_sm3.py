"""SM3 against the GM/T 0004-2012 examples, on both backends, and the two backends agree."""

from __future__ import annotations

import os

import pytest

from counter_app import crypto
from counter_app.crypto import Backend
from tests.realparts import need_openssl_backend

BACKENDS = [Backend.OPENSSL, Backend.GMSSL]  # both, always: OpenSSL with SM3 is a real part CI must have


@pytest.fixture(autouse=True)
def _openssl_with_sm3(request):
    """The OpenSSL backend is the fast path the counter uses; without it a test fails in CI."""
    need_openssl_backend(request, "SM3")


@pytest.mark.parametrize("backend", BACKENDS)
def test_sm3_of_abc_is_the_standard_example_1(backend):
    assert crypto.sm3(b"abc", backend).hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


@pytest.mark.parametrize("backend", BACKENDS)
def test_sm3_of_64_bytes_abcd_is_the_standard_example_2(backend):
    assert crypto.sm3(b"abcd" * 16, backend).hex() == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_sm3_of_nothing(backend):
    assert crypto.sm3(b"", backend).hex() == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"


def test_gmssl_input_is_not_consumed_by_hashing_twice():
    data = b"same input"
    assert crypto.sm3(data, Backend.GMSSL) == crypto.sm3(data, Backend.GMSSL)


@pytest.mark.openssl
@pytest.mark.parametrize("length", [0, 1, 55, 56, 63, 64, 65, 119, 128, 1000])
def test_both_backends_agree_on_random_inputs(length):
    data = os.urandom(length)
    assert crypto.sm3(data, Backend.OPENSSL) == crypto.sm3(data, Backend.GMSSL)
