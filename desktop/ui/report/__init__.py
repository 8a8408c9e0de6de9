"""Widgets of the 年度报告 page: the narrative editor, the checks list, the figures menu and the PDF preview."""
