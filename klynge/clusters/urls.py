from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("", views.cluster_list, name="list"),
    path("switch/", views.cluster_switch, name="switch"),
    path("<slug:slug>/", views.cluster_detail, name="detail"),
    path("<slug:slug>/edit/", views.cluster_edit, name="edit"),
    path("<slug:slug>/team/", views.cluster_team, name="team"),
    path("<slug:slug>/team/<int:role_id>/remove/", views.cluster_role_remove, name="role_remove"),
    path("<slug:slug>/audit/", views.cluster_audit, name="audit"),
    path("<slug:slug>/mail/", views.cluster_deliveries, name="deliveries"),
]
