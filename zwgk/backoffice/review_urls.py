from django.urls import path

from zwgk.backoffice import review_views as v

urlpatterns = [
    path("chains/", v.signoff_chains, name="signoff_chains"),
    path("chains/<int:chain_id>/delete/", v.signoff_chain_remove, name="signoff_chain_remove"),
]
