"""Validate an RDF file with pySHACL: pyshacl_validate.py DATA SHAPES... ; exit 0 iff it conforms.

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
conforms, _, text = pyshacl.validate(
    rdflib.Graph().parse(data), shacl_graph=shapes, inference="none", advanced=False
)
print(text)
sys.exit(0 if conforms else 1)
