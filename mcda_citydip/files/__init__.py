"""Reading and writing users' files: the only place citydip touches the file system.

Every reader here turns a problem into a :class:`~mcda_citydip.errors.InputError`
whose messages name the file, the location and the fix.
"""
