# Declarations Cython reads beside people.py when `python -m generator compile` builds it
# (generator/compiled.py); plain Python never reads this file.
#
# They make the scanner's classes extension types whose attributes are fields of a C struct:
# `self.kinds` is then a load from memory, where the class as Python looks it up in the
# instance's dict at every use. The scan reads its attributes millions of times a corpus:
# extraction runs about 5% faster (BENCHMARKS.md). Nothing else changes.
#
# Every attribute the classes set must be declared here, or the compiled module fails when
# it sets it: tests/test_compiled.py extracts the same articles compiled and as Python.

cdef class _Phrases:
    cdef public dict _one_word
    cdef public dict _longer
    cdef public object first_words

cdef class _Openings:
    cdef public dict _seconds
    cdef public frozenset first_keys

cdef class _Paragraph:
    cdef public object index
    cdef public object lex
    cdef public _Scanner scanner
    cdef public list fields
    cdef public tuple texts
    cdef public tuple keys
    cdef public str kinds
    cdef public object openings
    cdef public dict _titles
    cdef public dict _places
    cdef public dict _parsed

cdef class _Scanner:
    cdef public object lex
    cdef public _Phrases place_table
    cdef public object places
    cdef public frozenset credits
    cdef public frozenset credit_words
    cdef public dict vietnamese_names
    cdef public dict foreign_names
