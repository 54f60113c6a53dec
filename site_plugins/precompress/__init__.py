"""The `precompress` MkDocs plugin: `.br` and `.gz` beside every compressible published file."""
