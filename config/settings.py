"""Settings for every entry point, read from the environment (prefix ``KORR_``).

Each entry point (CLI command, app, flow, watcher) builds ``Settings()`` once and
passes plain values down; ``db`` and ``pochta`` never read settings themselves.
"""

from __future__ import annotations

from enum import StrEnum
from ipaddress import ip_address
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from config.errors import ActionRefused
from config.limits import DEFAULT_LIMITS


class SettingsProblem(StrEnum):
    """Why production refuses to start with these settings."""

    NO_POCHTA_CREDENTIALS = "no_pochta_credentials"
    SANDBOX_URL = "sandbox_url"
    NO_TRACKING_CREDENTIALS = "no_tracking_credentials"
    INITIAL_ADMIN_PASSWORD = "initial_admin_password"
    NO_PREFECT_API = "no_prefect_api"


class SettingsRefused(ActionRefused):
    """A process refuses to start: production settings that would quietly do the wrong thing."""


class Settings(BaseSettings):
    """Korrespondent's configuration; every field can be set as ``KORR_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="KORR_", env_file=".env", extra="ignore")

    # development (the default, ``korrespondent up``): empty Russian Post credentials mean the local
    # sandbox. production: they are required, and the sandbox is never used.
    env: Literal["development", "production"] = "development"
    data_dir: Path = Path("./data")
    database_url: str = ""

    # Incoming limits (ARCHITECTURE.md: a file ≤ 1 MB, a package ≤ 5 MB); defaults from config.limits.
    max_file_bytes: int = DEFAULT_LIMITS.max_file_bytes
    max_package_bytes: int = DEFAULT_LIMITS.max_package_bytes
    max_outgoing_files: int = 5
    max_pdf_pages: int = DEFAULT_LIMITS.max_pages
    # A scanned stack of several documents (KORR_MAX_STACK_BYTES, issue 15): split on arrival.
    max_stack_bytes: int = DEFAULT_LIMITS.max_stack_bytes
    max_stack_pages: int = DEFAULT_LIMITS.max_stack_pages
    max_image_pixels: int = DEFAULT_LIMITS.max_pixels
    parse_timeout_seconds: float = DEFAULT_LIMITS.timeout_seconds

    # Watcher.
    watch_polling: bool = False
    watch_stable_seconds: float = 2.0
    # Files per flow run the watcher hands over: small, so a burst is shared by several workers.
    watch_batch_size: int = Field(default=5, ge=1)
    watch_batch_window_seconds: float = 5.0

    # Russian Post: empty credentials mean the local sandbox.
    pochta_base_url: str = "https://otpravka-api.pochta.ru"
    pochta_token: SecretStr = SecretStr("")
    pochta_login: str = ""
    pochta_password: SecretStr = SecretStr("")
    pochta_tracking_url: str = "https://tracking.russianpost.ru"
    pochta_tracking_login: str = ""
    pochta_tracking_password: SecretStr = SecretStr("")
    # Batch tracking (issue 16): calls a day the poll may spend, spread over the day; ≤ 3000 per ticket.
    pochta_tracking_daily_calls: int = Field(default=3000, ge=2)
    pochta_tracking_ticket_size: int = Field(default=500, ge=1, le=3000)
    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = 8765
    shipping_point_index: str = Field(default="101000", pattern=r"^\d{6}$")
    # The agency as printed on envelopes and cover letters: a neutral name, never a word about debt.
    sender_name: str = ""
    sender_address: str = ""

    # Where file content lives (config/blob_store.py): files under blob_dir (default data_dir/blobs,
    # no set-up), an S3-compatible bucket, or rows of the database (the old way).
    blob_store: Literal["files", "s3", "db"] = "files"
    blob_dir: Path | None = None
    s3_endpoint_url: str = ""
    s3_bucket: str = ""
    s3_prefix: str = "blobs/"
    s3_region: str = "us-east-1"
    s3_access_key: str = ""
    s3_secret_key: SecretStr = SecretStr("")

    # App and the embedded Prefect server of ``korrespondent up``.
    # Single sign-on through ``st.login``: the provider's name under ``[auth.<name>]`` in
    # .streamlit/secrets.toml; empty = password login only (the embedded default).
    auth_provider: str = ""
    app_host: str = "127.0.0.1"
    app_port: int = 8501
    prefect_host: str = "127.0.0.1"
    prefect_port: int = 4200

    @model_validator(mode="after")
    def _production_needs_the_real_service(self) -> Settings:
        """In production, refuse what would silently send letters nowhere (the template's
        ``_enforce_non_default_secrets``): the sandbox stands in only in development."""
        if self.env != "production":
            return self
        if not (
            self.pochta_token.get_secret_value()
            and self.pochta_login
            and self.pochta_password.get_secret_value()
        ):
            raise SettingsRefused(
                SettingsProblem.NO_POCHTA_CREDENTIALS,
                "В рабочем режиме (KORR_ENV=production) нужны учётные данные «Отправки» Почты России: "
                "задайте KORR_POCHTA_TOKEN, KORR_POCHTA_LOGIN и KORR_POCHTA_PASSWORD. "
                "Песочница используется только при разработке.",
            )
        if not (self.pochta_tracking_login and self.pochta_tracking_password.get_secret_value()):
            raise SettingsRefused(
                SettingsProblem.NO_TRACKING_CREDENTIALS,
                "В рабочем режиме (KORR_ENV=production) нужны учётные данные сервиса отслеживания "
                "Почты России: задайте KORR_POCHTA_TRACKING_LOGIN и KORR_POCHTA_TRACKING_PASSWORD.",
            )
        for name, url in (
            ("KORR_POCHTA_BASE_URL", self.pochta_base_url),
            ("KORR_POCHTA_TRACKING_URL", self.pochta_tracking_url),
        ):
            if is_local_url(url):
                raise SettingsRefused(
                    SettingsProblem.SANDBOX_URL,
                    f"В рабочем режиме (KORR_ENV=production) {name} указывает на этот компьютер ({url}), "
                    "то есть на песочницу, а не на Почту России. "
                    "Уберите переменную или укажите адрес сервиса.",
                )
        return self

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        """The database URL; the embedded SQLite file under the data folder by default."""
        if self.database_url:
            return normalize_database_url(self.database_url)
        return f"sqlite:///{self.data_dir / 'korrespondent.db'}"

    @property
    def inbox_dir(self) -> Path:
        return self.data_dir / "inbox"

    @property
    def processing_dir(self) -> Path:
        return self.inbox_dir / ".processing"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def rejected_dir(self) -> Path:
        return self.data_dir / "rejected"

    @property
    def uses_pochta_sandbox(self) -> bool:
        """True when no Russian Post credentials are set: the local sandbox stands in."""
        return not self.pochta_token.get_secret_value()

    @property
    def pochta_url(self) -> str:
        if self.uses_pochta_sandbox:
            return f"http://{self.sandbox_host}:{self.sandbox_port}"
        return self.pochta_base_url

    @property
    def clock_url(self) -> str:
        """Where flows read "now": empty for the system clock; the sandbox's clock in development."""
        return f"{self.pochta_url}/__sandbox__/clock" if self.uses_pochta_sandbox else ""

    @property
    def prefect_api_url(self) -> str:
        return f"http://{self.prefect_host}:{self.prefect_port}/api"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def ensure_dirs(self) -> None:
        """Create the data, inbox, archive and rejected folders if they are missing."""
        for folder in (
            self.data_dir,
            self.inbox_dir,
            self.processing_dir,
            self.archive_dir,
            self.rejected_dir,
        ):
            folder.mkdir(parents=True, exist_ok=True)


def is_local_url(url: str) -> bool:
    """True for an address on this machine (loopback, ``localhost``): where only the sandbox lives."""
    host = (urlsplit(url).hostname or "").lower()
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        return ip_address(host).is_loopback or ip_address(host).is_unspecified
    except ValueError:
        return False


def normalize_database_url(url: str) -> str:
    """Point plain ``postgresql://`` URLs at psycopg 3, the driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
