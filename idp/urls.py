from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path

from idp.views import AuthorizationView


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    # Before the toolkit's own: the same URL and name, with silent authentication.
    path("o/authorize/", AuthorizationView.as_view(), name="authorize"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz),
]
