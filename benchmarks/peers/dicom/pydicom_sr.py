"""Build and encode TID 1500 measurement reports with pydicom, the same tree RadAssist's benchmark builds.

Times only the in-process loop: build the dataset, write it as Explicit VR Little Endian Part 10 into memory.
Run with Debian's interpreter, where python3-pydicom is installed: /usr/bin/python3 pydicom_sr.py MEASUREMENTS ITERATIONS
"""

import io
import sys
import time

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filewriter import dcmwrite
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

STUDY = "2.25.100200300400500600700800900"
SERIES = "2.25.100200300400500600700800901"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"


def code(value, scheme, meaning):
    item = Dataset()
    item.CodeValue = value
    item.CodingSchemeDesignator = scheme
    item.CodeMeaning = meaning
    return item


def content(relationship, value_type, concept, children=None, **values):
    item = Dataset()
    if relationship:
        item.RelationshipType = relationship
    item.ValueType = value_type
    item.ConceptNameCodeSequence = Sequence([code(*concept)])
    for keyword, value in values.items():
        setattr(item, keyword, value)
    if children:
        item.ContentSequence = Sequence(children)
    return item


def image(relationship, uid, concept=None):
    item = Dataset()
    item.RelationshipType = relationship
    item.ValueType = "IMAGE"
    if concept:
        item.ConceptNameCodeSequence = Sequence([code(*concept)])
    reference = Dataset()
    reference.ReferencedSOPClassUID = CT_IMAGE
    reference.ReferencedSOPInstanceUID = uid
    item.ReferencedSOPSequence = Sequence([reference])
    return item


def build(measurements):
    images = [f"2.25.{1000 + i}" for i in range(measurements)]
    groups = []
    for i in range(measurements):
        measured = Dataset()
        measured.MeasurementUnitsCodeSequence = Sequence([code("mm", "UCUM", "millimeter")])
        measured.NumericValue = f"{4 + i % 20}.5"
        algorithm = [
            content("HAS CONCEPT MOD", "TEXT", ("111001", "DCM", "Algorithm Name"), TextValue="radassist-test-model"),
            content("HAS CONCEPT MOD", "TEXT", ("111003", "DCM", "Algorithm Version"), TextValue="1.0"),
            content("HAS CONCEPT MOD", "TEXT", ("111002", "DCM", "Algorithm Parameters"), TextValue="prompt v3"),
            image("INFERRED FROM", images[i], ("121112", "DCM", "Source of Measurement")),
        ]
        site = content("HAS CONCEPT MOD", "CODE", ("363698007", "SCT", "Finding Site"),
                       [content("HAS CONCEPT MOD", "CODE", ("272741003", "SCT", "Laterality"),
                                ConceptCodeSequence=Sequence([code("24028007", "SCT", "Right")]))],
                       ConceptCodeSequence=Sequence([code("45653009", "SCT", "Upper lobe of right lung")]))
        groups.append(content("CONTAINS", "CONTAINER", ("125007", "DCM", "Measurement Group"), [
            content("HAS OBS CONTEXT", "TEXT", ("112039", "DCM", "Tracking Identifier"), TextValue=f"Nodule {i + 1}"),
            content("HAS OBS CONTEXT", "UIDREF", ("112040", "DCM", "Tracking Unique Identifier"), UID=f"2.25.{500000 + i}"),
            content("CONTAINS", "CODE", ("121071", "DCM", "Finding"), ConceptCodeSequence=Sequence([code("27925004", "SCT", "Nodule")])),
            site,
            content("CONTAINS", "NUM", ("103339001", "SCT", "Long Axis"), algorithm, MeasuredValueSequence=Sequence([measured])),
        ], ContinuityOfContent="SEPARATE"))

    ds = content(None, "CONTAINER", ("126000", "DCM", "Imaging Measurement Report"), [
        content("HAS CONCEPT MOD", "CODE", ("121049", "DCM", "Language of Content Item and Descendants"),
                ConceptCodeSequence=Sequence([code("en-US", "RFC5646", "English (United States)")])),
        content("HAS OBS CONTEXT", "CODE", ("121005", "DCM", "Observer Type"), ConceptCodeSequence=Sequence([code("121007", "DCM", "Device")])),
        content("HAS OBS CONTEXT", "UIDREF", ("121012", "DCM", "Device Observer UID"), UID="2.25.31415926535897932384626433832795"),
        content("HAS OBS CONTEXT", "TEXT", ("121013", "DCM", "Device Observer Name"), TextValue="radassist-test-model"),
        content("HAS CONCEPT MOD", "CODE", ("121058", "DCM", "Procedure reported"),
                ConceptCodeSequence=Sequence([code("363679005", "SCT", "Imaging procedure")])),
        content("CONTAINS", "CONTAINER", ("111028", "DCM", "Image Library"), [
            content("CONTAINS", "CONTAINER", ("126200", "DCM", "Image Library Group"),
                    [image("CONTAINS", uid) for uid in images], ContinuityOfContent="SEPARATE")], ContinuityOfContent="SEPARATE"),
        content("CONTAINS", "CONTAINER", ("126010", "DCM", "Imaging Measurements"), groups, ContinuityOfContent="SEPARATE"),
    ], ContinuityOfContent="SEPARATE")
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.88.33"
    ds.SOPInstanceUID = "2.25.78"
    ds.StudyInstanceUID = STUDY
    ds.SeriesInstanceUID = "2.25.77"
    ds.Modality = "SR"
    ds.PatientName = "Fakepatient^Measure"
    ds.PatientID = "FAKE-0001"
    ds.AccessionNumber = "ACC0001"
    ds.CompletionFlag = "PARTIAL"
    ds.VerificationFlag = "UNVERIFIED"
    series = Dataset()
    series.SeriesInstanceUID = SERIES
    series.ReferencedSOPSequence = Sequence([])
    for uid in images:
        reference = Dataset()
        reference.ReferencedSOPClassUID = CT_IMAGE
        reference.ReferencedSOPInstanceUID = uid
        series.ReferencedSOPSequence.append(reference)
    evidence = Dataset()
    evidence.StudyInstanceUID = STUDY
    evidence.ReferencedSeriesSequence = Sequence([series])
    ds.CurrentRequestedProcedureEvidenceSequence = Sequence([evidence])

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    return ds


def build_and_write(measurements):
    buffer = io.BytesIO()
    dcmwrite(buffer, build(measurements), write_like_original=False)
    return buffer.tell()


def main():
    measurements = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    size = build_and_write(measurements)
    start = time.perf_counter()
    for _ in range(iterations):
        size = build_and_write(measurements)
    seconds = time.perf_counter() - start
    print(f"pydicom {measurements} measurements: {iterations / seconds:.3g} reports/s ({iterations} iterations, {size} bytes each)")


if __name__ == "__main__":
    main()
