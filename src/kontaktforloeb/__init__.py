"""Kontaktforløb: the Danish contact course for unemployed citizens."""
