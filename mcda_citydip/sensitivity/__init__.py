"""Sensitivity and robustness of rankings: sample weights → evaluate → analyse.

Pure maths: randomness comes in as seeded ``numpy.random.Generator`` objects or
``SeedSequence`` seeds; nothing here reads files or prints.
"""
