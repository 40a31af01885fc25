"""An access log that cannot identify the person: no address, agent, referrer or path values.

aiohttp's default access log writes the client's IP address, user agent and full request
line, which would put a person's address and the values in a path (a username, a reference
code) into the operators' logs. This one writes the method, the route as declared
(``/console/api/users/{username}/unlock``), the status and the time taken.
"""

from __future__ import annotations

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, Request, StreamResponse

UNROUTED = "(no route)"


def route_of(request: BaseRequest) -> str:
    """The matched route's template, never the path as requested."""
    if not isinstance(request, Request):
        return UNROUTED
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else UNROUTED


class PrivateAccessLogger(AbstractAccessLogger):
    """Logs ``METHOD route status duration`` at INFO level."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        """Write one line for a finished request."""
        self.logger.info(
            "%s %s %d %.0f ms", request.method, route_of(request), response.status, time * 1000
        )
