"""Remembers the request's user so model signals can attribute audit entries (one contextvar per request)."""

from contextvars import ContextVar

_current_user: ContextVar = ContextVar("thidua_current_user", default=None)


def get_current_user():
    user = _current_user.get()
    return user if user is not None and getattr(user, "is_authenticated", False) else None


class acting_as:
    """`with acting_as(user):` attributes audit entries written in the block (jobs, imports, commands)."""

    def __init__(self, user):
        self.user = user

    def __enter__(self):
        self.token = _current_user.set(self.user)
        return self.user

    def __exit__(self, *exc):
        _current_user.reset(self.token)


class CurrentUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _current_user.reset(token)
