"""Turn raw Vietnamese foreign-affairs articles into a bilingual MkDocs microsite.

The pipeline is read -> clean -> extract -> link -> render -> write; each stage is one
module (or package) and passes the typed objects of `generator.model` to the next.
"""
