from mcda_citydip.cli import entry

entry()
