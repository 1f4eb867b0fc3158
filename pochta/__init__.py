"""Russian Post client (Otpravka JSON API and tracking) and its local sandbox."""

from pochta._account_models import (
    AccountSettings,
    ApiLimit,
    NormalizedAddress,
    Product,
    Rate,
    ShippingPoint,
    Tariff,
    TariffRequest,
)
from pochta._barcode import domestic_check_digit, is_valid_barcode, s10_check_digit
from pochta._enums import (
    AddressType,
    BatchStatus,
    EnvelopeType,
    MailCategory,
    MailType,
    PaymentMethod,
    PrintType,
    TrackingStatus,
)
from pochta._exceptions import (
    PochtaAuthError,
    PochtaBadRequest,
    PochtaError,
    PochtaNotFound,
    PochtaQuotaExceeded,
    PochtaRejected,
    PochtaUnavailable,
    PositionError,
)
from pochta._messages import clerk_message
from pochta._models import (
    Batch,
    CheckinResult,
    CreateBatchResult,
    CreatedOrder,
    CreateOrdersResult,
    IdsResult,
    Order,
    OrderInfo,
)
from pochta._otpravka import OtpravkaClient
from pochta._sandbox_clock import SandboxClock
from pochta._tracking import MAX_TICKET_BARCODES, TrackingClient
from pochta._tracking_codes import e_notice_outcome, is_final, status_for
from pochta._tracking_models import ItemError, TicketAnswer, TicketNotReady, TrackingEvent, latest_status

__all__ = [
    "MAX_TICKET_BARCODES",
    "AccountSettings",
    "AddressType",
    "ApiLimit",
    "Batch",
    "BatchStatus",
    "CheckinResult",
    "CreateBatchResult",
    "CreateOrdersResult",
    "CreatedOrder",
    "EnvelopeType",
    "IdsResult",
    "ItemError",
    "MailCategory",
    "MailType",
    "NormalizedAddress",
    "Order",
    "OrderInfo",
    "OtpravkaClient",
    "PaymentMethod",
    "PochtaAuthError",
    "PochtaBadRequest",
    "PochtaError",
    "PochtaNotFound",
    "PochtaQuotaExceeded",
    "PochtaRejected",
    "PochtaUnavailable",
    "PositionError",
    "PrintType",
    "Product",
    "Rate",
    "SandboxClock",
    "ShippingPoint",
    "Tariff",
    "TariffRequest",
    "TicketAnswer",
    "TicketNotReady",
    "TrackingClient",
    "TrackingEvent",
    "TrackingStatus",
    "clerk_message",
    "domestic_check_digit",
    "e_notice_outcome",
    "is_final",
    "is_valid_barcode",
    "latest_status",
    "s10_check_digit",
    "status_for",
]
