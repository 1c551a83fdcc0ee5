from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from clinic_site import views

admin.site.site_header = f"{settings.CLINIC['name']}: staff"
admin.site.site_title = "Clinic staff"
admin.site.index_title = "Articles, conditions and practitioners"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("conditions/", include("conditions.urls")),
    path("articles/", include("articles.urls")),
    path("practitioners/", include("practitioners.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
