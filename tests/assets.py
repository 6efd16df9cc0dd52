"""What the pages load: every src/href of script, link and img tags (the CSRF token or text may contain any
letters, so "no CDN" is checked on the asset addresses, not on the whole page)."""

import re

_ASSET = re.compile(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]*)"', re.IGNORECASE)


def off_site_assets(html: str) -> list[str]:
    """Asset addresses served from elsewhere than this application (absolute URLs or a CDN)."""
    return [url for url in _ASSET.findall(html)
            if url.startswith(("http://", "https://", "//")) or "cdn" in url.lower()]
