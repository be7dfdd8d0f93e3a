"""SM4 and the card-key arithmetic of the SSC 3.0 profile, computed with OpenSSL (through `cryptography`).

Deliberately not gmssl: the counter application uses gmssl, and the simulated card must compute its side
with a different implementation so that a mistake shared by both sides cannot pass the tests unnoticed.
The formulas are those of /work/shared/spec/ssc3-card.md, "Keys and cryptograms".
"""

from __future__ import annotations

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 16
PAD_80 = b"\x80" + b"\x00" * 7


def sm4_ecb_encrypt(key: bytes, data: bytes) -> bytes:
    """SM4-ECB without padding (data must be whole 16-byte blocks)."""
    _check(key, data)
    enc = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    return enc.update(data) + enc.finalize()


def sm4_ecb_decrypt(key: bytes, data: bytes) -> bytes:
    """SM4-ECB decryption without padding."""
    _check(key, data)
    dec = Cipher(algorithms.SM4(key), modes.ECB()).decryptor()
    return dec.update(data) + dec.finalize()


def sm4_cbc_encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """SM4-CBC without padding."""
    _check(key, data)
    if len(iv) != BLOCK:
        raise ValueError("SM4 IV must be 16 bytes")
    enc = Cipher(algorithms.SM4(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def _check(key: bytes, data: bytes) -> None:
    if len(key) != BLOCK:
        raise ValueError("SM4 key must be 16 bytes")
    if len(data) % BLOCK:
        raise ValueError("SM4 data must be a multiple of 16 bytes (no padding here)")


def pad_80(data: bytes) -> bytes:
    """ISO/IEC 9797-1 method 2: append 80, then 00 up to a multiple of 16."""
    padded = data + b"\x80"
    return padded + b"\x00" * (-len(padded) % BLOCK)


def diversify(parent: bytes, factor: bytes) -> bytes:
    """One diversification step: child = SM4_enc(parent, f ‖ ~f) for an 8-byte factor f."""
    if len(factor) != 8:
        raise ValueError("a diversification factor is 8 bytes")
    inverted = bytes(b ^ 0xFF for b in factor)
    return sm4_ecb_encrypt(parent, factor + inverted)


def region_factor(card_id: bytes) -> bytes:
    """The region code (first 3 bytes of the 卡识别码, BCD) padded with F to 8 bytes."""
    return card_id[:3] + b"\xff" * 5


def card_factor(card_id: bytes) -> bytes:
    """The last 8 bytes of the 卡识别码."""
    return card_id[-8:]


def card_key(master: bytes, card_id: bytes) -> bytes:
    """card key = step(step(master, region factor), card factor)."""
    return diversify(diversify(master, region_factor(card_id)), card_factor(card_id))


def cryptogram(card_key_: bytes, process_factor: bytes, source: bytes) -> bytes:
    """First 8 bytes of SM4_enc(step(card key, process factor), source ‖ 80 00..00)."""
    if len(source) != 8:
        raise ValueError("the authentication source is 8 bytes")
    process_key = diversify(card_key_, process_factor)
    return sm4_ecb_encrypt(process_key, source + PAD_80)[:8]


def sm_mac(key: bytes, iv: bytes, padded_data: bytes) -> bytes:
    """Secure-messaging MAC: SM4-CBC with the challenge as IV; XOR of the 4 words of the last block."""
    last = sm4_cbc_encrypt(key, iv, padded_data)[-BLOCK:]
    mac = bytearray(4)
    for i in range(0, BLOCK, 4):
        for j in range(4):
            mac[j] ^= last[i + j]
    return bytes(mac)
