"""The open-data build behind ``citydip data build``: indicator values for any list of cities.

Derives ten city-diplomacy indicators (and population and coordinates) for candidate cities
named by GeoNames id from raw open data kept outside the project (``shared/data/open``,
described in its ``SOURCES.md``): :mod:`.sources` (the files and where they are),
:mod:`.readers` (one table per source), :mod:`.countries` (ISO codes through pycountry),
:mod:`.matching` (name keys, distances), :mod:`.cities` (the city list, GeoNames),
:mod:`.derive`, :mod:`.twins`, :mod:`.networks` (the indicators), :mod:`.unions` (the union a
case is about), :mod:`.names` (``name_<lang>`` columns), :mod:`.build` (the whole build),
:mod:`.output` (the files' text) and :mod:`.study` (where a study folder keeps them). pandas
and pycountry are imported inside the functions that need them.
"""
