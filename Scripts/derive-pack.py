#!/usr/bin/env python3
"""Derive the bundled pack's CMS tables (Rules/*.tsv) from the real CMS files.

Usage: python3 Scripts/derive-pack.py [../shared/cms] [Rules]

Reads the 2024 CMS files (PPRRVU CY2024 July, practitioner MUE 2024-07-01, add-on code edits
2024-06-03, practitioner PTP 2024-07-01) and writes the subset for the pack's curated codes.
Only codes, indicators and dates are written: never the AMA descriptor text.
The shared files themselves are never copied into the project.
"""
import csv, gzip, io, os, sys

CMS = sys.argv[1] if len(sys.argv) > 1 else "../shared/cms"
OUT = sys.argv[2] if len(sys.argv) > 2 else "Rules"

CODES = """0856T 88348 88305 88321 88341 88342 37224 37252 37253 86352 86353 87252 87253 87254 87255
89353 84132 A0425 27447 27310 20610 45378 45380 29881 22633 33945 11042 11045 17000 17003 64483
64484 71045 71046 93000 93005 93010 96372""".split()
CODES += ["992%02d" % n for n in range(2, 6)] + ["992%02d" % n for n in range(11, 16)] + ["99291", "99292"]
CODES = sorted(set(CODES))
ADDON_ALL_PRIMARIES = {"37252", "37253"}  # keep every CMS primary of these add-ons

def pprrvu_rows(path):
    with open(path, encoding="latin-1", newline="") as f:
        rows = list(csv.reader(f))
    heads = rows[5:10]
    names = []
    for i in range(len(heads[0])):
        parts = [h[i].strip() for h in heads if i < len(h) and h[i].strip()]
        names.append(" ".join(parts))
    for r in rows[10:]:
        if not r or r[0].startswith("\x1a"):
            continue
        yield dict(zip(names, r))

def write(name, header, rows, comments):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="\n") as f:
        for c in comments:
            f.write("# " + c + "\n")
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{path}: {len(rows)} rows")

# Code table: the curated codes, and every code the fee schedule does not pay as billed (status
# B, P, I, N) or pays only alone (T), for the status edits; those add no MUE, add-on or PTP rows.
UNPAID_STATUSES = {"B", "P", "I", "N", "T"}
pprrvu = list(pprrvu_rows(os.path.join(CMS, "PPRRVU24_JUL.csv")))
STATUS_CODES = {r["HCPCS"] for r in pprrvu if r["MOD"] == "" and r["STATUS CODE"] in UNPAID_STATUSES}
code_rows = []
for r in pprrvu:
    if r["HCPCS"] in CODES or r["HCPCS"] in STATUS_CODES:
        code_rows.append([r["HCPCS"], r["MOD"], r["STATUS CODE"], r["PCTC IND"], r["GLOB DAYS"],
                          r["MULT PROC"], r["BILAT SURG"], r["ASST SURG"], r["CO- SURG"], r["TEAM SURG"],
                          r["ENDO BASE"], "", ""])
effective = {"0856T": "2024-01-01"}
for row in code_rows:
    if row[0] in effective and row[1] == "":
        row[11] = effective[row[0]]
missing = set(CODES) - {r[0] for r in code_rows}
assert not missing, missing
write("codes.tsv",
      ["code", "mod", "status", "pctc", "global", "mult", "bilat", "asst", "cosurg", "team", "endo_base", "effective", "deletion"],
      code_rows,
      ["source: CMS Medicare Physician Fee Schedule relative value file PPRRVU24_JUL (RVU24C, released 2024-05-03)",
       "One row per (code, modifier); blank mod is the global row. Indicator values only, never descriptors.",
       "effective/deletion: the code's own dates where known (0856T took effect 2024-01-01); blank = not bounded.",
       "Besides the curated codes: every code of status B, P, I, N or T (for the status edits), with no MUE, add-on or PTP rows."])

# MUE
mue_rows = []
with open(os.path.join(CMS, "MCR_MUE_PractitionerServices_Eff_07-01-2024.csv"), encoding="latin-1", newline="") as f:
    rd = list(csv.reader(f))
for r in rd[2:]:
    if r and r[0] in CODES:
        mue_rows.append([r[0], r[1], r[2][0], r[3]])
write("mue.tsv", ["code", "value", "mai", "rationale"], mue_rows,
      ["source: CMS NCCI Medically Unlikely Edits, practitioner services, MCR_MUE_PractitionerServices_Eff_07-01-2024",
       "mai: 1 line edit, 2 date of service (policy), 3 date of service (clinical). A code absent here has no published MUE."])

# Add-on
aoc_rows = []
with open(os.path.join(CMS, "AOC_2024-06-03_active.csv"), encoding="latin-1", newline="") as f:
    for r in csv.DictReader(f):
        a, p = r["Add-on Code"], r["Primary Code"]
        if a in CODES and (p in CODES or a in ADDON_ALL_PRIMARIES):
            aoc_rows.append([a, p, r["AOC_Edit_Type"], "CMS", "", ""])
write("addons.tsv", ["addon", "primary", "type", "source", "effective", "deletion"], aoc_rows,
      ["source: CMS NCCI add-on code edits, active pairs as of 2024-06-03 (rows marked CMS)",
       "The CPT rule that 37253 is reported with 37252 is in bundled.rules, on top of this table.",
       "Type 1: a listed primary is required; 2: contractor-defined primaries; 3: listed primaries accepted, others per payer."])

def iso(d):
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"

# PTP
ptp_rows = []
cs = set(CODES)
for k in range(1, 5):
    with gzip.open(os.path.join(CMS, f"ccipra-2024q3-f{k}.txt.gz"), "rt", encoding="latin-1") as f:
        for i, line in enumerate(f):
            if i < 6:
                continue
            p = line.rstrip("\r\n").split("\t")
            if p[0] in cs and p[1] in cs:
                ptp_rows.append(p)
out = []
for p in ptp_rows:
    eff, dele = p[3], p[4]
    if dele != "*" and dele < "20240101":
        continue  # deleted before the pack's period
    # The shared 2024-07 copy carries a stand-in effective date (20240701) for active rows; the
    # pack covers 2024, so rows active in that release take the pack period's first day.
    eff = "2024-01-01" if dele == "*" else iso(eff)
    out.append([p[0], p[1], eff, "" if dele == "*" else iso(dele), p[5], p[6]])
write("ptp.tsv", ["column1", "column2", "effective", "deletion", "modifier", "rationale"], out,
      ["source: CMS NCCI procedure-to-procedure edits, practitioner, 2024-07-01 release (ccipra 2024q3 f1-f4)",
       "Rows among the pack's codes in force on some date of 2024 (rows deleted before 2024 are left out). Blank deletion = open.",
       "effective: the release gives active rows no usable date; the pack takes 2024-01-01, its period's first day.",
       "modifier: 0 no modifier bypasses, 1 an NCCI-associated modifier bypasses, 9 not applicable."])
print("ptp rows among the pack's codes, any date:", len(ptp_rows))
