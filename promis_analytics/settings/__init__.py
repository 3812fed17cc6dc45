"""The tables of ``promis.toml`` parsed and checked, below ``project`` that reads them all."""
