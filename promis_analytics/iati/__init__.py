"""IATI 2.03 export of a folder's results framework: settings, activity XML, schema check."""

from promis_analytics.iati.activity import (
    MEASURE_CODES,
    RESULT_TYPES,
    SEX_DIMENSIONS,
    check_results,
    iati_activity_xml,
    schema_errors,
    write_iati,
)
from promis_analytics.iati.settings import IatiSettings, Organisation, iati_settings

__all__ = [
    "MEASURE_CODES",
    "RESULT_TYPES",
    "SEX_DIMENSIONS",
    "IatiSettings",
    "Organisation",
    "check_results",
    "iati_activity_xml",
    "iati_settings",
    "schema_errors",
    "write_iati",
]
