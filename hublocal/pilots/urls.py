from django.urls import path

from . import views

app_name = "pilots"
urlpatterns = [
    path("", views.pilot_list, name="pilot_list"),
    path("<int:pk>/", views.pilot_detail, name="pilot_detail"),
    path("<int:pk>/indicadores/nuevo/", views.indicator_create, name="indicator_create"),
    path("<int:pk>/iniciar/", views.pilot_start, name="pilot_start"),
    path("<int:pk>/pausar/", views.pilot_pause, name="pilot_pause"),
    path("<int:pk>/reanudar/", views.pilot_resume, name="pilot_resume"),
    path("<int:pk>/cancelar/", views.pilot_cancel, name="pilot_cancel"),
    path("<int:pk>/finalizar/", views.pilot_finish, name="pilot_finish"),
    path("<int:pk>/mediciones/nueva/", views.measurement_create, name="measurement_create"),
    path("<int:pk>/calificar/", views.rating_create, name="rating_create"),
    path("indicadores/<int:pk>/editar/", views.indicator_edit, name="indicator_edit"),
    path("indicadores/<int:pk>/eliminar/", views.indicator_delete, name="indicator_delete"),
    path("indicadores/<int:pk>/nueva-version/", views.indicator_revise, name="indicator_revise"),
    path("convenios/", views.agreement_list, name="agreement_list"),
    path("convenios/nuevo/<int:proposal_pk>/", views.agreement_create, name="agreement_create"),
    path("convenios/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("convenios/<int:pk>/documento/", views.agreement_document, name="agreement_document"),
    path("proveedores/", views.supplier_list, name="supplier_list"),
    path("proveedores/<slug:slug>/", views.supplier_detail, name="supplier_detail"),
    path("programa/", views.programme, name="programme"),
    path("datos-abiertos/<slug:dataset>.csv", views.open_data, name="open_data"),
]
