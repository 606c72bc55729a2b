"""Turn scraped news pages into Pelican Markdown articles.

The package is a one-way pipeline, one module per stage:

    decode -> detect -> textpage (parse + strip chrome by the page grammar) -> metadata
    -> topics (segment: Japanese and Chinese words) -> slugs -> render (Markdown)
    -> store (atomic, hand-edit safe)

`pipeline.convert_file` runs the stages for one input; `batch` runs many and builds the
report; `cli` is the command line in front of it (scripts/convert.py).
"""
