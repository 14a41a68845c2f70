"""History: every change, who made it and when."""
from django.core.paginator import Paginator
from django.shortcuts import render

from bot.staff.console.models import ChangeRecord
from bot.staff.console.roles import staff_required


@staff_required
def history(request):
    page = Paginator(ChangeRecord.objects.all(), 100).get_page(request.GET.get("page"))
    return render(request, "console/history.html", {"page": page})
