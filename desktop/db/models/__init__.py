"""Every declaration and model of the database, in dependency order (catalogues before the registers)."""

from desktop.db.audit import AuditEntry, AuditHead
from desktop.db.models.catalogues import (
    CATALOGUES,
    HOTLINE_LIMITS,
    HOTLINE_TOPICS,
    SERVICE_ITEMS,
    UNITS,
    USERS,
    WEB_COLUMNS,
)
from desktop.db.models.contacts import CONTACTS
from desktop.db.models.disclosure import DISCLOSURE
from desktop.db.models.exchange import Conflict, ExchangeState, ImportedAudit
from desktop.db.models.hotline import DUTY, HOTLINE
from desktop.db.models.publication import APPEALS, ENFORCEMENT, NORMATIVE, PROACTIVE
from desktop.db.models.report import AnnualReport, ReportSupplement
from desktop.db.models.system import CalendarYear, Counter, Holiday, Setting
from desktop.db.models.window import WINDOW

#: The eight registers of the spec (plus the duty log), keyed as on the command line.
REGISTERS = (WINDOW, CONTACTS, HOTLINE, DUTY, DISCLOSURE, PROACTIVE, NORMATIVE, ENFORCEMENT, APPEALS)
DECLARATIONS = {d.key: d for d in CATALOGUES + REGISTERS}
SYSTEM_MODELS = (
    Holiday,
    CalendarYear,
    Counter,
    Setting,
    AuditEntry,
    AuditHead,
    AnnualReport,
    ReportSupplement,
    ExchangeState,
    Conflict,
    ImportedAudit,
)
ALL_MODELS = tuple(d.model for d in CATALOGUES + REGISTERS) + SYSTEM_MODELS

Unit = UNITS.model
ServiceItem = SERVICE_ITEMS.model
HotlineTopic = HOTLINE_TOPICS.model
HotlineLimit = HOTLINE_LIMITS.model
WebColumn = WEB_COLUMNS.model
User = USERS.model
WindowCase = WINDOW.model
Contact = CONTACTS.model
HotlineTicket = HOTLINE.model
DutyLog = DUTY.model
DisclosureRequest = DISCLOSURE.model
ProactiveItem = PROACTIVE.model
NormativeDocument = NORMATIVE.model
EnforcementFigure = ENFORCEMENT.model
AppealCase = APPEALS.model

__all__ = [
    "ALL_MODELS",
    "AnnualReport",
    "ReportSupplement",
    "DECLARATIONS",
    "REGISTERS",
    "SYSTEM_MODELS",
    "AuditEntry",
    "AuditHead",
    "CalendarYear",
    "Counter",
    "Holiday",
    "Setting",
    "Unit",
    "ServiceItem",
    "HotlineTopic",
    "HotlineLimit",
    "WebColumn",
    "User",
    "WindowCase",
    "Contact",
    "HotlineTicket",
    "DutyLog",
    "DisclosureRequest",
    "ProactiveItem",
    "NormativeDocument",
    "EnforcementFigure",
    "AppealCase",
    "CATALOGUES",
]
