"""The hub's Ed25519 key and the Data Integrity proof (cryptosuite "eddsa-jcs-2022") of its
Open Badges 3.0 credentials.

The key comes from the setting or environment variable CERTIFICATE_SIGNING_KEY: a PEM private
key (PKCS#8) or the 32-byte seed in base64. Without it (development, tests) a key is generated
once and kept in var/certificate-signing-key.pem (never committed). The public key is published
as a did:key and a JWK (/certificados/clave-publica.json), so anyone can verify a credential
without asking the hub.

The proof (W3C "Data Integrity EdDSA Cryptosuites v1.0", eddsa-jcs-2022): JCS (RFC 8785) of the
proof options (with the document's @context) and of the document without its proof, SHA-256 of
each, concatenated (options first), signed; the signature in multibase base58btc ("z…")."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_TYPE = "DataIntegrityProof"
KEY_FILE = "certificate-signing-key.pem"
# Multicodec prefix of an Ed25519 public key (0xed, varint-encoded) in a did:key.
_ED25519_PUB = b"\xed\x01"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class SigningKeyError(ValueError):
    """CERTIFICATE_SIGNING_KEY is set but is not an Ed25519 key."""


# --------------------------------------------------------------------------------- encodings


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    # Leading zero bytes are kept as leading "1"s (Bitcoin's base58, as multibase uses).
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _B58.find(char)
        if index < 0:
            raise ValueError(f"not base58: {char!r}")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + body


def _number(value: int | float) -> str:
    if isinstance(value, bool):
        raise TypeError("booleans are handled by the caller")
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError("integers beyond 2^53 have no exact JSON number")
        return str(value)
    if not math.isfinite(value):
        raise ValueError("NaN and infinities are not JSON")
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    # Python's repr is the shortest round-tripping form, as ECMAScript's Number.toString, and the
    # two write the same digits without exponent in this range (hours, scores).
    if not 1e-6 <= abs(value) < 1e21:
        raise ValueError("numbers in exponent notation are not canonicalised here")
    return repr(value)


def jcs(value: Any) -> bytes:
    """JSON Canonicalization Scheme (RFC 8785) of JSON data (dict, list, str, int, float, bool,
    None): object keys sorted by their UTF-16 code units, no whitespace, strings escaped as
    ECMAScript's JSON.stringify does, numbers in their shortest form."""

    def walk(v: Any) -> str:
        if v is None:
            return "null"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if isinstance(v, (int, float)):
            return _number(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, (list, tuple)):
            return "[" + ",".join(walk(x) for x in v) + "]"
        if isinstance(v, dict):
            keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
            return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + walk(v[k]) for k in keys) + "}"
        raise TypeError(f"not JSON data: {type(v).__name__}")

    return walk(value).encode("utf-8")


# --------------------------------------------------------------------------------- the key


def _key_from_text(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except Exception as exc:
        raise SigningKeyError("CERTIFICATE_SIGNING_KEY is neither a PEM Ed25519 key nor a base64 seed") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError("CERTIFICATE_SIGNING_KEY is not an Ed25519 key")
    return key


def _key_file() -> Path:
    return Path(getattr(settings, "VAR_DIR", Path("var"))) / KEY_FILE


@lru_cache(maxsize=1)
def private_key() -> Ed25519PrivateKey:
    """The hub's signing key (see the module docstring for where it comes from)."""
    configured = getattr(settings, "CERTIFICATE_SIGNING_KEY", "") or os.environ.get("CERTIFICATE_SIGNING_KEY", "")
    if configured:
        return _key_from_text(configured)
    path = _key_file()
    if path.exists():
        return _key_from_text(path.read_text())
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by this user only; a concurrent first use by another process loses the race
    # and reads the winner's key instead of overwriting it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _key_from_text(path.read_text())
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return key


def public_key_bytes(key: Ed25519PublicKey | None = None) -> bytes:
    key = key or private_key().public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_multibase(raw: bytes | None = None) -> str:
    return "z" + b58encode(_ED25519_PUB + (raw if raw is not None else public_key_bytes()))


def did_key() -> str:
    return f"did:key:{public_key_multibase()}"


def verification_method() -> str:
    multibase = public_key_multibase()
    return f"did:key:{multibase}#{multibase}"


def public_key_from_verification_method(method: str) -> Ed25519PublicKey:
    """The Ed25519 key a did:key verification method names (no network: the key is in the id)."""
    if not method.startswith("did:key:z"):
        raise ValueError("only did:key verification methods are supported")
    multibase = method.split("#", 1)[0][len("did:key:") :]
    raw = b58decode(multibase[1:])
    if not raw.startswith(_ED25519_PUB) or len(raw) != 34:
        raise ValueError("not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def public_key_document() -> dict[str, Any]:
    """The key as published: a Multikey verification method (Data Integrity) and a JWK."""
    raw = public_key_bytes()
    did = did_key()
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {
                "id": verification_method(),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_key_multibase(raw),
            }
        ],
        "assertionMethod": [verification_method()],
        "jwk": {"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode()},
    }


# --------------------------------------------------------------------------------- the proof


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in options.items() if k != "proofValue"}
    config["@context"] = unsigned["@context"]
    return hashlib.sha256(jcs(config)).digest() + hashlib.sha256(jcs(unsigned)).digest()


def sign(document: dict[str, Any], *, created: str) -> dict[str, Any]:
    """The document with its proof added (the input is not changed). `created` is an XML Schema
    dateTime in UTC ("2026-12-06T17:00:00Z")."""
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method(),
        "proofPurpose": "assertionMethod",
    }
    signature = private_key().sign(_hash_data(document, options))
    return {**document, "proof": {**options, "proofValue": "z" + b58encode(signature)}}


def verify(document: dict[str, Any]) -> bool:
    """True when the document carries a valid eddsa-jcs-2022 proof by the did:key it names.
    Any tampering (a changed name, date, hours, or proof option) makes it False."""
    proof = document.get("proof")
    if not isinstance(proof, dict) or proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        return False
    try:
        key = public_key_from_verification_method(str(proof.get("verificationMethod", "")))
        key.verify(b58decode(value[1:]), _hash_data(document, proof))
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
