"""Two roles: editors change the content; owners also the clinic's settings and the staff."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

OWNER, EDITOR = "owner", "editor"
ROLES = (OWNER, EDITOR)


def role_of(user) -> str:
    names = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return OWNER if OWNER in names else EDITOR if EDITOR in names else ""


def staff_required(view):
    """Signed in, with a role (an account whose role was taken away sees nothing)."""
    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not role_of(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return checked


def owner_required(view):
    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if role_of(request.user) != OWNER:
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return checked


def role_context(request):
    return {"role": role_of(request.user) if hasattr(request, "user") else ""}
