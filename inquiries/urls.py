from django.urls import path

from inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("book/", views.inquiry_create, name="create"),
    path("book/thanks/", views.inquiry_thanks, name="thanks"),
    path("privacy/", views.privacy_notice, name="privacy"),
]
