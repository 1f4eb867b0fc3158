"""Reference data: counterparties, document types, and the CRM's clients, debtors and cases."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, TimestampMixin


class Counterparty(TimestampMixin, Base):
    """Who sends us paper or receives our letters: courts, bailiff offices, banks, others."""

    __tablename__ = "counterparty"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    address: Mapped[str | None] = mapped_column(Text)
    postal_index: Mapped[str | None] = mapped_column(String(6))
    inn: Mapped[str | None] = mapped_column(String(12), index=True)
    ogrn: Mapped[str | None] = mapped_column(String(15))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # ИП department codes (59045) and court codes (59RS0004) that name this unit in documents.
    codes: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)


class DocumentType(TimestampMixin, Base):
    """A kind of document; ``match_rules`` holds clerk-editable regexes, one per line."""

    __tablename__ = "document_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    belongs_to: Mapped[str] = mapped_column(String(10), default="case")
    direction: Mapped[str] = mapped_column(String(10), default="incoming")
    match_rules: Mapped[str] = mapped_column(Text, default="")
    is_standard: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


class Client(TimestampMixin, Base):
    """The creditor the agency works for."""

    __tablename__ = "client"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500), unique=True)
    inn: Mapped[str | None] = mapped_column(String(12))


class Debtor(TimestampMixin, Base):
    """A private person who owes; personal data under 152-ФЗ."""

    __tablename__ = "debtor"
    __table_args__ = (Index("ix_debtor_full_name_birth_date", "full_name", "birth_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(300))
    # indexed alone: the matcher's OCR-name fallback looks debtors up by birth date (migration 0018)
    birth_date: Mapped[date | None] = mapped_column(index=True)
    inn: Mapped[str | None] = mapped_column(String(12), index=True)
    snils: Mapped[str | None] = mapped_column(String(11), index=True)
    address: Mapped[str | None] = mapped_column(Text)


class Case(TimestampMixin, Base):
    """A debtor's case in the CRM ("Кейсы"); we import and sync it, the CRM owns it."""

    __tablename__ = "debt_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(100), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtor.id"), index=True)
    contract_number: Mapped[str | None] = mapped_column(String(100), index=True)

    client: Mapped[Client] = relationship(lazy="joined")
    debtor: Mapped[Debtor] = relationship(lazy="joined")
    identifiers: Mapped[list[CaseIdentifier]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseIdentifier.id"
    )

    def identifier_values(self, kind: str) -> list[str]:
        return [ident.value for ident in self.identifiers if ident.kind == kind]


class CaseIdentifier(Base):
    """A number that points at a case: ИП number, court case number, УИД, writ.

    Not unique on its own: the same number on two cases is a conflict the matcher must see.
    """

    __tablename__ = "case_identifier"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "value"),
        Index("ix_case_identifier_kind_value", "kind", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("debt_case.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(100))

    case: Mapped[Case] = relationship(back_populates="identifiers")
