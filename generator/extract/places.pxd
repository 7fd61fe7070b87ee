# Declarations Cython reads beside places.py when `python -m generator compile` builds it
# (generator/compiled.py); plain Python never reads this file. As in people.pxd: the text
# the scan reads becomes an extension type whose attributes are fields of a C struct, and
# every attribute `_Text` sets must be declared here.

cdef class _Text:
    cdef public str key
    cdef public object gaz
    cdef public tuple people
    cdef public Py_ssize_t _reach
    cdef public object _backwards
