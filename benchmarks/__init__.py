"""The benchmark: our assessment page against the naive Pyodide page, plus Lighthouse audits.

Run it with `make bench` (or `python -m benchmarks.run --help`); see benchmarks/README.md.
`benchmarks.nginx` (the committed deploy config run on loopback) is shared with the tests.
"""
