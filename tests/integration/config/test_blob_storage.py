"""Scans out of the row store: bytes in the content store, rows as metadata, moves both ways."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from config.blob_store import BlobCorrupted, FileBlobStore, attach_blob_store, load_blob, store_blob
from db.engine import make_engine, session_scope
from db.models import Blob
from tasks import blobs
from tasks.database import upgrade_and_seed


@pytest.fixture
def file_store(engine: Engine, tmp_path: Path) -> Iterator[FileBlobStore]:
    store = FileBlobStore(tmp_path / "blobs")
    attach_blob_store(engine, store)
    yield store
    attach_blob_store(engine, None)


def test_store_blob_writes_bytes_to_the_store_and_keeps_a_metadata_row(
    session: Session, file_store: FileBlobStore
) -> None:
    digest = store_blob(session, b"scan one")
    session.flush()
    row = session.get_one(Blob, digest)
    assert (row.size, row.data) == (8, None)
    assert file_store.get(digest) == b"scan one"
    assert load_blob(session, digest) == b"scan one"


def test_load_blob_reads_rows_left_in_the_database(session: Session, file_store: FileBlobStore) -> None:
    data = b"legacy row"
    digest = hashlib.sha256(data).hexdigest()
    session.add(Blob(sha256=digest, size=len(data), data=data))
    session.flush()
    assert load_blob(session, digest) == data


def test_load_blob_raises_corrupted_when_a_row_was_changed(session: Session) -> None:
    digest = hashlib.sha256(b"original").hexdigest()
    session.add(Blob(sha256=digest, size=8, data=b"tampered"))
    session.flush()
    with pytest.raises(BlobCorrupted):
        load_blob(session, digest)


@pytest.fixture
def committed_engine(empty_database_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_database_url)
    upgrade_and_seed(engine, actor="tests")
    yield engine
    engine.dispose()


def test_move_to_store_then_back_keeps_every_file_and_check_finds_corruption(
    committed_engine: Engine, tmp_path: Path
) -> None:
    """GIVEN three files in rows WHEN moved to the folder store, checked, and moved back
    THEN rows hold no bytes in between, check passes, and a tampered file is reported."""
    contents = [f"file {n}".encode() for n in range(3)]
    with session_scope(committed_engine) as session:
        keys = [store_blob(session, data) for data in contents]
    store = FileBlobStore(tmp_path / "blobs")
    assert blobs.move_to_store(committed_engine, store, batch=2).moved == 3
    with session_scope(committed_engine) as session:
        assert session.scalars(select(Blob.data).where(Blob.data.is_not(None))).all() == []
    attach_blob_store(committed_engine, store)
    assert blobs.check_all(committed_engine).problems == []
    store.path(keys[0]).write_bytes(b"bit rot")
    assert blobs.check_all(committed_engine).problems == [(keys[0], "blob_corrupted")]
    store.path(keys[0]).write_bytes(contents[0])
    assert blobs.move_to_rows(committed_engine, store).moved == 3
    attach_blob_store(committed_engine, None)
    with session_scope(committed_engine) as session:
        assert [load_blob(session, key) for key in keys] == contents


@pytest.fixture(scope="module")
def s3_url() -> Iterator[str]:
    """An S3-compatible server on loopback: ``KORR_TEST_S3_URL``, else a ``moto_server`` we start."""
    given = os.environ.get("KORR_TEST_S3_URL")
    if given:
        yield given
        return
    server = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    if not Path(server).exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None, "moto_server did not start"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.s3
def test_s3_store_round_trip_against_a_real_server(s3_url: str) -> None:
    """Against an S3-compatible server (``moto_server`` from PyPI): put, head, get, missing."""
    from config.blob_store import BlobMissing
    from config.blob_store_s3 import S3BlobStore

    store = S3BlobStore(
        s3_url,
        bucket=f"korr-{uuid.uuid4().hex[:12]}",
        access_key="test",
        secret_key="test",
    )
    store.create_bucket()
    digest = store.put(b"scan in a bucket")
    assert store.put(b"scan in a bucket") == digest
    assert store.exists(digest) and store.get(digest) == b"scan in a bucket"
    with pytest.raises(BlobMissing):
        store.get("0" * 64)
    store.close()
