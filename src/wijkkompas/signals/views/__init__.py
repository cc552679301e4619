"""Thin views of Signalen & casusoverleg, one module per sub-domain: parse input, look the object
up through a selector that binds the policy action, call a service, render. Objects outside the
user's view are 404. ``signals/urls.py`` names each view by its module."""
