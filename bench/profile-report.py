#!/usr/bin/env python3
"""Sums `perf script -F pid,tid,comm,ip,sym,dso` samples (no call graphs) into CPU seconds per node and per
kind of work. Usage: profile-report.py <perf.script> <pids file: "<pid> <role>" lines> <sampling Hz>"""
import collections
import re
import sys

LINE = re.compile(r"^\s*(.+?)\s+(\d+)/(\d+)\s+([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$")
ROLES = {"backup": "client node", "receiver": "receiver node"}


def kind(dso, sym):
    """What a sample was doing, from the library (native code) or the method (managed code)."""
    base = dso.rsplit("/", 1)[-1]
    if "Compression.Native" in base:
        return "deflate (zlib-ng)"
    if base.startswith("libcrypto") or base.startswith("libssl") or "Cryptography.Native" in base:
        return "OpenSSL (TLS, SHA-256)"
    if base == "[kernel.kallsyms]":
        if "copy_to_iter" in sym or "filemap" in sym or "readahead" in sym or "page_cache" in sym:
            return "kernel: reading files"
        if "copy_folio_from_iter" in sym or "iomap" in sym or "xfs" in sym or "ext4" in sym or "writeback" in sym:
            return "kernel: writing files"
        if "tcp" in sym or "skb" in sym or "sock" in sym or "ip_" in sym or "csum" in sym:
            return "kernel: network"
        return "kernel: other (scheduler, interrupts, syscalls)"
    if base in ("libcoreclr.so", "libclrjit.so", "libclrgc.so"):
        return "runtime (GC, JIT, threads)"
    if base.startswith("libc.so") or base.startswith("ld-linux"):
        return "libc (memcpy, malloc)"
    if base.startswith("perf-") or base.startswith("memfd:") or base.endswith(".dll"):
        if "Crc32" in sym:
            return "managed: CRC-32"
        if "XxHash" in sym:
            return "managed: XxHash"
        if "Akka" in sym or "DotNetty" in sym or "Google.Protobuf" in sym:
            return "managed: Akka / protobuf"
        return "managed: other"
    return "other: " + base


def main():
    script, pids_file, hz = sys.argv[1], sys.argv[2], float(sys.argv[3])
    roles = {}
    for line in open(pids_file):
        parts = line.split()
        if len(parts) == 2:
            roles[parts[0]] = ROLES.get(parts[1], parts[1])
    per_role = collections.Counter()
    per_kind = collections.defaultdict(collections.Counter)
    per_sym = collections.defaultdict(collections.Counter)
    per_thread = collections.defaultdict(collections.Counter)
    total = 0
    for line in open(script, errors="replace"):
        m = LINE.match(line)
        if not m:
            continue
        comm, pid, _tid, _ip, sym, dso = m.groups()
        total += 1
        if comm == "swapper":
            role = "idle"
        elif pid in roles:
            role = roles[pid]
        elif comm.startswith("mariadb"):
            role = "mariadbd"
        else:
            role = "other processes (" + comm + ")" if comm in ("csc", "dotnet", "MSBuild", "VBCSCompiler") else "other processes"
        per_role[role] += 1
        per_kind[role][kind(dso, sym)] += 1
        per_thread[role][comm] += 1
        name = sym if sym != "[unknown]" else dso.rsplit("/", 1)[-1]
        per_sym[role][name] += 1

    def sec(n):
        return f"{n / hz:7.1f} s"

    print(f"CPU time sampled: {total / hz:.1f} s of one core (all CPUs, {hz:.0f} Hz)")
    for role, n in per_role.most_common():
        print(f"\n## {role}: {sec(n)}  ({100 * n / total:.0f} %)")
        if role == "idle":
            continue
        for k, c in per_kind[role].most_common():
            if c / hz >= 0.2:
                print(f"   {sec(c)}  {k}")
        if role in ROLES.values():
            print("   threads: " + ", ".join(f"{t} {c / hz:.1f} s" for t, c in per_thread[role].most_common(6)))
            print("   hottest:")
            for s, c in per_sym[role].most_common(12):
                print(f"     {sec(c)}  {s[:110]}")


main()
