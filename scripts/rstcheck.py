#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""rstcheck.py FILE...: parse reStructuredText with docutils; print every
warning or error and exit non-zero if there is one. The kernel's own Sphinx
directives (kernel-doc, ...) are accepted as opaque blocks."""
import sys

import docutils.core
import docutils.utils
from docutils.parsers.rst import Directive, directives


class Opaque(Directive):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = None

    def run(self):
        return []


class AnyOptions(dict):
    def __missing__(self, key):
        return directives.unchanged


Opaque.option_spec = AnyOptions()
for name in ("kernel-doc", "kernel-include", "kernel-abi", "kernel-feat", "toctree"):
    directives.register_directive(name, Opaque)

bad = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    msgs = []
    settings = {"report_level": 2, "halt_level": 5, "warning_stream": False}
    doc = docutils.core.publish_doctree(text, source_path=path, settings_overrides=settings)
    for node in doc.traverse(docutils.nodes.system_message):
        if node["level"] >= 2:
            msgs.append(f"{path}:{node.get('line', '?')}: {node.astext()}")
    for m in msgs:
        print(m)
    bad |= bool(msgs)
    if not msgs:
        print(f"rstcheck: {path}: valid")
sys.exit(1 if bad else 0)
