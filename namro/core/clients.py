"""The address a request comes from, told the same way to the lockout, the audit log and the
admin's address check.

Behind a reverse proxy every request arrives from the proxy, so the client's own address must
come from the header the proxy sets — but only when the request really comes from a proxy
namro trusts (``NAMRO_TRUSTED_PROXIES``), and only the entry that proxy appended: anything a
client writes into the header itself is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def networks(spec: str) -> tuple[Network, ...]:
    """Parse "10.0.0.0/8, 127.0.0.1" into networks (a bare address is one host)."""
    return tuple(
        ipaddress.ip_network(item.strip(), strict=False) for item in spec.split(",") if item.strip()
    )


def within(address: str, spec: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks(spec))


def client_address(request: Any) -> str:
    """The client's address: ``REMOTE_ADDR``, or, when that is a trusted proxy, the last
    address the proxy appended to ``NAMRO_CLIENT_IP_HEADER``."""
    if request is None:
        return ""
    meta = getattr(request, "META", {})
    remote = str(meta.get("REMOTE_ADDR", ""))
    trusted = settings.NAMRO_TRUSTED_PROXIES
    if not trusted or not within(remote, trusted):
        return remote[:45]
    header = "HTTP_" + settings.NAMRO_CLIENT_IP_HEADER.upper().replace("-", "_")
    hops = [h.strip() for h in str(meta.get(header, "")).split(",") if h.strip()]
    # Walk back from the nearest hop past any other trusted proxy.
    for hop in reversed(hops):
        if not within(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))[:45]
            except ValueError:
                return remote[:45]
    return remote[:45]
