#!/usr/bin/env python3
"""Credentials of many users for bench/ab.sh, one a line, written to DIR. Secrets come from the environment
(JWT_SECRET_KEY, SERVICE_SECRET, EMERGENCY_SIGNING_KEY), the same that both builds run with.
  tokens DIR USERS                 hs256.tokens: primary-auth style HS256 access tokens (user u<n>, 2 h);
                                   hs256.bodies: the same as {"token": ...}
  emergency DIR USERS              emergency.bodies: {"token": ...} with emergency tokens (HS256 with
                                   EMERGENCY_SIGNING_KEY, 15 min, the longest allowed: mint them per round)
  sessions FILE URL USERS          FILE: session ids made by POST URL/api/v1/session/create (internal token)
  sign-in DIR ACCOUNTS PASSWORD HASH
                                   break-glass.json: ACCOUNTS users bench-<n> with bcrypt HASH;
                                   sign-in.bodies: {"username", "password"} for each
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import sys
import time
import urllib.parse
import uuid


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256(claims, key):
    signing_input = b64(b'{"alg":"HS256","typ":"JWT"}') + "." + b64(json.dumps(claims, separators=(",", ":")).encode())
    return signing_input + "." + b64(hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest())


def write(path, lines):
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")


def tokens(folder, users):
    now = int(time.time())
    jwts = [hs256({"sub": f"u{n}", "email": f"u{n}@example.com", "type": "access", "iat": now, "exp": now + 7200},
                  os.environ["JWT_SECRET_KEY"]) for n in range(users)]
    write(os.path.join(folder, "hs256.tokens"), jwts)
    write(os.path.join(folder, "hs256.bodies"), [json.dumps({"token": t}, separators=(",", ":")) for t in jwts])


def emergency(folder, users):
    now = int(time.time())
    jwts = [hs256({"iss": "authsuite-emergency", "sub": f"u{n}", "user_id": f"u{n}", "jti": str(uuid.uuid4()), "iat": now,
                   "exp": now + 900, "token_type": "emergency", "roles": ["emergency"], "email": f"u{n}@example.com",
                   "scope": "read"}, os.environ["EMERGENCY_SIGNING_KEY"]) for n in range(users)]
    write(os.path.join(folder, "emergency.bodies"), [json.dumps({"token": t}, separators=(",", ":")) for t in jwts])


def sessions(path, url, users):
    now = int(time.time())
    internal = hs256({"iss": "authsuite", "aud": ["authsuite-internal"], "sub": "bench-ab", "jti": str(uuid.uuid4()),
                      "token_type": "internal", "iat": now, "exp": now + 300}, os.environ["SERVICE_SECRET"])
    target = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    ids = []
    for n in range(users):
        connection.request("POST", "/api/v1/session/create", json.dumps({"user_id": f"u{n}", "email": f"u{n}@example.com"}),
                           {"Content-Type": "application/json", "Authorization": "Bearer " + internal})
        answer = connection.getresponse()
        body = answer.read()
        if answer.status != 201:
            sys.exit(f"session create at {url}: {answer.status} {body[:300]!r}")
        ids.append(json.loads(body)["session_id"])
    write(path, ids)


def sign_in(folder, accounts, password, hashed):
    names = [f"bench-{n}" for n in range(accounts)]
    with open(os.path.join(folder, "break-glass.json"), "w") as out:
        json.dump([{"username": name, "hashed_password": hashed} for name in names], out)
    write(os.path.join(folder, "sign-in.bodies"), [json.dumps({"username": name, "password": password}) for name in names])


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "tokens":
        tokens(args[0], int(args[1]))
    elif command == "emergency":
        emergency(args[0], int(args[1]))
    elif command == "sessions":
        sessions(args[0], args[1], int(args[2]))
    elif command == "sign-in":
        sign_in(args[0], int(args[1]), args[2], args[3])
    else:
        sys.exit(__doc__)
