"""A mid-range phone on a mobile network, emulated in Chromium through the DevTools protocol.

The profile is Lighthouse's mobile one: 4x CPU slowdown (`Emulation.setCPUThrottlingRate`) and
"Slow 4G" (`Network.emulateNetworkConditions`: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s
up). Both are set on the page's target before it navigates. Chromium slows the whole renderer
process, so the page's dedicated workers (our engine, Pyodide's downloads) run under the same
CPU and network limits; the benchmark checks the network part on every phone visit whose engine
downloaded the wasm (the worker fetches it): it must not arrive faster than the profile allows
(`wasm_bytes_per_s` in the raw numbers).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    cpu_slowdown: float
    latency_ms: float
    down_kbit_s: float
    up_kbit_s: float

    @property
    def down_bytes_s(self) -> float:
        return self.down_kbit_s * 1000 / 8

    def describe(self) -> str:
        return (f"{self.cpu_slowdown:g}× CPU slowdown, {self.latency_ms:g} ms RTT, "
                f"{self.down_kbit_s / 1000:g} Mbit/s down, {self.up_kbit_s:g} kbit/s up")


PHONE = Profile("phone (Slow 4G)", cpu_slowdown=4, latency_ms=150, down_kbit_s=1600, up_kbit_s=750)
# `--quick` (CI): the same CPU slowdown and the same code paths (throttled page and workers, the
# throttling check) on a faster network, so the run keeps the scenarios working in about a
# minute instead of three. Its figures are not the phone figures; `make bench` measures those.
QUICK_PHONE = Profile("phone, quick check (4G)", cpu_slowdown=4, latency_ms=60, down_kbit_s=12000, up_kbit_s=3000)


def profile_for(quick: bool) -> Profile:
    return QUICK_PHONE if quick else PHONE


def apply(context, page, profile: Profile) -> None:
    """Throttle `page` (and its workers) as `profile` says; call before navigating."""
    session = context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", {
        "offline": False,
        "latency": profile.latency_ms,
        "downloadThroughput": profile.down_bytes_s,
        "uploadThroughput": profile.up_kbit_s * 1000 / 8,
    })
