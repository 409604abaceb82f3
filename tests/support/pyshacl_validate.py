"""Validate an RDF file with pySHACL: pyshacl_validate.py DATA SHAPES... ; exit 0 iff it conforms.

It prints pySHACL's text report, then each result on a line of its own, sorted:
`result: SEVERITY FOCUS COMPONENT VALUE SHAPE`, the terms in N-Triples syntax, the severity and
the component by local name, `-` for no value and `_` for a blank shape.

The shapes files are merged into one graph. The generated DCAT-AP 3.0.1 shapes refer with
sh:property to a few property shapes that they never define (no sh:path, no constraint);
pySHACL refuses such a graph, so those dangling references are dropped and counted first.
"""
import sys

import pyshacl
import rdflib

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

data, *shape_files = sys.argv[1:]
shapes = rdflib.Graph()
for path in shape_files:
    shapes.parse(path, format="turtle")
dangling = [(s, o) for s, o in shapes.subject_objects(SH.property) if (o, None, None) not in shapes]
for s, o in dangling:
    shapes.remove((s, SH.property, o))
print(f"dropped {len(dangling)} dangling sh:property references")
conforms, report, text = pyshacl.validate(
    rdflib.Graph().parse(data), shacl_graph=shapes, inference="none", advanced=False
)
print(text)


def n3(term):
    return "_" if isinstance(term, rdflib.BNode) else term.n3()


lines = []
for result in report.objects(None, SH.result):
    local = lambda p: str(report.value(result, p)).removeprefix(str(SH))
    value = report.value(result, SH.value)
    lines.append(" ".join([
        "result:",
        local(SH.resultSeverity),
        n3(report.value(result, SH.focusNode)),
        local(SH.sourceConstraintComponent),
        "-" if value is None else n3(value),
        n3(report.value(result, SH.sourceShape)),
    ]))
print("\n".join(sorted(lines)))
sys.exit(0 if conforms else 1)
