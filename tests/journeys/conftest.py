"""The journeys' setting: uploaded files in a temporary folder; a cheap password hasher, since many personas sign in
(autouse: it must apply before the persona fixtures create their accounts)."""

import pytest


@pytest.fixture(autouse=True)
def quick_setting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
