"""The monthly PTO-R report: ``build.build_report`` writes it as HTML and PDF."""
