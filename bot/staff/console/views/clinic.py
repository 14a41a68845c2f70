"""Clinic settings (owners): clinic.yml as a validated form."""
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from bot.staff.console.clinic_form import ClinicSettingsForm, version_of
from bot.staff.console.models import ChangeRecord, record
from bot.staff.console.roles import owner_required
from bot.staff.console.views.topics import WRITING


@owner_required
def clinic_settings(request):
    path = settings.CLINIC_FILE
    form = ClinicSettingsForm(request.POST or None, path=path)
    if request.method == "POST" and form.is_valid():
        with WRITING:
            if version_of(path) != form.cleaned_data["version"]:
                form.add_error(None, "Someone changed the settings after you opened this page. Your "
                                     "values are still below: open the page again to see theirs.")
                return render(request, "console/clinic.html", {"form": form})
            form.save()
        changed = form.changed_settings()
        for name in changed:
            record(request.user, ChangeRecord.CLINIC, name, str(form.cleaned_data.get(name, "")))
        messages.success(request, f"Saved {len(changed)} setting(s). The assistant's answers use them from now on; "
                                  "the website widget's own contact details change at its next start.")
        return redirect("clinic")
    return render(request, "console/clinic.html", {"form": form})
