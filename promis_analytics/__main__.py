"""``python -m promis_analytics``: the ``promis`` command."""

from promis_analytics.cli import main

if __name__ == "__main__":
    main()
