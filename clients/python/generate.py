#!/usr/bin/env python3
"""Regenerates the Python client from the committed OpenAPI document with openapi-python-client.

    python3 clients/python/generate.py               # rewrites clients/python/bioreg-client and OPENAPI_SHA256
    python3 clients/python/generate.py --output DIR  # the client in DIR only (CI compares it with the committed one)

The generator and the formatter its hooks run are pinned, so that the same document always gives the same files.
Fails when the generator skips an operation or a response ("will not be generated", "will be omitted"), and
when its other warnings differ from known-warnings.txt (each listed there with the reason and the fix).
"""
import argparse, hashlib, pathlib, re, shutil, subprocess, sys

GENERATOR, RUFF = "0.29.1", "0.17.6"
HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCUMENT = ROOT / "openapi" / "openapi.json"
KNOWN_WARNINGS = HERE / "known-warnings.txt"
SKIPPED = ("will not be generated", "will be omitted")


def installed_version(command):
    try:
        answer = subprocess.run([command, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"(\d+\.\d+\.\d+)", answer)
    return found and found.group(1)


def warnings_of(report):
    """The generator's warnings as "header | detail" lines (the JSON excerpt it prints after each is left out)."""
    messages, lines = [], [line.rstrip() for line in report.splitlines()]
    for index, line in enumerate(lines):
        if re.match(r"(WARNING|ERROR) ", line) or line.startswith("Unable to "):
            detail = next((later for later in lines[index + 1:] if later), "")
            messages.append(f"{line} | {detail}" if not detail.startswith(("{", "[")) else line)
    return messages


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--output", type=pathlib.Path, help="where to write the client (default: the committed one, "
                    "and then OPENAPI_SHA256 is rewritten too)")
    a = ap.parse_args()
    for command, wanted in (("openapi-python-client", GENERATOR), ("ruff", RUFF)):
        found = installed_version(command)
        if found != wanted:
            sys.exit(f"generate.py needs {command} {wanted} (found {found or 'none'}) so that the output is "
                     f"reproducible: pip install openapi-python-client=={GENERATOR} ruff=={RUFF}")

    output = (a.output or HERE / "bioreg-client").resolve()
    run = subprocess.run(["openapi-python-client", "generate", "--path", str(DOCUMENT), "--output-path", str(output),
                          "--config", str(HERE / "config.yaml"), "--overwrite"],
                         capture_output=True, text=True, cwd=ROOT)
    report = run.stdout + run.stderr
    if run.returncode != 0:
        sys.exit(f"openapi-python-client failed (exit {run.returncode}):\n{report}")
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)

    warnings = warnings_of(report)
    skipped = [w for w in warnings if any(s in w for s in SKIPPED)]
    known = [line for line in KNOWN_WARNINGS.read_text().splitlines() if line and not line.startswith("#")]
    new, gone = [w for w in warnings if w not in known], [k for k in known if k not in warnings]
    for warning in warnings:
        print(f"generator warning: {warning}", file=sys.stderr)
    problems = [f"skipped by the generator: {w}" for w in skipped]
    problems += [f"a warning not in known-warnings.txt: {w}" for w in new if w not in skipped]
    problems += [f"listed in known-warnings.txt but no longer reported (remove it): {k}" for k in gone]
    if problems:
        sys.exit("\n".join(problems) + f"\n(the generator's whole report:)\n{report}")

    if a.output is None:
        digest = hashlib.sha256(DOCUMENT.read_bytes()).hexdigest()
        (HERE / "OPENAPI_SHA256").write_text(f"{digest}  openapi/openapi.json\n")
    print(f"generated {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output} from openapi/openapi.json "
          f"with openapi-python-client {GENERATOR} ({len(warnings)} known warning(s))")


if __name__ == "__main__":
    main()
