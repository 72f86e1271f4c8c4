"""Account pages: login, profile and language, personal API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from klynge.core.errors import DomainError
from klynge.core.links import local_next
from klynge.core.permissions import acting, require
from klynge.core.ratelimit import check_rate

from . import selectors, services, two_factor
from .forms import ApiTokenForm, EmailAuthenticationForm, ProfileForm, TwoFactorCodeForm
from .models import ApiToken
from .permissions import can_manage_own_tokens

PENDING_USER, PENDING_BACKEND, PENDING_NEXT = (
    "klynge_2fa_user",
    "klynge_2fa_backend",
    "klynge_2fa_next",
)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password revokes every API token made under the old one."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.api_tokens_revoke_after_password_change(
            actor=acting(self.request.user), user=form.user
        )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A reset password revokes every API token made under the old one."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.api_tokens_revoke_after_password_change(actor=form.user, user=form.user)
        return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not two_factor.has_two_factor(user):
            return super().form_valid(form)
        # The password was right; the login completes after the second step.
        self.request.session[PENDING_USER] = user.pk
        self.request.session[PENDING_BACKEND] = user.backend
        self.request.session[PENDING_NEXT] = self.get_success_url()
        return redirect("accounts:two_factor_verify")


@never_cache
def two_factor_verify_view(request: HttpRequest) -> HttpResponse:
    user_id = request.session.get(PENDING_USER)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("accounts:login")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST":
        check_rate(request, "two_factor", address=user.email)
        if form.is_valid() and two_factor.two_factor_verify(
            user=user, code=form.cleaned_data["code"]
        ):
            backend = request.session.pop(PENDING_BACKEND)
            next_url = request.session.pop(PENDING_NEXT, None) or resolve_url("home")
            request.session.pop(PENDING_USER, None)
            login(request, user, backend=backend)
            return redirect(next_url)
        if form.is_valid():
            form.add_error("code", _("That code is not right. Enter the current code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn two-factor login on (QR code, first code, recovery codes) or off."""
    user = acting(request.user)
    enabled = two_factor.has_two_factor(user)
    form = TwoFactorCodeForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "enabled": enabled}
    if request.method == "POST" and form.is_valid():
        try:
            if enabled:
                two_factor.two_factor_disable(actor=user, code=form.cleaned_data["code"])
                messages.success(request, _("Two-factor login is off."))
                return redirect("accounts:two_factor")
            context["recovery_codes"] = two_factor.two_factor_confirm(
                actor=user, code=form.cleaned_data["code"]
            )
            context["enabled"] = True
            return render(request, "accounts/two_factor.html", context)
        except DomainError as error:
            form.add_error("code", error.message)
    if not enabled:
        device = two_factor.pending_device(user)
        uri = two_factor.provisioning_uri(device)
        context |= {"qr_svg": mark_safe(two_factor.qr_svg(uri)), "secret": device.secret}
    context["required"] = two_factor.two_factor_required(user)
    return render(request, "accounts/two_factor.html", context)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; saved on the user when logged in, in a cookie otherwise."""
    from django.conf import settings

    language = request.POST.get("language", "")
    response = HttpResponseRedirect(local_next(request, "/"))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.user_set_language(actor=request.user, user=request.user, language=language)
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = acting(request.user)
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "language": user.language},
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            actor=user,
            user=user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
        )
        translation.activate(user.language)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    require(can_manage_own_tokens, request.user)
    user = acting(request.user)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.api_token_create(
                actor=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
            form = ApiTokenForm()
        except DomainError as error:
            form.add_error(error.field, error.message)
    # Tokens made under a password changed elsewhere (admin, command line) are written down as revoked.
    services.api_tokens_revoke_after_password_change(actor=user, user=user)
    tokens = selectors.api_token_list_for_user(user=user)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id)
    require(can_manage_own_tokens, request.user, token)
    services.api_token_revoke(actor=acting(request.user), token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
