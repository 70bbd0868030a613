"""A URLconf with a center route that forgot its permission, for the system-check test."""

from config.urls import urlpatterns as real_patterns
from lotrinh.core.tests.test_tenancy import undeclared_urlpatterns

urlpatterns = [*real_patterns, *undeclared_urlpatterns]
