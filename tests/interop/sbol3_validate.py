#!/usr/bin/env python3
"""Validates SBOL3 files with pySBOL3 (the SBOL3 Python library, `pip install sbol3`): each file is
loaded (`Document.read`, format from the extension: .ttl, .nt, .rdf/.xml, .jsonld) and checked with
`Document.validate()`; the errors and warnings are printed with their counts.

    python3 tests/interop/sbol3_validate.py FILE...

Exits 1 when any file has a validation error or cannot be read, 2 on bad usage; warnings are
printed but do not fail the run.
"""
import sys

try:
    import sbol3
except ImportError:
    sys.exit("pySBOL3 is not installed: pip install sbol3")


def validate(path):
    """(objects, errors, warnings) of one file; raises if it cannot be read."""
    document = sbol3.Document()
    document.read(path)
    report = document.validate()
    return len(document.objects), list(report.errors), list(report.warnings)


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    failed = 0
    total_errors = total_warnings = 0
    for path in paths:
        try:
            objects, errors, warnings = validate(path)
        except Exception as error:  # pySBOL3 and rdflib raise many kinds
            print(f"{path}: cannot be read: {type(error).__name__}: {error}")
            failed += 1
            continue
        total_errors += len(errors)
        total_warnings += len(warnings)
        print(f"{path}: {objects} top-level objects, {len(errors)} errors, {len(warnings)} warnings")
        for issue in errors:
            print(f"  error: {issue}")
        for issue in warnings:
            print(f"  warning: {issue}")
        if errors:
            failed += 1
    print(f"pySBOL3 {sbol3.__version__}: {len(paths)} files, {total_errors} errors, {total_warnings} warnings, "
          f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
