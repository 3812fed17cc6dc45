"""Register files read: formats, size limits, raw cells and rows, folders, KoboToolbox."""
