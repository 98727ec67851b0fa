"""A small, real OpenID Connect provider for tests, standing in for the MitID broker.

It serves the authorisation code flow over HTTP on 127.0.0.1 (a free port, in a thread):

- `GET /authorize`: checks the client, the redirect URI and the scope, "authenticates" whoever
  the test chose with `log_in_as(...)` (there is no MitID screen to click through), and sends the
  browser back to the redirect URI with a one-time `code` and the caller's `state`;
- `POST /token`: checks the client id and secret (form or HTTP Basic), the code (once only, and
  only for the redirect URI it was issued for), the PKCE verifier when the authorisation request
  had a challenge, and answers with an access token and an RS256 ID
  token carrying `iss`, `sub`, `aud`, `iat`, `exp` and the caller's `nonce`;
- `GET /jwks`: the public key that signs ID tokens;
- `GET /userinfo`: the logged-in person's claims for a valid bearer access token;
- `GET /.well-known/openid-configuration`: the discovery document.

Each request is recorded in `calls` (method and path), so a test can show that the relying
party's back-channel calls really reached the provider. Misbehaviour for negative tests is set on
the instance: `sign_with_unpublished_key()`, `audience`, `id_token_claims`, `userinfo_claims`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pkce_matches(verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode()).digest()
    return secrets.compare_digest(base64.urlsafe_b64encode(digest).rstrip(b"=").decode(), challenge)


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    subject: dict[str, Any]
    code_challenge: str | None


@dataclass
class OIDCProvider:
    client_id: str = "kontaktforloeb-test"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # Redirect URIs the client registered; empty accepts any (the live server's port is random).
    redirect_uris: list[str] = field(default_factory=list)

    # Who logs in at the next /authorize: `sub` plus any claims (name, CPR number…).
    subject: dict[str, Any] = field(default_factory=lambda: {"sub": "nobody"})
    # Which of the subject's claims go into the ID token and which into userinfo (`sub` always
    # goes into both). None means all of them.
    id_token_claims: set[str] | None = field(default_factory=set)
    userinfo_claims: set[str] | None = None
    # Overrides for negative tests.
    audience: str | None = None  # default: client_id
    token_lifetime: int = 300

    calls: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = _new_key()
        self.kid = secrets.token_hex(8)
        self._signing_key = self.key
        self._grants: dict[str, _Grant] = {}
        self._access_tokens: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Set-up from tests.

    def log_in_as(self, sub: str, **claims: Any) -> None:
        self.subject = {"sub": sub, **claims}

    def sign_with_unpublished_key(self) -> None:
        """Sign ID tokens with a fresh key under the published key id: a forged token."""
        self._signing_key = _new_key()

    # Addresses.

    @property
    def issuer(self) -> str:
        assert self._server is not None, "the provider is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.issuer + path

    def settings(self) -> dict[str, Any]:
        """The relying party's OIDC_* settings for this provider."""
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.url("/authorize"),
            "OIDC_OP_TOKEN_ENDPOINT": self.url("/token"),
            "OIDC_OP_USER_ENDPOINT": self.url("/userinfo"),
            "OIDC_OP_JWKS_ENDPOINT": self.url("/jwks"),
            "OIDC_OP_ISSUER": self.issuer,
        }

    # Running.

    def start(self) -> None:
        provider = self

        class Handler(_Handler):
            pass

        Handler.provider = provider
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="oidc-provider", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # Protocol.

    def jwks(self) -> dict[str, Any]:
        public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    @staticmethod
    def _claims(subject: dict[str, Any], wanted: set[str] | None) -> dict[str, Any]:
        return {
            name: value
            for name, value in subject.items()
            if name == "sub" or wanted is None or name in wanted
        }

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id:
            return 400, {}, {"error": "unauthorized_client"}
        if not redirect_uri or (self.redirect_uris and redirect_uri not in self.redirect_uris):
            return 400, {}, {"error": "invalid_request", "error_description": "redirect_uri"}
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return 400, {}, {"error": "invalid_request"}
        code_challenge = query.get("code_challenge")
        if code_challenge is not None and query.get("code_challenge_method") != "S256":
            return 400, {}, {"error": "invalid_request", "error_description": "S256 only"}
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._grants[code] = _Grant(
                client_id=self.client_id,
                redirect_uri=redirect_uri,
                nonce=query.get("nonce"),
                subject=dict(self.subject),
                code_challenge=code_challenge,
            )
        params = {"code": code}
        if "state" in query:
            params["state"] = query["state"]
        separator = "&" if urlsplit(redirect_uri).query else "?"
        return 302, {"Location": redirect_uri + separator + urlencode(params)}, None

    def token(
        self, form: dict[str, str], authorization: str | None
    ) -> tuple[int, dict[str, str], Any]:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            user, _, password = decoded.partition(":")
            client_id, client_secret = unquote_plus(user), unquote_plus(password)
        if client_id != self.client_id or not secrets.compare_digest(
            client_secret or "", self.client_secret
        ):
            return 401, {"WWW-Authenticate": "Basic"}, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {}, {"error": "unsupported_grant_type"}
        with self._lock:
            grant = self._grants.pop(form.get("code", ""), None)
        if (
            grant is None
            or grant.client_id != client_id
            or grant.redirect_uri != form.get("redirect_uri")
        ):
            return 400, {}, {"error": "invalid_grant"}
        if grant.code_challenge is not None and not _pkce_matches(
            form.get("code_verifier", ""), grant.code_challenge
        ):
            return 400, {}, {"error": "invalid_grant", "error_description": "code_verifier"}
        now = int(time.time())
        # The person who logged in at /authorize, even if the test has chosen another since.
        id_claims = self._claims(grant.subject, self.id_token_claims)
        userinfo = self._claims(grant.subject, self.userinfo_claims)
        id_token_payload: dict[str, Any] = {
            **id_claims,
            "iss": self.issuer,
            "aud": self.audience or self.client_id,
            "iat": now,
            "exp": now + self.token_lifetime,
            "auth_time": now,
        }
        if grant.nonce is not None:
            id_token_payload["nonce"] = grant.nonce
        id_token = jwt.encode(
            id_token_payload, self._signing_key, algorithm="RS256", headers={"kid": self.kid}
        )
        access_token = secrets.token_urlsafe(24)
        with self._lock:
            self._access_tokens[access_token] = userinfo
        body = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": self.token_lifetime,
            "id_token": id_token,
        }
        return 200, {"Cache-Control": "no-store"}, body

    def userinfo(self, authorization: str | None) -> tuple[int, dict[str, str], Any]:
        token = (authorization or "").removeprefix("Bearer ")
        with self._lock:
            claims = self._access_tokens.get(token)
        if not authorization or claims is None:
            return (
                401,
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
                {"error": "invalid_token"},
            )
        return 200, {}, claims

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.url("/authorize"),
            "token_endpoint": self.url("/token"),
            "userinfo_endpoint": self.url("/userinfo"),
            "jwks_uri": self.url("/jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }


class _Handler(BaseHTTPRequestHandler):
    provider: OIDCProvider

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def _answer(self, status: int, headers: dict[str, str], body: Any) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.provider.calls.append(("GET", url.path))
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        if url.path == "/authorize":
            self._answer(*self.provider.authorize(query))
        elif url.path == "/jwks":
            self._answer(200, {}, self.provider.jwks())
        elif url.path == "/userinfo":
            self._answer(*self.provider.userinfo(self.headers.get("Authorization")))
        elif url.path == "/.well-known/openid-configuration":
            self._answer(200, {}, self.provider.discovery())
        else:
            self._answer(404, {}, {"error": "not_found"})

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        self.provider.calls.append(("POST", url.path))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        form = {name: values[0] for name, values in parse_qs(raw).items()}
        if url.path == "/token":
            self._answer(*self.provider.token(form, self.headers.get("Authorization")))
        else:
            self._answer(404, {}, {"error": "not_found"})


@contextmanager
def running_provider(**options: Any) -> Iterator[OIDCProvider]:
    provider = OIDCProvider(**options)
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()
