"""Register declarations: fields, codes, vocabularies, schemas, the problem catalogue."""
