"""Who acts and who asks, for the apps above accounts.

- `Actor`: a logged-in user who does something (the `actor` of a service). A service that a system
  job or the demo may run without a user takes `Actor | None`.
- `Viewer`: whoever asks, logged in or not (the `user` of a predicate or of a selector that filters
  by visibility). `request.user` is a `Viewer`; `if user.is_authenticated:` narrows it to `Actor`,
  and `core.permissions.acting(request.user)` does in a view that needs a login.

Core and notifications sit below accounts and use `klynge.core.typing` instead.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from klynge.accounts.models import User

Actor: TypeAlias = User
Viewer: TypeAlias = User | AnonymousUser
