"""Analytic hierarchy process: pairwise judgments → priorities → global weights.

Pure maths: nothing here reads files, prints or draws random numbers.
"""
