"""Register checks: cells, columns, rows, rules and frames in one validate_table."""
