"""``S3BlobStore``: the content store in an S3-compatible bucket (MinIO, Ceph, Yandex Object Storage, AWS).

Plain HTTP with AWS Signature V4 over httpx, which we have anyway: no SDK for four requests
(PUT, GET, HEAD of one object; path-style URLs, which every S3-compatible server accepts).
Keys are ``<prefix>ab/cd/<sha256>``, as on disk. Reads are hash-checked like the files'.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import urllib.parse

import httpx

from config.blob_store import BlobError, BlobMissing, BlobProblem, blob_key, verified


class S3BlobStore:
    """Bytes by SHA-256 in ``bucket`` at ``endpoint_url``; ``put`` is idempotent (same key, same bytes)."""

    def __init__(
        self,
        endpoint_url: str,
        *,
        bucket: str,
        access_key: str,
        secret_key: str,
        prefix: str = "blobs/",
        region: str = "us-east-1",
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not (endpoint_url and bucket):
            raise ValueError("S3 store needs KORR_S3_ENDPOINT_URL and KORR_S3_BUCKET")
        self.endpoint_url = endpoint_url.rstrip("/")
        self.bucket = bucket
        self.prefix = prefix
        self.region = region
        self._access_key = access_key
        self._secret_key = secret_key
        self._client = httpx.Client(timeout=timeout, transport=transport)

    def put(self, data: bytes, *, sha256: str | None = None) -> str:
        digest = sha256 or hashlib.sha256(data).hexdigest()
        if not self.exists(digest):
            self._request("PUT", self._key(digest), data, ok=(200,))
        return digest

    def get(self, sha256: str) -> bytes:
        response = self._request("GET", self._key(sha256), b"", ok=(200, 404))
        if response.status_code == 404:
            raise BlobMissing(sha256)
        return verified(response.content, sha256)

    def exists(self, sha256: str) -> bool:
        return self._request("HEAD", self._key(sha256), b"", ok=(200, 404)).status_code == 200

    def create_bucket(self) -> None:
        """Create the bucket (tests and first set-up); an existing one of ours is fine."""
        self._request("PUT", "", b"", ok=(200, 409))

    def close(self) -> None:
        self._client.close()

    def _key(self, sha256: str) -> str:
        return self.prefix + blob_key(sha256)

    def _request(self, method: str, key: str, body: bytes, *, ok: tuple[int, ...]) -> httpx.Response:
        path = "/" + urllib.parse.quote(f"{self.bucket}/{key}" if key else self.bucket, safe="/-_.~")
        url = self.endpoint_url + path
        headers = sign_v4(
            method,
            url,
            body,
            access_key=self._access_key,
            secret_key=self._secret_key,
            region=self.region,
            now=dt.datetime.now(dt.UTC),
        )
        try:
            response = self._client.request(method, url, content=body or None, headers=headers)
        except httpx.HTTPError as exc:
            raise _unavailable(key, type(exc).__name__) from exc
        if response.status_code not in ok:
            raise _unavailable(key, f"HTTP {response.status_code}")
        return response


def _unavailable(key: str, why: str) -> BlobError:
    sha256 = key.rsplit("/", 1)[-1]
    return BlobError(BlobProblem.UNAVAILABLE, f"Хранилище S3 недоступно ({why})", sha256=sha256)


def sign_v4(
    method: str,
    url: str,
    body: bytes,
    *,
    access_key: str,
    secret_key: str,
    region: str,
    now: dt.datetime,
    service: str = "s3",
) -> dict[str, str]:
    """The headers of an AWS Signature V4 request (host, x-amz-date, payload hash, Authorization)."""
    parts = urllib.parse.urlsplit(url)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    payload = hashlib.sha256(body).hexdigest()
    headers = {"host": parts.netloc, "x-amz-content-sha256": payload, "x-amz-date": amz_date}
    signed = ";".join(sorted(headers))
    canonical = "\n".join(
        [
            method,
            parts.path or "/",
            parts.query,
            "".join(f"{name}:{headers[name]}\n" for name in sorted(headers)),
            signed,
            payload,
        ]
    )
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = f"AWS4{secret_key}".encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={signed}, Signature={signature}"
    )
    return headers
