#!/usr/bin/env python3
"""Independent Open Badges 3.0 / JOSE / DID implementations, driven for Laurel's interop tests.

    peers.py issue --out DIR
        With fresh keys, makes credentials with openbadgeslib, jwcrypto, joserfc and didkit,
        writes them into DIR, and writes DIR/manifest.json: a list of
        {"file", "tool", "what", "resources": {URL: file in DIR}, "expect": verdict, ...}.
        Every credential meant to verify is first verified by the tool that made it
        ("self_check"), so a failure in Laurel is Laurel's.

    peers.py verify-jwt --tool jwcrypto|openbadgeslib|joserfc TOKEN_FILE [--jwk JWK_FILE]
        Verifies a compact VC-JWT (made by Laurel) with that tool. The key is the header's
        `jwk` if present, else --jwk, else the header `kid` (or the `iss`) when it is a did:key
        the tool can decode by its own means (only openbadgeslib can: Ed25519 and P-256).
        Prints one line of JSON {"verified": bool, "detail": str, ...}; exits 0 only when the
        signature verified.

    peers.py verify-ldp [--tool openbadgeslib] FILE
        Verifies a Data Integrity (eddsa-rdfc-2022) credential with openbadgeslib's
        OB3LdpVerifier, the key from the proof's did:key verificationMethod (no network).
        Same output and exit code.

Run it with the venv Scripts/interop/setup makes (pinned versions in requirements.txt).
Needs no network: every document a verifier would fetch is written into DIR.
"""

import argparse
import asyncio
import base64
import copy
import json
import os
import sys
import traceback
import uuid
import warnings
from datetime import datetime, timedelta, timezone
from importlib import metadata

VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_UNVERSIONED = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"


def version(dist):
    return "%s %s" % (dist, metadata.version(dist))


# ── small helpers (encoding only; every signature is made by the tool named in the entry) ──

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data):
    num = int.from_bytes(data, "big")
    out = ""
    while num:
        num, rem = divmod(num, 58)
        out = _B58[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b64u_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64u_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def did_key_for_jwk(jwk):
    """did:key of an Ed25519 (0xed) or P-256 (0x1200, compressed point) public JWK."""
    if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
        return "did:key:z" + b58encode(b"\xed\x01" + b64u_decode(jwk["x"]))
    if jwk.get("kty") == "EC" and jwk.get("crv") == "P-256":
        x, y = b64u_decode(jwk["x"]), b64u_decode(jwk["y"])
        prefix = b"\x03" if y[-1] & 1 else b"\x02"
        return "did:key:z" + b58encode(b"\x80\x24" + prefix + x)
    raise ValueError("no did:key encoding here for %r" % jwk.get("kty"))


def did_key_vm(did):
    return "%s#%s" % (did, did[len("did:key:"):])


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    # A minute in the past, so a verifier whose clock is a little behind still sees it valid.
    return datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=1)


ACHIEVEMENT = {
    "id": "https://interop.example.org/achievements/open-licensing",
    "type": ["Achievement"],
    "name": "Open Licensing — Licencias abiertas",
    "description": "Awarded for applying Creative Commons licenses in practice (interop test credential).",
    "criteria": {"narrative": "Pass the practical assignments and the final project."},
}


def ob3_credential(issuer_id, issuer_name, subject_id, valid_from):
    """A VCDM 2.0 OpenBadgeCredential body, shaped like Laurel's and the spec's examples."""
    return {
        "@context": [VC2, OB303],
        "id": "urn:uuid:%s" % uuid.uuid4(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name},
        "validFrom": iso(valid_from),
        "name": ACHIEVEMENT["name"],
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "achievement": copy.deepcopy(ACHIEVEMENT),
        },
    }


def vc_jwt_claims(credential, valid_from):
    """OB 3.0 §8.2 VC-JWT payload: the credential itself plus iss/jti/nbf/sub."""
    claims = dict(credential)
    claims["iss"] = credential["issuer"]["id"]
    claims["jti"] = credential["id"]
    claims["nbf"] = int(valid_from.timestamp())
    claims["sub"] = credential["credentialSubject"]["id"]
    return claims


def profile_document(issuer_id, name, methods):
    """An https issuer's Profile as published at its id, listing its keys (verificationMethod)."""
    return {
        "@context": [VC2, OB303],
        "id": issuer_id,
        "type": ["Profile"],
        "name": name,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def jwt_parts(token):
    head, body, _ = token.split(".")
    return json.loads(b64u_decode(head)), json.loads(b64u_decode(body))


class Writer:
    def __init__(self, out):
        self.out = out
        self.entries = []
        os.makedirs(out, exist_ok=True)

    def file(self, name, content):
        path = os.path.join(self.out, name)
        with open(path, "w", encoding="utf-8") as handle:
            if isinstance(content, str):
                handle.write(content)
            else:
                json.dump(content, handle, indent=2, ensure_ascii=False)
                handle.write("\n")
        return name

    def add(self, name, content, tool, what, expect="VERIFIED", resources=None, self_check=None, **extra):
        entry = {"file": self.file(name, content), "tool": tool, "what": what,
                 "resources": resources or {}, "expect": expect}
        if self_check is not None:
            entry["self_check"] = self_check
        entry.update(extra)
        self.entries.append(entry)


def checked(function):
    """Runs a producing tool's own verification of what it made: 'passed', or the error."""
    try:
        function()
        return "passed"
    except Exception as exc:  # noqa: BLE001 — reported in the manifest, never hidden
        return "FAILED: %s: %s" % (type(exc).__name__, exc)


# ── openbadgeslib ─────────────────────────────────────────────────────────────────────────

def issue_openbadgeslib(w):
    from openbadgeslib.keys import KeyFactory, KeyType, public_jwk_from_pem
    from openbadgeslib.ob3 import (Achievement, Issuer, OB3LdpSigner, OB3LdpVerifier, OB3Signer,
                                   OB3Verifier, OpenBadgeCredential, build_did_document,
                                   did_key_from_pem, did_web_from_url)
    tool = version("openbadgeslib")

    def keypair(kind):
        return KeyFactory(kind).generate_keypair()   # (private PEM, public PEM)

    def credential(issuer_id, name):
        return OpenBadgeCredential(
            issuer=Issuer(id=issuer_id, name=name, url="https://interop.example.org/"),
            recipient_id="mailto:ana@example.org",
            achievement=Achievement(id=ACHIEVEMENT["id"], name=ACHIEVEMENT["name"],
                                    description=ACHIEVEMENT["description"],
                                    criteria_narrative=ACHIEVEMENT["criteria"]["narrative"]),
            issuance_date=now())

    def fetcher(documents):
        def download(url):
            if url not in documents:
                raise OSError("not offered offline: %s" % url)
            return json.dumps(documents[url]).encode("utf-8")
        return download

    # JWT, did:key issuer (the library derives did:key for Ed25519 and P-256 only).
    for kind, alg, label in ((KeyType.ED25519, "EdDSA", "eddsa"), (KeyType.ECC, "ES256", "es256")):
        private, public = keypair(kind)
        did = did_key_from_pem(public)
        token = OB3Signer(private, algorithm=alg).sign(credential(did, "openbadgeslib issuer (did:key)"))
        w.add("openbadgeslib-jwt-%s-didkey.jwt" % label, token, tool,
              "openbadgeslib JWT %s, did:key issuer, header jwk (no kid)" % alg,
              self_check=checked(lambda d=did, t=token: OB3Verifier.for_issuer_did(d).verify(t)),
              header=jwt_parts(token)[0])

    # JWT RS256, did:web issuer (`[issuer] did = auto`): did.json as openbadges-publish builds it.
    private, public = keypair(KeyType.RSA)
    did = did_web_from_url("https://interop.example.org/issuers/obl-rsa")
    did_doc = build_did_document(did, [("badge_1", public_jwk_from_pem(public))])
    did_url = "https://interop.example.org/issuers/obl-rsa/did.json"
    token = OB3Signer(private, algorithm="RS256").sign(credential(did, "openbadgeslib issuer (did:web)"))
    w.add("openbadgeslib-jwt-rs256-didweb.jwt", token, tool,
          "openbadgeslib JWT RS256, did:web issuer (did.json JsonWebKey2020 publicKeyJwk), header jwk (no kid)",
          resources={did_url: w.file("openbadgeslib-rsa-did.json", did_doc)},
          self_check=checked(lambda: OB3Verifier.for_issuer_did(did, download=fetcher({did_url: did_doc})).verify(token)),
          header=jwt_parts(token)[0])

    # JWT, https issuer (the library's default: issuer id = publish_url), with a Profile at that URL
    # listing the key as JsonWebKey. The library itself publishes no such profile: verifiers of an
    # https issuer pin the key (`openbadges-verifier -k verify.pem`); the Profile is the OB 3.0
    # way for Laurel to find it.
    for kind, alg, label in ((KeyType.RSA, "RS256", "rs256"), (KeyType.ECC, "ES256", "es256")):
        private, public = keypair(kind)
        issuer = "https://interop.example.org/issuers/obl-%s" % label
        profile = profile_document(issuer, "openbadgeslib issuer (https)", [{
            "id": issuer + "#key-1", "type": "JsonWebKey", "controller": issuer,
            "publicKeyJwk": public_jwk_from_pem(public)}])
        token = OB3Signer(private, algorithm=alg).sign(credential(issuer, "openbadgeslib issuer (https)"))
        w.add("openbadgeslib-jwt-%s-https.jwt" % label, token, tool,
              "openbadgeslib JWT %s, https issuer (Profile with a JsonWebKey), header jwk (no kid)" % alg,
              resources={issuer: w.file("openbadgeslib-%s-profile.json" % label, profile)},
              self_check=checked(lambda p=public, t=token: OB3Verifier(p).verify(t)),
              header=jwt_parts(token)[0])

    # Controls: a valid signature by a key that is not the issuer's. The header jwk names the
    # signer's key, so the signature checks out against the header; only binding the key to the
    # issuer (did:key, the Profile's keys) tells these apart from the genuine ones above.
    private, _ = keypair(KeyType.ED25519)
    _, other_public = keypair(KeyType.ED25519)
    impostor = did_key_from_pem(other_public)
    token = OB3Signer(private, algorithm="EdDSA").sign(credential(impostor, "openbadgeslib issuer (did:key)"))
    w.add("openbadgeslib-jwt-eddsa-wrong-didkey.jwt", token, tool,
          "control: openbadgeslib JWT EdDSA whose issuer is a did:key of another key than the signer's (header jwk)",
          expect="TAMPERED", header=jwt_parts(token)[0])
    private, _ = keypair(KeyType.RSA)
    issuer = "https://interop.example.org/issuers/obl-rs256"
    token = OB3Signer(private, algorithm="RS256").sign(credential(issuer, "openbadgeslib issuer (https)"))
    w.add("openbadgeslib-jwt-rs256-https-wrong-key.jwt", token, tool,
          "control: openbadgeslib JWT RS256 by a key the https issuer's Profile does not list (header jwk)",
          expect="TAMPERED", resources={issuer: "openbadgeslib-rs256-profile.json"})

    # Data Integrity: the library signs eddsa-rdfc-2022 only (Ed25519 keys only).
    private, public = keypair(KeyType.ED25519)
    did = did_key_from_pem(public)
    document = OB3LdpSigner(private).sign(credential(did, "openbadgeslib issuer (did:key)"))
    w.add("openbadgeslib-ldp-eddsa-rdfc-2022-didkey.json", document, tool,
          "openbadgeslib Data Integrity eddsa-rdfc-2022, did:key issuer and verificationMethod",
          self_check=checked(lambda: OB3LdpVerifier().verify(document)),
          contexts=document["@context"], proof_shape=sorted(document["proof"]))

    private, public = keypair(KeyType.ED25519)
    did = did_web_from_url("https://interop.example.org/issuers/obl-ldp")
    did_doc = build_did_document(did, [("badge_1", public_jwk_from_pem(public))])
    did_url = "https://interop.example.org/issuers/obl-ldp/did.json"
    document = OB3LdpSigner(private, verification_method=did + "#badge_1").sign(
        credential(did, "openbadgeslib issuer (did:web)"))
    w.add("openbadgeslib-ldp-eddsa-rdfc-2022-didweb.json", document, tool,
          "openbadgeslib Data Integrity eddsa-rdfc-2022, did:web issuer (did.json JsonWebKey2020 publicKeyJwk)",
          resources={did_url: w.file("openbadgeslib-ldp-did.json", did_doc)},
          self_check=checked(lambda: OB3LdpVerifier.for_issuer_did(did).verify(
              document, download=fetcher({did_url: did_doc}))),
          contexts=document["@context"])

    # Control: the same kind of document with one signed value changed after signing.
    altered = copy.deepcopy(document)
    altered["credentialSubject"]["achievement"]["name"] = "Something else"
    w.add("openbadgeslib-ldp-altered.json", altered, tool,
          "control: openbadgeslib eddsa-rdfc-2022 credential with achievement.name changed after signing",
          expect="TAMPERED", resources={did_url: "openbadgeslib-ldp-did.json"})


# ── jwcrypto ──────────────────────────────────────────────────────────────────────────────

def issue_jwcrypto(w):
    from jwcrypto import jwk, jwt
    tool = version("jwcrypto")
    for (kty, crv, alg, header_key, label) in (("OKP", "Ed25519", "EdDSA", "kid", "eddsa"),
                                               ("EC", "P-256", "ES256", "jwk", "es256")):
        key = jwk.JWK.generate(kty=kty, crv=crv)
        public = key.export_public(as_dict=True)
        did = did_key_for_jwk(public)
        moment = now()
        claims = vc_jwt_claims(ob3_credential(did, "jwcrypto issuer (did:key)", "mailto:ana@example.org", moment), moment)
        header = {"alg": alg, "typ": "JWT"}
        if header_key == "kid":
            header["kid"] = did_key_vm(did)
        else:
            header["jwk"] = public
        token = jwt.JWT(header=header, claims=claims)
        token.make_signed_token(key)
        text = token.serialize()
        w.add("jwcrypto-jwt-%s-%s.jwt" % (label, header_key), text, tool,
              "jwcrypto JWT %s, did:key issuer, header %s" % (alg, "kid (did:key VM)" if header_key == "kid" else "jwk (no kid)"),
              self_check=checked(lambda t=text, k=jwk.JWK(**public), a=alg: jwt.JWT(jwt=t, key=k, algs=[a])),
              header=header)
        if label == "eddsa":
            # Control: the payload swapped for another after signing.
            head, body, signature = text.split(".")
            payload = json.loads(b64u_decode(body))
            payload["name"] = payload["credentialSubject"]["achievement"]["name"] = "Something else"
            forged = ".".join([head, b64u_encode(json.dumps(payload).encode("utf-8")), signature])
            w.add("jwcrypto-jwt-eddsa-altered.jwt", forged, tool,
                  "control: jwcrypto JWT EdDSA with the payload's name changed after signing",
                  expect="TAMPERED")


# ── joserfc ───────────────────────────────────────────────────────────────────────────────

def issue_joserfc(w):
    from joserfc import jwk, jwt
    tool = version("joserfc")
    for (kty, crv, alg, header_key, label) in (("OKP", "Ed25519", "EdDSA", "jwk", "eddsa"),
                                               ("EC", "P-256", "ES256", "kid", "es256")):
        key = jwk.generate_key(kty, crv)
        public = key.as_dict(private=False)
        did = did_key_for_jwk(public)
        moment = now()
        claims = vc_jwt_claims(ob3_credential(did, "joserfc issuer (did:key)", "mailto:ana@example.org", moment), moment)
        header = {"alg": alg}
        if header_key == "kid":
            header["kid"] = did_key_vm(did)
        else:
            header["jwk"] = public
        text = jwt.encode(header, claims, key, algorithms=[alg])
        w.add("joserfc-jwt-%s-%s.jwt" % (label, header_key), text, tool,
              "joserfc JWT %s, did:key issuer, header %s" % (alg, "kid (did:key VM)" if header_key == "kid" else "jwk (no kid)"),
              self_check=checked(lambda t=text, k=jwk.import_key(public), a=alg: jwt.decode(t, k, algorithms=[a])),
              header=jwt_parts(text)[0])


# ── didkit ───────────────────────────────────────────────────────────────────────────────

def issue_didkit(w):
    import didkit
    tool = "didkit %s" % metadata.version("didkit")

    async def run():
        key = didkit.generate_ed25519_key()
        did = didkit.key_to_did("key", key)
        vm = await didkit.key_to_verification_method("key", key)
        # didkit 0.3.3 knows the VCDM 1.1 context and the OB 3.0 context.json (its bundled copy
        # is byte-identical in content to the one Laurel pins), but neither the VCDM 2.0 context
        # nor context-3.0.x: so a VCDM 1.1-era OpenBadgeCredential.
        body = {
            "@context": [VC1, OB_UNVERSIONED],
            "id": "urn:uuid:%s" % uuid.uuid4(),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": did, "type": ["Profile"], "name": "didkit issuer (did:key)"},
            "issuanceDate": iso(now()),
            "name": ACHIEVEMENT["name"],
            "credentialSubject": {"id": "mailto:ana@example.org", "type": ["AchievementSubject"],
                                  "achievement": copy.deepcopy(ACHIEVEMENT)},
        }
        made = {}
        for label, options in (("ed25519signature2020", {"type": "Ed25519Signature2020"}),
                               ("jwt", {"proofFormat": "jwt"}),
                               ("ed25519signature2018", {})):
            options = dict(options, proofPurpose="assertionMethod", verificationMethod=vm)
            out = await didkit.issue_credential(json.dumps(body), json.dumps(options), key)
            check = json.loads(await didkit.verify_credential(
                out, json.dumps({"proofPurpose": "assertionMethod", **({"proofFormat": "jwt"} if label == "jwt" else {})})))
            made[label] = (out, "passed" if not check.get("errors") else "FAILED: %s" % check["errors"])
        return made

    made = asyncio.run(run())
    out, check = made["ed25519signature2020"]
    document = json.loads(out)
    w.add("didkit-ldp-ed25519signature2020.json", document, tool,
          "didkit Ed25519Signature2020 (proof carries its own @context), VCDM 1.1 OpenBadgeCredential "
          "(credentials/v1 + OB context.json), did:key issuer",
          self_check=check, contexts=document["@context"], proof=document["proof"])
    out, check = made["jwt"]
    w.add("didkit-jwt-eddsa.jwt", out, tool,
          "didkit JWT EdDSA (VCDM 1.1 JWT encoding: credential under the vc claim), VCDM 1.1 "
          "OpenBadgeCredential, did:key issuer, header kid",
          self_check=check, header=jwt_parts(out)[0], claims=sorted(jwt_parts(out)[1]))
    out, check = made["ed25519signature2018"]
    document = json.loads(out)
    w.add("didkit-ldp-ed25519signature2018.json", document, tool,
          "didkit's default LDP suite Ed25519Signature2018 (detached JWS, not a suite Laurel implements), "
          "VCDM 1.1 OpenBadgeCredential, did:key issuer",
          expect="UNSUPPORTED", self_check=check, proof=document["proof"])


PRODUCERS = {"openbadgeslib": issue_openbadgeslib, "jwcrypto": issue_jwcrypto,
             "joserfc": issue_joserfc, "didkit": issue_didkit}


def command_issue(args):
    w = Writer(args.out)
    failures = []
    for name in args.only or PRODUCERS:
        try:
            PRODUCERS[name](w)
        except Exception:  # noqa: BLE001 — one tool failing must not hide the others' output
            failures.append(name)
            traceback.print_exc()
    for entry in w.entries:
        if entry.get("self_check", "passed") != "passed":
            failures.append(entry["file"])
            print("peers: %s did not verify in the tool that made it: %s" % (entry["file"], entry["self_check"]),
                  file=sys.stderr)
    w.file("manifest.json", w.entries)
    print("peers: wrote %d credentials and manifest.json to %s" % (len(w.entries), args.out), file=sys.stderr)
    return 1 if failures else 0


# ── verify-jwt ────────────────────────────────────────────────────────────────────────────

class Unverified(Exception):
    pass


def unverified_parts(token):
    try:
        return jwt_parts(token)
    except Exception as exc:  # noqa: BLE001
        raise Unverified("not a compact JWS: %s" % exc)


def key_source(header, claims, jwk_file):
    """(JWK dict or None, did:key or None, where it came from)."""
    if isinstance(header.get("jwk"), dict):
        return header["jwk"], None, "the JWT header jwk"
    if jwk_file:
        with open(jwk_file, encoding="utf-8") as handle:
            return json.load(handle), None, "--jwk " + jwk_file
    for name, value in (("kid", header.get("kid")), ("iss", claims.get("iss"))):
        if isinstance(value, str) and value.startswith("did:key:"):
            return None, value.split("#", 1)[0], "the header %s did:key" % name if name == "kid" else "the iss did:key"
    return None, None, "nothing (no header jwk, no --jwk, no did:key kid or iss)"


def verify_jwcrypto(token, header, claims, jwk_file):
    from jwcrypto import jwk, jws, jwt
    public, did, source = key_source(header, claims, jwk_file)
    if public is None:
        raise Unverified("jwcrypto has no DID support, so it cannot use %s; it needs a header jwk or --jwk" % source)
    key = jwk.JWK(**public)
    try:
        jwt.JWT(jwt=token, key=key, algs=[header.get("alg")])
    except jws.InvalidJWSSignature as exc:
        raise Unverified("jwcrypto: signature does not verify with the key from %s: %s" % (source, exc))
    except Exception as exc:  # noqa: BLE001
        raise Unverified("jwcrypto refused the token (key from %s): %s: %s" % (source, type(exc).__name__, exc))
    return "jwcrypto verified the %s signature with the key from %s" % (header.get("alg"), source)


def verify_joserfc(token, header, claims, jwk_file):
    from joserfc import jwk, jwt
    from joserfc.errors import BadSignatureError
    public, did, source = key_source(header, claims, jwk_file)
    if public is None:
        raise Unverified("joserfc has no DID support, so it cannot use %s; it needs a header jwk or --jwk" % source)
    try:
        decoded = jwt.decode(token, jwk.import_key(public), algorithms=[header.get("alg")])
        jwt.JWTClaimsRegistry().validate(decoded.claims)
    except BadSignatureError as exc:
        raise Unverified("joserfc: signature does not verify with the key from %s: %s" % (source, exc))
    except Exception as exc:  # noqa: BLE001
        raise Unverified("joserfc refused the token (key from %s): %s: %s" % (source, type(exc).__name__, exc))
    return "joserfc verified the %s signature with the key from %s" % (header.get("alg"), source)


def verify_openbadgeslib(token, header, claims, jwk_file):
    from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier
    from openbadgeslib.ob3.did import _jwk_to_pem
    public, did, source = key_source(header, claims, jwk_file)
    try:
        if public is not None:
            verifier = OB3Verifier(_jwk_to_pem(public))
        elif did is not None:
            # The library's own did:key resolution (Ed25519 and P-256; not RSA), anchored to it.
            verifier = OB3Verifier.for_issuer_did(did)
        else:
            raise Unverified("openbadgeslib has no key: %s" % source)
        credential = verifier.verify(token)
    except OB3VerificationError as exc:
        raise Unverified("openbadgeslib (key from %s): %s" % (source, exc))
    except Unverified:
        raise
    except Exception as exc:  # noqa: BLE001
        raise Unverified("openbadgeslib failed (key from %s): %s: %s" % (source, type(exc).__name__, exc))
    return "openbadgeslib OB3Verifier verified %s (%s) with the key from %s" % (
        credential.id, header.get("alg"), source)


VERIFIERS = {"jwcrypto": verify_jwcrypto, "openbadgeslib": verify_openbadgeslib, "joserfc": verify_joserfc}


def command_verify_jwt(args):
    with open(args.token, encoding="utf-8") as handle:
        token = handle.read().strip()
    verified, detail, extra = False, "", {"tool": version(args.tool)}
    try:
        header, claims = unverified_parts(token)
        shown = dict(header)
        if isinstance(shown.get("jwk"), dict):
            shown["jwk"] = "(%s key)" % " ".join(str(shown["jwk"].get(k)) for k in ("kty", "crv") if k in shown["jwk"])
        if isinstance(shown.get("kid"), str) and len(shown["kid"]) > 100:
            shown["kid"] = "%s… (%d characters)" % (shown["kid"][:60], len(shown["kid"]))
        extra["header_bytes"] = len(token.split(".")[0]) * 3 // 4
        extra["header"] = shown
        detail = VERIFIERS[args.tool](token, header, claims, args.jwk)
        verified = True
    except Unverified as exc:
        detail = str(exc)
    print(json.dumps({"verified": verified, "detail": detail, **extra}, ensure_ascii=False))
    return 0 if verified else 1


def refuse_network(url):
    raise OSError("peers.py never fetches (%s)" % url)


def command_verify_ldp(args):
    """openbadgeslib's OB3LdpVerifier on a Data Integrity credential: eddsa-rdfc-2022 with
    its own pinned contexts and JSON-LD processor (pyld), the key resolved from the proof's
    did:key verificationMethod by the library itself."""
    from openbadgeslib.ob3 import OB3LdpVerifier, OB3VerificationError
    with open(args.file, encoding="utf-8") as handle:
        text = handle.read()
    verified, extra = False, {"tool": version(args.tool)}
    try:
        document = json.loads(text)
        proof = document.get("proof") if isinstance(document, dict) else None
        if isinstance(proof, dict):
            extra["proof"] = {k: proof.get(k) for k in ("type", "cryptosuite", "verificationMethod")}
        method = proof.get("verificationMethod") if isinstance(proof, dict) else None
        if not (isinstance(method, str) and method.startswith("did:key:")):
            raise OB3VerificationError("verify-ldp resolves did:key verification methods only (it never "
                                       "uses the network), not %r" % (method,))
        credential = OB3LdpVerifier().verify(document, download=refuse_network)
        detail = "openbadgeslib OB3LdpVerifier verified %s" % credential.id
        verified = True
    except OB3VerificationError as exc:
        detail = "openbadgeslib: %s" % exc
    except Exception as exc:  # noqa: BLE001
        detail = "openbadgeslib failed: %s: %s" % (type(exc).__name__, exc)
    print(json.dumps({"verified": verified, "detail": detail, **extra}, ensure_ascii=False))
    return 0 if verified else 1


def main(argv=None):
    # joserfc warns on every EdDSA use (RFC 9864 prefers "Ed25519"); OB 3.0 and Laurel use EdDSA.
    warnings.filterwarnings("ignore", message="EdDSA is deprecated")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    issue = sub.add_parser("issue", help="make credentials with every tool")
    issue.add_argument("--out", required=True)
    issue.add_argument("--only", nargs="*", choices=sorted(PRODUCERS))
    verify = sub.add_parser("verify-jwt", help="verify a compact VC-JWT with one tool")
    verify.add_argument("--tool", required=True, choices=sorted(VERIFIERS))
    verify.add_argument("token")
    verify.add_argument("--jwk")
    verify_ldp = sub.add_parser("verify-ldp", help="verify a Data Integrity credential with openbadgeslib")
    verify_ldp.add_argument("--tool", default="openbadgeslib", choices=["openbadgeslib"])
    verify_ldp.add_argument("file")
    args = parser.parse_args(argv)
    if args.command == "issue":
        return command_issue(args)
    if args.command == "verify-ldp":
        return command_verify_ldp(args)
    return command_verify_jwt(args)


if __name__ == "__main__":
    code = main()
    # didkit 0.3.3's Rust runtime keeps threads that can abort the interpreter at exit
    # ("PyGILState_Release: thread state ... must be current"): leave without finalizing.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
