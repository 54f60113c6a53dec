"""Options of the `precompress` plugin, as set under `plugins: - precompress:` in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PrecompressConfig(Config):
    enabled = c.Type(bool, default=True)

    # Files smaller than this (bytes) are left alone: the headers would cost more than the saving
    # (nginx's gzip_min_length in deploy/nginx is the same 1024).
    min_size = c.Type(int, default=1024)

    # Compressed copies of large files (the 9.6 MB wasm takes about 25 s at brotli's quality 11)
    # are kept here by content hash, so rebuilds reuse them. Relative to the directory of mkdocs.yml.
    cache_dir = c.Type(str, default=".cache/precompressed")
