#!/usr/bin/env python3
"""How often leadpipe's encoding detection reads generated lead files right.

    python3 Benchmarks/scripts/encoding-accuracy.py [LEADPIPE]     (default .build/release/leadpipe)

For every encoding `leadpipe generate` can write, several seeds and sizes, it writes a file,
asks `leadpipe sniff --json` for the encoding, and counts the answer right when it decodes the
file to the same text as the true encoding does (ISO-8859-1 and Windows-1252 agree on files
without bytes 0x80-0x9F, for example). Prints a table and the overall accuracy.
"""
import json, os, subprocess, sys, tempfile

LEADPIPE = sys.argv[1] if len(sys.argv) > 1 else ".build/release/leadpipe"
CODECS = {
    "UTF-8": "utf-8", "UTF-16LE": "utf-16-le", "UTF-16BE": "utf-16-be", "UTF-32LE": "utf-32-le",
    "UTF-32BE": "utf-32-be", "Windows-1252": "cp1252", "ISO-8859-1": "latin-1", "ISO-8859-15": "iso8859_15",
    "Windows-1250": "cp1250", "Windows-1251": "cp1251", "ISO-8859-2": "iso8859_2", "Mac Roman": "mac_roman",
}
ENCODINGS = ["windows-1252", "iso-8859-1", "iso-8859-15", "windows-1250", "iso-8859-2", "windows-1251",
             "mac-roman", "utf-8", "utf-16le", "utf-16be", "utf-32le"]
NAMES = {"windows-1252": "Windows-1252", "iso-8859-1": "ISO-8859-1", "iso-8859-15": "ISO-8859-15",
         "windows-1250": "Windows-1250", "iso-8859-2": "ISO-8859-2", "windows-1251": "Windows-1251",
         "mac-roman": "Mac Roman", "utf-8": "UTF-8", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE",
         "utf-32le": "UTF-32LE"}
SIZES = [int(s) for s in os.environ.get("SIZES", "20,200,2000").split(",")]
SEEDS = range(1, int(os.environ.get("SEEDS", "5")) + 1)

total = right = 0
rows = []
with tempfile.TemporaryDirectory() as directory:
    for encoding in ENCODINGS:
        line = []
        for size in SIZES:
            correct = 0
            for seed in SEEDS:
                path = os.path.join(directory, f"{encoding}-{size}-{seed}.csv")
                subprocess.run([LEADPIPE, "generate", "--rows", str(size), "--seed", str(seed),
                                "--encoding", encoding, "-o", path], check=True)
                result = json.loads(subprocess.run([LEADPIPE, "sniff", "--json", path], check=True,
                                                   capture_output=True, text=True).stdout)
                detected = result["encoding"]["name"]
                data = open(path, "rb").read()
                truth = data.decode(CODECS[NAMES[encoding]], errors="replace")
                guess = data.decode(CODECS.get(detected, "utf-8"), errors="replace")
                ok = truth == guess
                correct += ok
                total += 1
                right += ok
                if not ok:
                    print(f"  miss: {encoding}, {size} rows, seed {seed}: read as {detected}", file=sys.stderr)
            line.append(f"{correct}/{len(SEEDS)}")
        rows.append((NAMES[encoding], line))

print(f"| encoding written | " + " | ".join(f"{s} rows" for s in SIZES) + " |")
print("|---|" + "---:|" * len(SIZES))
for name, line in rows:
    print(f"| {name} | " + " | ".join(line) + " |")
print(f"\naccuracy: {right}/{total} = {100 * right / total:.1f}% (a guess is right when it decodes the file to the same text)")
