"""The sections of the monthly report, one module per area."""
