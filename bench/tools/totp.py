"""TOTP for the bench (RFC 6238: SHA1, 6 digits, 30 s).

  totp.py secret        prints a new random secret (160 bits, Base32), e.g. for `gatehouse admin totp import`
  totp.py code FILE     prints the current code of the Base32 secret in FILE
"""
import base64
import hashlib
import hmac
import secrets
import struct
import sys
import time


def new_secret():
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def code(secret, at=None):
    key = secret.replace(" ", "").upper()
    raw = base64.b32decode(key + "=" * (-len(key) % 8))
    step = int(time.time() if at is None else at) // 30
    digest = hmac.new(raw, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


if __name__ == "__main__":
    if sys.argv[1:] == ["secret"]:
        print(new_secret())
    elif len(sys.argv) == 3 and sys.argv[1] == "code":
        with open(sys.argv[2], encoding="ascii") as f:
            print(code(f.read().strip()))
    else:
        sys.exit(__doc__)
