"""The engine on the wire stays within its budget (issue 12): at most 3.5 MB with brotli.

Counted as a visitor's browser receives it from the built site: every file the engine fetches
(the runtime, the cut standard library with its bytecode, the lock, the wheel, the quiz
definitions) as its brotli copy, or as it is when the build wrote no copy (a file that did not
get smaller). The cut zip's bytecode is what spends most of the margin (stdlib.BYTECODE_BUDGET).
"""

from __future__ import annotations

import brotli

ENGINE_BUDGET = 3_500_000  # bytes on the wire, brotli: the target
ENGINE_FOLDER = "assets/assessment"


def wire_bytes(site_dir) -> dict[str, int]:
    sizes = {}
    for path in sorted((site_dir / ENGINE_FOLDER).rglob("*")):
        if not path.is_file() or path.suffix in (".br", ".gz"):
            continue
        copy = path.with_name(path.name + ".br")
        if copy.is_file():
            assert brotli.decompress(copy.read_bytes()) == path.read_bytes(), copy
        sizes[str(path.relative_to(site_dir))] = (copy if copy.is_file() else path).stat().st_size
    return sizes


def test_the_engine_fits_in_3_5_mb_with_brotli(built_site):
    sizes = wire_bytes(built_site)
    names = " ".join(sizes)
    assert "pyodide.asm.wasm" in names and "python_stdlib-" in names and ".whl" in names
    total = sum(sizes.values())
    listing = "\n".join(f"{size:>10,} {name}" for name, size in sizes.items())
    print(f"\nengine on the wire (brotli): {total:,} bytes\n{listing}")
    assert total <= ENGINE_BUDGET, f"{total:,} > {ENGINE_BUDGET:,} bytes:\n{listing}"

