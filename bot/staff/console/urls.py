from django.contrib.auth import views as auth_views
from django.urls import path

from bot.staff.console.views import clinic, history, insights, publish, review, staff, topics, try_it

urlpatterns = [
    path("", topics.topic_list, name="topics"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="console/sign_in.html",
                                                   redirect_authenticated_user=True), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("topics/new/", topics.topic_new, name="topic_new"),
    path("topics/<slug:name>/", topics.topic_edit, name="topic"),
    path("missed/", review.missed_questions, name="review"),
    path("missed/decide/", review.decide, name="review_decide"),
    path("clinic/", clinic.clinic_settings, name="clinic"),
    path("history/", history.history, name="history"),
    path("staff/", staff.staff_page, name="staff"),
    path("staff/<str:name>/change/", staff.change, name="staff_change"),
    path("staff/<str:name>/password/", staff.set_password, name="staff_password"),
    path("publish/", publish.publish_page, name="publish"),
    path("publish/start/", publish.start, name="publish_start"),
    path("publish/roll-back/", publish.roll_back, name="roll_back"),
    path("publish/<int:pk>/", publish.publication_page, name="publication"),
    path("publish/<int:pk>/override/", publish.override, name="override"),
    path("publish/<int:pk>/publish/", publish.publish_draft, name="publish_draft"),
    path("try/", try_it.try_page, name="try"),
    path("try/start-again/", try_it.start_again, name="try_start_again"),
    path("models/live", publish.live_model, name="live_model"),
    path("models/draft", publish.draft_model, name="draft_model"),
    path("insights/", insights.insights_page, name="insights"),
    path("assets/<str:name>", insights.asset, name="asset"),
]
