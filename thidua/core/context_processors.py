import importlib
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from thidua.core.nav import AREAS, allowed


@lru_cache(maxsize=1)
def _all_items():
    items = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("thidua."):
            continue
        try:
            module = importlib.import_module(f"{app}.nav")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "ITEMS", []))
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_areas": [], "province_name": settings.THIDUA_PROVINCE_NAME}
    areas = []
    for code, label in AREAS:
        links = []
        for area, item_label, url_name, roles in _all_items():
            if area != code or not allowed(user, roles):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            links.append({"label": item_label, "url": url, "active": request.path.startswith(url) and url != "/"})
        if links:
            areas.append({"code": code, "label": label, "links": links, "active": any(x["active"] for x in links)})
    return {"nav_areas": areas, "province_name": settings.THIDUA_PROVINCE_NAME}
