"""A content file broken on disk gets a page saying which and why, not a server error."""
from django.shortcuts import render

from bot.staff.content.topics import UnreadableContent


class UnreadableContentPage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UnreadableContent):
            return render(request, "console/unreadable.html", {"problem": str(exception)}, status=503)
        return None
