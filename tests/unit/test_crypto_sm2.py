"""SM2 signatures: the GM/T 0003 examples, round trips, tampering, and agreement with gmssl's own Z handling."""

from __future__ import annotations

from gmssl import sm2 as gm_sm2

from counter_app.crypto import sm2

# GM/T 0003.2 Annex A: the Fp-256 example curve, user "ALICE123@YAHOO.COM".
EXAMPLE_CURVE = {
    "p": "8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3",
    "a": "787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498",
    "b": "63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A",
    "g": "421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D"
         "0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2",
    "n": "8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7",
}
ALICE = b"ALICE123@YAHOO.COM"
ALICE_D = bytes.fromhex("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263")
ALICE_PUB = bytes.fromhex(
    "04" "0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A"
    "7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857"
)
ALICE_K = bytes.fromhex("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F")
ALICE_SIG = bytes.fromhex(
    "40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1"
    "6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7"
)
MESSAGE = b"message digest"


def test_example_public_key_z_and_digest_match_the_standard():
    assert sm2.public_key_of(ALICE_D, EXAMPLE_CURVE) == ALICE_PUB
    assert sm2.z_value(ALICE_PUB, ALICE, EXAMPLE_CURVE).hex().upper() == (
        "F4A38489E32B45B6F876E3AC2168CA392362DC8F23459C1D1146FC3DBFB7BC9A"
    )
    assert sm2.message_digest(ALICE_PUB, MESSAGE, ALICE, EXAMPLE_CURVE).hex().upper() == (
        "B524F552CD82B8B028476E005C377FB19A87E6FC682D48BB5D42E3D9B9EFFE76"
    )


def test_example_signature_with_the_standard_nonce():
    sig = sm2.sign(ALICE_D, MESSAGE, user_id=ALICE, curve=EXAMPLE_CURVE, _nonce=ALICE_K)
    assert sig == ALICE_SIG
    assert sm2.verify(ALICE_PUB, MESSAGE, ALICE_SIG, user_id=ALICE, curve=EXAMPLE_CURVE)


def test_recommended_curve_example_with_the_default_user_id_verifies():
    """GB/T 32918.5-2016 Annex A: sm2p256v1, ID 1234567812345678."""
    d = bytes.fromhex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
    sig = bytes.fromhex(
        "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
        "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
    )
    assert sm2.verify(sm2.public_key_of(d), MESSAGE, sig)
    assert not sm2.verify(sm2.public_key_of(d), MESSAGE + b".", sig)


def test_sign_verify_round_trip_and_tampering_fails():
    kp = sm2.generate_keypair()
    assert len(kp.private_key) == 32 and len(kp.public_key) == 65 and kp.public_key[0] == 4
    sig = sm2.sign(kp.private_key, b"batch 42")
    assert len(sig) == 64
    assert sm2.verify(kp.public_key, b"batch 42", sig)
    assert not sm2.verify(kp.public_key, b"batch 43", sig)
    assert not sm2.verify(kp.public_key, b"batch 42", sig[:-1] + bytes([sig[-1] ^ 1]))
    assert not sm2.verify(sm2.generate_keypair().public_key, b"batch 42", sig)
    assert not sm2.verify(kp.public_key, b"batch 42", b"\x00" * 64)  # r = s = 0 is out of range
    assert not sm2.verify(kp.public_key, b"batch 42", sig + b"\x00")


def test_signatures_are_randomised():
    kp = sm2.generate_keypair()
    assert sm2.sign(kp.private_key, b"x") != sm2.sign(kp.private_key, b"x")


def test_default_user_id_interoperates_with_gmssl_sign_with_sm3():
    kp = sm2.generate_keypair()
    gm = gm_sm2.CryptSM2(private_key=kp.private_key.hex(), public_key=kp.public_key[1:].hex())
    gm.public_key = kp.public_key[1:].hex()  # bypass gmssl's lstrip("04") of the constructor
    ours = sm2.sign(kp.private_key, MESSAGE)
    assert gm.verify_with_sm3(ours.hex(), MESSAGE)
    assert sm2.verify(kp.public_key, MESSAGE, bytes.fromhex(gm.sign_with_sm3(MESSAGE)))


def test_public_key_whose_x_starts_with_0_or_4_still_works():
    """gmssl's constructor strips leading '0'/'4' characters of such keys; we do not pass them through it."""
    # one key in eight has such an x; drawing until one comes misses with odds below 1e-11 in 200 tries
    kp = next(k for k in (sm2.generate_keypair() for _ in range(200)) if k.public_key[1:2].hex()[0] in "04")
    assert sm2.verify(kp.public_key, b"m", sm2.sign(kp.private_key, b"m"))


def test_der_conversion_round_trips():
    der = sm2.signature_to_der(ALICE_SIG)
    assert der.hex().upper().startswith("30440220" + "40F1EC59")
    assert sm2.signature_from_der(der) == ALICE_SIG
