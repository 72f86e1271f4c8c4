"""`acting`: the logged-in user behind a request, as the Actor a service takes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from klynge.core.permissions import acting
from tests.factories.accounts import UserFactory


@pytest.mark.django_db
def test_acting_returns_the_logged_in_user() -> None:
    user = UserFactory()
    assert acting(user) is user


def test_acting_refuses_an_anonymous_visitor() -> None:
    with pytest.raises(PermissionDenied):
        acting(AnonymousUser())
