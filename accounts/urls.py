from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.verify, name="two-factor-verify"),
    path("set-up/", views.set_up, name="two-factor-set-up"),
]
