"""Print the README's worked example step by step, for checking a terminal-side implementation.

python -m devices.vcard.example
"""

from __future__ import annotations

from devices.vcard.sm4 import PAD_80, card_factor, diversify, region_factor, sm4_ecb_encrypt

MASTER_0A = bytes.fromhex("000102030405060708090A0B0C0D0E0F")
CARD_ID = bytes.fromhex("421303D1560000050123456789ABCDEF")
PROCESS_FACTOR = bytes.fromhex("1111111111111111")
SOURCE = bytes.fromhex("2222222222222222")


def worked_example() -> dict[str, str]:
    """Every intermediate value of one cryptogram, as upper-case hex."""
    r, c = region_factor(CARD_ID), card_factor(CARD_ID)
    region_key = diversify(MASTER_0A, r)
    key = diversify(region_key, c)
    process_key = diversify(key, PROCESS_FACTOR)
    block = sm4_ecb_encrypt(process_key, SOURCE + PAD_80)
    values = {
        "master(0A)": MASTER_0A,
        "card id": CARD_ID,
        "R (region factor)": r,
        "C (card factor)": c,
        "step(master, R)": region_key,
        "card key = step(., C)": key,
        "pf": PROCESS_FACTOR,
        "process key = step(card key, pf)": process_key,
        "src": SOURCE,
        "SM4(process key, src || 80 00..)": block,
        "cryptogram": block[:8],
    }
    return {name: value.hex().upper() for name, value in values.items()}


def main() -> None:
    for name, value in worked_example().items():
        print(f"{name:36} {value}")


if __name__ == "__main__":
    main()
