"""Periodic statistics of the four workflows (issue 17): `compute_statistics` for a period, `records` for the
drill-down, `to_json` for the command line. The definitions live in one module per register."""

from desktop.report.stats.service import SECTIONS, Statistics, compute_statistics, to_json

__all__ = ["SECTIONS", "Statistics", "compute_statistics", "to_json"]
