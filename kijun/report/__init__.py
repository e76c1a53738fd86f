"""Calibration report: exported answers in, agreement statistics and a clarification backlog out."""
