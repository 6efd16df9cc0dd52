from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from thidua.core.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        try:
            api_token = ApiToken.objects.select_related("user", "user__unit").get(key_hash=ApiToken.hash(token))
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


# Bearer token for programs; the browser session works too (with CSRF on unsafe methods).
AUTH = [TokenAuth(), django_auth]
