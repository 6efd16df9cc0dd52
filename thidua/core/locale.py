"""Vietnamese is the default language. The browser's Accept-Language is NOT consulted (government machines
often run English browsers); only an explicit choice (the language switcher's cookie) selects English."""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: the thread's language is restored afterwards, so a request in English never leaves
        # English behind for the next piece of work on the same thread (a worker's next request, a test, a job).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
