"""Fetch news pages by address into scraped/ as WARC.gz captures, politely and safely.

One module per job, used in this order for each address:

    policy (may this address be fetched at all?) -> robots (does the site allow it?)
    -> client (one polite HTTP exchange, redirects followed by hand, each hop checked again)
    -> warcwrite (one WARC.gz per page, written atomically, never over an earlier capture)

`batch` runs them for every address and builds the report; `cli` is the command line in front
of it (scripts/fetch.py). The converter reads the captures on the next `make site`.
"""
