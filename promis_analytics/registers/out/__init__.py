"""Built on the checks: cache, streamed check, register docs, templates, XLSForms."""
