#!/usr/bin/env python3
"""credential.py: checks a certificate's Open Badges 3.0 credential with a
JOSE library that is not convene's (python3-jwt): the JWK Set, the RS256
signature, the OpenBadgeCredential's fields and VC-JWT claims, and the
revocation list. Run by tests/http/door.c.

usage: credential.py BASE CODE EMAIL HOURS SESSION [--revoked]
Exits 0 when every check holds, 1 with the first failure on stderr.
"""
import hashlib
import json
import sys
import urllib.error
import urllib.request

import jwt
from jwt.algorithms import RSAAlgorithm


def fail(msg):
    print("credential.py: " + msg, file=sys.stderr)
    sys.exit(1)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def expect(cond, msg):
    if not cond:
        fail(msg)


def main():
    if len(sys.argv) < 6:
        fail("usage: credential.py BASE CODE EMAIL HOURS SESSION [--revoked]")
    base, code, email, hours, session = sys.argv[1:6]
    revoked = "--revoked" in sys.argv[6:]
    vid = base + "/verify/" + code
    status_url = base + "/api/v1/credentials/revocations"

    st, ctype, body = get(base + "/.well-known/jwks.json")
    expect(st == 200, "JWK Set: HTTP %d" % st)
    jwks = json.loads(body)
    keys = {k["kid"]: k for k in jwks.get("keys", [])}
    expect(keys, "the JWK Set has no keys")
    for k in keys.values():
        expect(k.get("kty") == "RSA" and "d" not in k and "p" not in k,
               "the JWK Set must hold only RSA public keys: %r" % k)

    st, ctype, body = get(base + "/api/v1/certificates/" + code + "/credential")
    status = json.loads(get(status_url)[2])
    expect(status.get("id") == status_url, "status list id: %r" % status)
    expect(status.get("issuer") == base, "status list issuer: %r" % status)
    listed = [e for e in status.get("revokedCredentials", [])
              if e.get("id") == vid]
    if revoked:
        expect(st == 410, "revoked credential: HTTP %d, want 410" % st)
        expect(listed and listed[0].get("revoked") is True,
               "the revocation list does not say %s is revoked" % vid)
        return
    expect(not listed, "a valid credential is on the revocation list")
    expect(st == 200, "credential: HTTP %d: %r" % (st, body[:200]))
    expect(ctype.split(";")[0].strip() == "application/vc+jwt",
           "credential Content-Type %r" % ctype)
    token = body.decode("ascii").strip()
    expect(token.count(".") == 2, "not a compact JWS")

    header = jwt.get_unverified_header(token)
    expect(header.get("alg") == "RS256", "alg %r" % header.get("alg"))
    expect(header.get("kid") in keys, "kid %r is not in the JWK Set"
           % header.get("kid"))
    key = RSAAlgorithm.from_jwk(json.dumps(keys[header["kid"]]))
    try:
        p = jwt.decode(token, key, algorithms=["RS256"], issuer=base,
                       options={"verify_aud": False, "require": ["iss",
                                "jti", "nbf", "sub"]})
    except jwt.PyJWTError as e:
        fail("the signature or claims do not verify: %s" % e)

    # A changed payload no longer verifies.
    h, pl, sig = token.split(".")
    forged = json.loads(jwt.utils.base64url_decode(pl))
    forged["credentialSubject"]["achievement"]["creditsAvailable"] = 400
    forged_pl = jwt.utils.base64url_encode(
        json.dumps(forged).encode()).decode()
    try:
        jwt.decode(".".join([h, forged_pl, sig]), key, algorithms=["RS256"],
                   options={"verify_aud": False})
        fail("a forged payload verified")
    except jwt.InvalidSignatureError:
        pass

    ctx = p.get("@context", [])
    expect(ctx[:1] == ["https://www.w3.org/ns/credentials/v2"],
           "@context must start with the W3C credentials context: %r" % ctx)
    expect(any(c.startswith("https://purl.imsglobal.org/spec/ob/v3p0/context")
               for c in ctx), "@context lacks the Open Badges 3.0 context")
    expect(p.get("type") == ["VerifiableCredential", "OpenBadgeCredential"],
           "type %r" % p.get("type"))
    expect(p.get("id") == vid, "id %r, want %r" % (p.get("id"), vid))
    iss = p.get("issuer", {})
    expect(iss.get("id") == base, "issuer.id %r" % iss.get("id"))
    expect("Profile" in iss.get("type", []), "issuer.type %r" % iss.get("type"))
    expect(iss.get("name") and iss.get("name") != "convene",
           "issuer.name %r" % iss.get("name"))
    expect(isinstance(p.get("validFrom"), str), "no validFrom")
    expect(p.get("name"), "no name")
    cs = p.get("credentialStatus", {})
    expect(cs == {"id": status_url, "type": "1EdTechRevocationList"},
           "credentialStatus %r" % cs)
    sub = p.get("credentialSubject", {})
    expect("AchievementSubject" in sub.get("type", []),
           "credentialSubject.type %r" % sub.get("type"))
    expect(sub.get("id", "").startswith("urn:uuid:") and
           len(sub["id"]) == 45, "credentialSubject.id %r" % sub.get("id"))
    ident = sub.get("identifier", [{}])[0]
    expect(ident.get("type") == "IdentityObject" and ident.get("hashed") is
           True and ident.get("identityType") == "emailAddress",
           "identifier %r" % ident)
    want = "sha256$" + hashlib.sha256(
        (email.lower() + ident.get("salt", "")).encode()).hexdigest()
    expect(ident.get("identityHash") == want, "identityHash %r, want %r"
           % (ident.get("identityHash"), want))
    expect(email.lower() not in json.dumps(p).lower(),
           "the address itself is in the credential")
    ach = sub.get("achievement", {})
    expect(ach.get("id", "").startswith(base + "/"), "achievement.id %r"
           % ach.get("id"))
    expect("Achievement" in ach.get("type", []), "achievement.type")
    expect(ach.get("name") == session, "achievement.name %r" % ach.get("name"))
    expect(ach.get("description"), "no achievement.description")
    expect(ach.get("criteria", {}).get("narrative"), "no criteria.narrative")
    expect(float(ach.get("creditsAvailable", -1)) == float(hours),
           "creditsAvailable %r, want %s" % (ach.get("creditsAvailable"),
                                             hours))
    # VC-JWT: the registered claims mirror the credential.
    expect(p.get("iss") == iss.get("id"), "iss %r" % p.get("iss"))
    expect(p.get("jti") == p.get("id"), "jti %r" % p.get("jti"))
    expect(p.get("sub") == sub.get("id"), "sub %r" % p.get("sub"))
    from datetime import datetime
    vf = datetime.fromisoformat(p["validFrom"].replace("Z", "+00:00"))
    expect(int(vf.timestamp()) == p.get("nbf"), "nbf %r is not validFrom %r"
           % (p.get("nbf"), p["validFrom"]))


if __name__ == "__main__":
    main()
