"""The signature of credentials: JCS and base58 against published vectors, and a credential
verified by code that shares nothing with hublocal/certificates/signing.py (only the
`cryptography` primitives and the algorithm of the eddsa-jcs-2022 specification)."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from hublocal.certificates import signing

from . import factories as f

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


# ------------------------------------------------------------------ an independent verifier


def _b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        n = n * 58 + B58.index(ch)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + raw


def _canon(value: object) -> bytes:
    # JCS for data made of ASCII keys, strings and integers, as our credentials are.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def independent_verify(credential: dict) -> bool:
    proof = credential["proof"]
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-jcs-2022"
    method = proof["verificationMethod"]
    assert method.startswith("did:key:z6Mk")
    key_bytes = _b58decode(method.split("#")[0][len("did:key:z") :])
    assert key_bytes[:2] == b"\xed\x01"
    key = Ed25519PublicKey.from_public_bytes(key_bytes[2:])
    document = {k: v for k, v in credential.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = document["@context"]
    data = hashlib.sha256(_canon(options)).digest() + hashlib.sha256(_canon(document)).digest()
    try:
        key.verify(_b58decode(proof["proofValue"][1:]), data)
    except InvalidSignature:
        return False
    return True


# ------------------------------------------------------------------ the helpers


def test_base58_round_trip_and_known_vectors():
    # Vectors of the base58 draft (draft-msporny-base58-03).
    assert signing.b58encode(b"Hello World!") == "2NEpo7TZRRrLZSi2U"
    assert signing.b58encode(b"\0\0\x28\x7f\xb4\xcd") == "11233QC4"
    for raw in (b"", b"\0", b"\0\0\xff", bytes(range(64))):
        assert signing.b58decode(signing.b58encode(raw)) == raw
    with pytest.raises(ValueError):
        signing.b58decode("0OIl")


def test_jcs_matches_rfc8785_rules():
    assert signing.jcs({"b": 1, "a": [True, None, "x"], "c": {"z": 1.5, "y": 40.0}}) == (
        b'{"a":[true,null,"x"],"b":1,"c":{"y":40,"z":1.5}}'
    )
    # Keys sorted by UTF-16 code units (RFC 8785 §3.2.3's example ordering), strings unescaped.
    assert signing.jcs({"\u20ac": 1, "\r": 2, "1": 3, "\U0001f600": 4, "\u00f6": 5}).decode() == (
        '{"\\r":2,"1":3,"ö":5,"€":1,"\U0001f600":4}'
    )
    assert signing.jcs('línea\n"comillas"') == '"línea\\n\\"comillas\\""'.encode()
    with pytest.raises(ValueError):
        signing.jcs(float("nan"))
    with pytest.raises(TypeError):
        signing.jcs({"a": object()})


def test_did_key_round_trip():
    key = signing.public_key_from_verification_method(signing.verification_method())
    assert signing.public_key_bytes(key) == signing.public_key_bytes()
    assert signing.did_key().startswith("did:key:z6Mk")
    with pytest.raises(ValueError):
        signing.public_key_from_verification_method("https://example.org/key")


def test_key_from_setting_pem_or_seed(settings):
    import base64

    seed = bytes(range(32))
    settings.CERTIFICATE_SIGNING_KEY = base64.b64encode(seed).decode()
    signing.private_key.cache_clear()
    try:
        first = signing.public_key_multibase()
        # RFC 8032 test 1's public key comes from a different seed: the point is determinism.
        signing.private_key.cache_clear()
        assert signing.public_key_multibase() == first
        settings.CERTIFICATE_SIGNING_KEY = "not a key"
        signing.private_key.cache_clear()
        with pytest.raises(signing.SigningKeyError):
            signing.private_key()
    finally:
        del settings.CERTIFICATE_SIGNING_KEY
        signing.private_key.cache_clear()


# ------------------------------------------------------------------ issued credentials


@pytest.mark.django_db
def test_issued_credential_verifies_independently_and_tampering_fails(users):
    certificate = f.issue(actor=users["staff"], holder=users["valparaiso"])
    vc = certificate.credential
    assert vc["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["credentialSubject"]["achievement"]["name"] == certificate.title
    assert vc["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert vc["credentialStatus"]["id"].endswith(f"/api/v1/certificates/verify/{certificate.code}/")
    assert vc["proof"]["proofValue"].startswith("z")

    assert independent_verify(vc)
    assert signing.verify(vc)

    for path, value in (
        (("credentialSubject", "name"), "Otra Persona"),
        (("credentialSubject", "achievement", "creditsAvailable"), 400),
        (("validFrom",), "2020-01-01T00:00:00Z"),
        (("proof", "created"), "2020-01-01T00:00:00Z"),
    ):
        tampered = copy.deepcopy(vc)
        target = tampered
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert not independent_verify(tampered), path
        assert not signing.verify(tampered), path


@pytest.mark.django_db
def test_a_credential_signed_by_another_key_names_that_key(users):
    """A forger cannot swap in their own did:key and pass: the key is not the hub's published one."""
    certificate = f.issue(actor=users["staff"], holder=users["valparaiso"])
    vc = copy.deepcopy(certificate.credential)
    vc["proof"]["verificationMethod"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#x"
    assert not signing.verify(vc)
    assert signing.public_key_document()["verificationMethod"][0]["id"] != vc["proof"]["verificationMethod"]
