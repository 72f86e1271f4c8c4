"""Organisations (global), people, and memberships that tie organisations to clusters over time."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.models import TimeStampedModel
from klynge.core.weblinks import WebURLField

from .classification import NON_ENTERPRISE_FORMS, NON_ENTERPRISE_KINDS, is_sme, member_type
from .orgnumbers import format_org_number, validate_org_number


class Organisation(TimeStampedModel):
    """One row per real organisation, keyed by the Norwegian org number where it has one."""

    class Kind(models.TextChoices):
        STARTUP = "startup", _("Start-up")
        SME = "sme", _("SME")
        LARGE = "large", _("Large company")
        UNIVERSITY = "university", _("University or college")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        PUBLIC_SECTOR = "public_sector", _("Public sector")
        FINANCE = "finance", _("Finance or investor")
        CLUSTER_ORGANISATION = "cluster_organisation", _("Cluster organisation")
        OTHER = "other", _("Other")

    class SizeClass(models.TextChoices):
        MICRO = "micro", _("Micro (< 10)")
        SMALL = "small", _("Small (10–49)")
        MEDIUM = "medium", _("Medium (50–249)")
        LARGE = "large", _("Large (250+)")
        UNKNOWN = "unknown", _("Unknown size")
        NOT_APPLICABLE = "na", _("Not applicable (not an enterprise)")

    name = models.CharField(_("name"), max_length=255, db_index=True)
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        null=True,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Norwegian organisations only: 9 digits."),
    )
    country = models.CharField(_("country"), max_length=2, default="NO", db_index=True)
    vat_id = models.CharField(_("VAT id"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.SME)
    org_form = models.CharField(_("organisation form"), max_length=16, blank=True)
    employees = models.PositiveIntegerField(
        _("employees"), null=True, blank=True, help_text=_("Leave empty when unknown.")
    )
    size_class = models.GeneratedField(
        # classification.size_class as a column: only enterprises have a size class.
        expression=Case(
            When(kind__in=NON_ENTERPRISE_KINDS, then=Value("na")),
            When(org_form__in=NON_ENTERPRISE_FORMS, then=Value("na")),
            When(employees__isnull=True, then=Value("unknown")),
            When(employees__lt=10, then=Value("micro")),
            When(employees__lt=50, then=Value("small")),
            When(employees__lt=250, then=Value("medium")),
            default=Value("large"),
        ),
        output_field=models.CharField(max_length=8, choices=SizeClass.choices),
        db_persist=True,
        verbose_name=_("size class (estimated from headcount)"),
    )
    nace_codes = models.JSONField(
        _("industry codes"),
        default=list,
        blank=True,
        help_text=_("SN2007/NACE codes, e.g. 62.010."),
    )
    nace_primary = models.CharField(
        _("main industry code"), max_length=8, blank=True, db_index=True
    )
    nace_version = models.CharField(_("code standard"), max_length=16, default="SN2007")
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    municipality_number = models.CharField(_("municipality number"), max_length=4, blank=True)
    county = models.CharField(_("county / region"), max_length=100, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = WebURLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("competence topics"), blank=True, related_name="organisations"
    )
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    is_bankrupt = models.BooleanField(_("bankrupt"), default=False)
    is_being_dissolved = models.BooleanField(_("being dissolved"), default=False)
    deleted_on = models.DateField(_("deleted from the register"), null=True, blank=True)
    register_updated_at = models.DateTimeField(_("register data updated"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=Q(org_number__isnull=False),
                name="members_organisation_unique_org_number",
                violation_error_message=_("An organisation with this number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(org_number__isnull=True) | Q(country="NO"),
                name="members_organisation_org_number_only_norwegian",
                violation_error_message=_(
                    "Only Norwegian organisations have a Norwegian organisation number."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["size_class"]),
            # The directory's default order: walked to find a page of a cluster's members.
            models.Index(Lower("name"), "id", name="members_org_lower_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:organisation", args=[self.pk])

    @property
    def org_number_display(self) -> str:
        return format_org_number(self.org_number)

    @property
    def member_type(self) -> str:
        return member_type(self.kind)

    @property
    def is_sme_estimated(self) -> bool | None:
        """SME by headcount (estimated); False for non-enterprises; None when unknown."""
        return is_sme(self.kind, self.org_form, self.employees)

    @property
    def is_international(self) -> bool:
        return self.country != "NO"


class Person(TimeStampedModel):
    """A contact person. Linked to a User when they are a member contact who can log in."""

    full_name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    organisation_since = models.DateField(
        _("at the organisation since"),
        null=True,
        blank=True,
        default=date.today,
        help_text=_("The day the person joined the organisation (or was added to it)."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nb"
    )
    consent_directory = models.BooleanField(_("visible in the member directory"), default=False)
    consent_directory_at = models.DateTimeField(null=True, blank=True)
    consent_newsletter = models.BooleanField(_("receives newsletters"), default=False)
    consent_newsletter_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        indexes = [
            # Guests are found by email in any case (klynge.registrations.guest_person_find).
            models.Index(Lower("email"), name="members_person_lower_email_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("members:person", args=[self.pk])


class Membership(TimeStampedModel):
    """An organisation's membership of a cluster, from joined_on to left_on (None = still a member).

    Leaving ends the row; rejoining starts a new one. Periods of one organisation in one cluster
    never overlap (service rule, plus a constraint allowing one open row).
    """

    class Category(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")
        ASSOCIATE = "associate", _("Associate")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.MEMBER
    )
    fee_tier = models.CharField(_("fee tier"), max_length=60, blank=True)
    annual_fee = models.PositiveIntegerField(
        _("annual fee (NOK)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "organisation"],
                condition=Q(left_on__isnull=True),
                name="members_membership_one_open_per_cluster",
                violation_error_message=_("This organisation is already a member of the cluster."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="members_membership_left_after_joined",
                violation_error_message=_("The leaving date cannot be before the joining date."),
            ),
        ]
        indexes = [
            models.Index(fields=["cluster", "joined_on", "left_on"]),
            # Is the organisation (still) a member, which is its latest period: per organisation.
            models.Index(
                fields=["organisation", "cluster", "joined_on"], name="members_mem_org_period_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.cluster} ({self.joined_on:%Y}–{self.left_on or ''})"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class Invitation(TimeStampedModel):
    """A single-use, expiring link that lets a person set a password and become a member contact."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.person} ({self.cluster.short_name})"
