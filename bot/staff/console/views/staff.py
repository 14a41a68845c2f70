"""Staff (owners): the accounts, their roles, new accounts, passwords, lock-outs; each change
recorded in the History. `bot staff` does the same from a terminal."""
from axes.utils import reset as reset_failed_sign_ins
from django import forms
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm, UserCreationForm
from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bot.staff.console.accounts import AccountError, add_staff, change_role, record_staff_change, remove_staff
from bot.staff.console.roles import ROLES, owner_required, role_of

ROLE_CHOICES = [(role, role) for role in ROLES]


class NewAccountForm(UserCreationForm):
    """Django's own: a valid user name not taken, the password twice and checked by its validators."""
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial="editor",
                             help_text="Editors change answers and publish; owners also the clinic's settings "
                                       "and the staff.")


@owner_required
def staff_page(request):
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        add_staff(data["username"], data["role"], data["password1"], made_by=request.user.get_username())
        messages.success(request, f"Added {data['username']} as {data['role']}. Give them their password in person.")
        return redirect("staff")
    members = [{"user": user, "role": role_of(user)} for user in User.objects.order_by("username")]
    return render(request, "console/staff.html", {"members": members, "form": form, "roles": ROLES})


@owner_required
@require_POST
def change(request, name):
    """A role changed, an account removed or unlocked."""
    user = get_object_or_404(User, username=name)
    action, by = request.POST.get("action"), request.user.get_username()
    try:
        if action == "role":
            change_role(name, request.POST.get("role", ""), by)
            messages.success(request, f"{name} is now {role_of(user)}.")
        elif action == "remove":
            if user == request.user:
                raise AccountError("you cannot remove your own account here; another owner can")
            remove_staff(name, made_by=by)
            messages.success(request, f"Removed {name}: they can no longer sign in.")
        elif action == "unlock":
            reset_failed_sign_ins(username=name)
            record_staff_change(name, "unlocked after wrong passwords", by)
            messages.success(request, f"{name} can sign in again.")
        else:
            messages.error(request, "Choose what to change.")
    except AccountError as error:
        messages.error(request, f"Not changed: {error}.")
    return redirect("staff")


@owner_required
def set_password(request, name):
    """An owner sets a new password for someone who forgot theirs (there is no email reset)."""
    user = get_object_or_404(User, username=name)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        record_staff_change(name, "password set by an owner", request.user.get_username())
        messages.success(request, f"New password set for {name}. Give it to them in person.")
        return redirect("staff")
    return render(request, "console/staff_password.html", {"member": user, "form": form})
