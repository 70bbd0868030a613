"""Start-up refuses a center, supervisor or API route that does not declare its permission (habit 3)."""

from collections.abc import Iterator

from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from .tenancy import PERM_ATTR, SCOPE_ATTR

# The URL kwarg that names the tenant → the access rule its routes must declare (portal and enterprise views
# resolve their own tenant: lotrinh.core.tenancy.portal_view, lotrinh.industry.access.enterprise_view).
TENANT_KWARGS = {
    "center_slug": "center",
    "body_slug": "supervisor",
    "portal_slug": "portal",
    "enterprise_slug": "enterprise",
}
PERMISSION_SCOPES = {"center", "supervisor"}


def iter_url_patterns(patterns=None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every (route, pattern) in the URLconf, ninja's generated patterns included."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from iter_url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def iter_api_operations() -> Iterator[tuple[str, object]]:
    """Every (path, view function) of every operation in the JSON API."""
    from config.api import api

    api.urls  # noqa: B018  (binds the routers)
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield f"/api/{prefix}{path}".replace("//", "/"), operation.view_func


def _expected_scope(route: str) -> str | None:
    for kwarg, scope in TENANT_KWARGS.items():
        if kwarg in route:
            return scope
    return None


def undeclared_routes() -> list[str]:
    problems = []
    for route, pattern in iter_url_patterns():
        if route.startswith("api/") or route.startswith("admin/"):
            continue  # the API is checked operation by operation below; the admin is platform-only
        expected = _expected_scope(route)
        declared = getattr(pattern.callback, SCOPE_ATTR, None)
        if expected is not None and declared != expected:
            needs = "(perm=...)" if expected in PERMISSION_SCOPES else ""
            problems.append(f"{route}: needs @{expected}_view{needs}")
        elif expected is None and declared is None:
            problems.append(f"{route}: needs a declared access rule (@user_view or @public_view)")
    for path, view_func in iter_api_operations():
        expected = _expected_scope(path)
        declared = getattr(view_func, SCOPE_ATTR, None)
        if expected is not None and declared != expected:
            problems.append(f"{path}: needs @{expected}_view(perm=...)")
        elif declared is None:
            problems.append(f"{path}: needs a declared access rule")
        elif declared in PERMISSION_SCOPES and not getattr(view_func, PERM_ATTR, None):
            problems.append(f"{path}: needs a permission")
    return problems


@checks.register(checks.Tags.security, checks.Tags.urls)
def check_routes_declare_permissions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(f"Route without a declared permission: {problem}", id="lotrinh.E001")
        for problem in undeclared_routes()
    ]
