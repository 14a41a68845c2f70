"""Insights: how the assistant is doing, plotted; and the chart library the page uses."""
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from bot.staff.console.insights import insights, tracker_store_url
from bot.staff.console.roles import staff_required
from bot.staff.console.views.review import review

PERIODS = (7, 30, 90, 365)
# The front-end files the console serves, installed from npm by `make run` (assets/package.json).
ASSETS = {"chart.js": Path(__file__).resolve().parent.parent / "assets/node_modules/chart.js/dist/chart.umd.min.js"}


@staff_required
def insights_page(request):
    days = int(request.GET.get("days", 30)) if request.GET.get("days", "30").isdigit() else 30
    days = days if days in PERIODS else 30
    url = tracker_store_url(settings.ENDPOINTS_FILE, settings.PROJECT)
    found = insights(url, days) if url is not None else None
    missed = sorted(review().pending(), key=lambda c: -c.times)[:10] if found else []
    return render(request, "console/insights.html", {
        "insights": found, "chart_data": found.chart_data() if found else {}, "missed": missed,
        "periods": PERIODS, "days": days})


@cache_control(max_age=86400)
def asset(request, name):
    path = ASSETS.get(name)
    if path is None or not path.exists():
        raise Http404(f"{name} is not installed: make run installs it")
    return FileResponse(open(path, "rb"), content_type="text/javascript")
