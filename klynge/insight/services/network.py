"""A cluster's network settings: how small a gathering links its participants, and whether the
members may see the whole network."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import DomainError

from ..models import NetworkSettings


@transaction.atomic
def network_settings_update(
    *, actor: Actor, cluster: Any, small_gathering: int, shared_with_members: bool
) -> NetworkSettings:
    if not 2 <= small_gathering <= 500:
        raise DomainError(_("Choose a size from 2 to 500 organisations."), field="small_gathering")
    row, _created = NetworkSettings.objects.update_or_create(
        cluster=cluster,
        defaults={"small_gathering": small_gathering, "shared_with_members": shared_with_members},
    )
    log_action(
        actor=actor,
        action="klynge.insight.network_settings.updated",
        target=row,
        cluster=cluster,
        data={"small_gathering": small_gathering, "shared_with_members": shared_with_members},
    )
    return row
