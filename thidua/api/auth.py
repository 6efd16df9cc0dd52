from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from thidua.core.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        now = timezone.now()
        try:
            api_token = (ApiToken.objects.select_related("user", "user__unit")
                         .filter(expires_at__gt=now, revoked_at__isnull=True)
                         .get(key_hash=ApiToken.hash(token)))
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        # Reading through the API must not write on every call: refresh last_used_at at most once per interval.
        stale = now - timedelta(seconds=settings.THIDUA_API_TOKEN_TOUCH_SECONDS)
        if api_token.last_used_at is None or api_token.last_used_at < stale:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


# Bearer token for programs; the browser session works too (with CSRF on unsafe methods).
AUTH = [TokenAuth(), django_auth]
