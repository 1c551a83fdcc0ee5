from django.urls import path

from practitioners import views

app_name = "practitioners"

urlpatterns = [
    path("", views.PractitionerListView.as_view(), name="list"),
    path("<slug:slug>/", views.PractitionerDetailView.as_view(), name="detail"),
]
