"""The folder content store: content-addressed, atomic, idempotent, hash-checked on read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from config.blob_store import BlobCorrupted, BlobMissing, FileBlobStore, blob_key
from config.blob_store_s3 import sign_v4


def test_file_store_puts_under_content_address(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path)
    data = b"%PDF-1.4 scan"
    digest = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert (tmp_path / digest[:2] / digest[2:4] / digest).read_bytes() == data
    assert store.exists(digest) and store.get(digest) == data


def test_file_store_put_is_idempotent_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path)
    first, second = store.put(b"same"), store.put(b"same")
    assert first == second
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [first]


def test_file_store_get_raises_corrupted_when_bytes_changed(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path)
    digest = store.put(b"original")
    store.path(digest).write_bytes(b"tampered")
    with pytest.raises(BlobCorrupted) as caught:
        store.get(digest)
    assert caught.value.sha256 == digest and caught.value.actual == hashlib.sha256(b"tampered").hexdigest()


def test_file_store_get_raises_missing_when_absent(tmp_path: Path) -> None:
    with pytest.raises(BlobMissing):
        FileBlobStore(tmp_path).get("0" * 64)


def test_blob_key_refuses_what_is_not_a_digest() -> None:
    with pytest.raises(ValueError):
        blob_key("../../etc/passwd")


def test_sign_v4_matches_botocore_on_the_aws_example_request() -> None:
    """AWS's example request (GET /test.txt on examplebucket, empty body, 2013-05-24); we sign host,
    x-amz-content-sha256 and x-amz-date, and the expected signature is botocore's S3SigV4Auth's for
    the same request and headers (computed once, outside the suite)."""
    import datetime as dt

    headers = sign_v4(
        "GET",
        "https://examplebucket.s3.amazonaws.com/test.txt",
        b"",
        access_key="AKIAIOSFODNN7EXAMPLE",
        secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        region="us-east-1",
        now=dt.datetime(2013, 5, 24, tzinfo=dt.UTC),
    )
    assert headers["x-amz-date"] == "20130524T000000Z"
    assert headers["Authorization"].startswith(
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
        "Signature=df548e2ce037944d03f3e68682813b093763996d597cf890ca3d9037fd231eb4"
    )
