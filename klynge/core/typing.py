"""Who acts and who asks, as core names them.

Core sits below accounts (DESIGN.md), so it cannot name Klynge's User model; it names Django's
base classes instead. Apps above accounts use `klynge.accounts.typing` (`Actor`, `Viewer`), whose
types fit these.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# A logged-in user of any user model (whoever acts in a service).
BaseActor: TypeAlias = AbstractBaseUser
# Whoever asks: a logged-in user or an anonymous visitor (predicates, visibility filters).
BaseViewer: TypeAlias = AbstractBaseUser | AnonymousUser
