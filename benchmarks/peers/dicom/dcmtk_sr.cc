// Builds and encodes TID 1500 measurement reports with dcmtk's dcmsr C++ API, the same tree RadAssist's
// benchmark builds, and times only the in-process loop (build the document, write it into a DcmFileFormat,
// encode it as Explicit VR Little Endian into a memory buffer).
//
// Build: see build.sh (g++ against Debian's libdcmtk-dev). Run: ./dcmtk_sr MEASUREMENTS ITERATIONS

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcostrmb.h"
#include "dcmtk/dcmsr/dsrdoc.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

const char *kStudy = "2.25.100200300400500600700800900";
const char *kSeries = "2.25.100200300400500600700800901";
const char *kCtImage = "1.2.840.10008.5.1.4.1.1.2";

void Add(DSRDocumentTree &tree, DSRTypes::E_RelationshipType relationship, DSRTypes::E_ValueType type,
         DSRTypes::E_AddMode mode, const DSRCodedEntryValue &concept)
{
    tree.addContentItem(relationship, type, mode);
    tree.getCurrentContentItem().setConceptName(concept);
}

size_t BuildAndWrite(int measurements, std::vector<Uint8> &buffer)
{
    DSRDocument doc(DSRTypes::DT_ComprehensiveSR);
    doc.createNewSeriesInStudy(kStudy);
    doc.setPatientName("Fakepatient^Measure");
    doc.setPatientID("FAKE-0001");
    doc.setAccessionNumber("ACC0001");
    doc.setManufacturer("RadAssist");

    DSRDocumentTree &tree = doc.getTree();
    tree.addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container);
    tree.getCurrentContentItem().setConceptName(DSRCodedEntryValue("126000", "DCM", "Imaging Measurement Report"));
    Add(tree, DSRTypes::RT_hasConceptMod, DSRTypes::VT_Code, DSRTypes::AM_belowCurrent,
        DSRCodedEntryValue("121049", "DCM", "Language of Content Item and Descendants"));
    tree.getCurrentContentItem().setCodeValue(DSRCodedEntryValue("en-US", "RFC5646", "English (United States)"));
    Add(tree, DSRTypes::RT_hasObsContext, DSRTypes::VT_Code, DSRTypes::AM_afterCurrent,
        DSRCodedEntryValue("121005", "DCM", "Observer Type"));
    tree.getCurrentContentItem().setCodeValue(DSRCodedEntryValue("121007", "DCM", "Device"));
    Add(tree, DSRTypes::RT_hasObsContext, DSRTypes::VT_UIDRef, DSRTypes::AM_afterCurrent,
        DSRCodedEntryValue("121012", "DCM", "Device Observer UID"));
    tree.getCurrentContentItem().setStringValue("2.25.31415926535897932384626433832795");
    Add(tree, DSRTypes::RT_hasObsContext, DSRTypes::VT_Text, DSRTypes::AM_afterCurrent,
        DSRCodedEntryValue("121013", "DCM", "Device Observer Name"));
    tree.getCurrentContentItem().setStringValue("radassist-test-model");
    Add(tree, DSRTypes::RT_hasConceptMod, DSRTypes::VT_Code, DSRTypes::AM_afterCurrent,
        DSRCodedEntryValue("121058", "DCM", "Procedure reported"));
    tree.getCurrentContentItem().setCodeValue(DSRCodedEntryValue("363679005", "SCT", "Imaging procedure"));

    // Image library with one IMAGE per measured image.
    Add(tree, DSRTypes::RT_contains, DSRTypes::VT_Container, DSRTypes::AM_afterCurrent,
        DSRCodedEntryValue("111028", "DCM", "Image Library"));
    Add(tree, DSRTypes::RT_contains, DSRTypes::VT_Container, DSRTypes::AM_belowCurrent,
        DSRCodedEntryValue("126200", "DCM", "Image Library Group"));
    std::vector<std::string> images;
    for (int i = 0; i < measurements; i++) {
        images.push_back("2.25." + std::to_string(1000 + i));
        tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Image, i == 0 ? DSRTypes::AM_belowCurrent : DSRTypes::AM_afterCurrent);
        tree.getCurrentContentItem().setImageReference(DSRImageReferenceValue(kCtImage, images.back().c_str()));
        doc.getCurrentRequestedProcedureEvidence().addItem(kStudy, kSeries, kCtImage, images.back().c_str());
    }
    tree.goUp();
    tree.goUp();

    Add(tree, DSRTypes::RT_contains, DSRTypes::VT_Container, DSRTypes::AM_afterCurrent,
        DSRCodedEntryValue("126010", "DCM", "Imaging Measurements"));
    for (int i = 0; i < measurements; i++) {
        Add(tree, DSRTypes::RT_contains, DSRTypes::VT_Container, i == 0 ? DSRTypes::AM_belowCurrent : DSRTypes::AM_afterCurrent,
            DSRCodedEntryValue("125007", "DCM", "Measurement Group"));
        Add(tree, DSRTypes::RT_hasObsContext, DSRTypes::VT_Text, DSRTypes::AM_belowCurrent,
            DSRCodedEntryValue("112039", "DCM", "Tracking Identifier"));
        tree.getCurrentContentItem().setStringValue(("Nodule " + std::to_string(i + 1)).c_str());
        Add(tree, DSRTypes::RT_hasObsContext, DSRTypes::VT_UIDRef, DSRTypes::AM_afterCurrent,
            DSRCodedEntryValue("112040", "DCM", "Tracking Unique Identifier"));
        tree.getCurrentContentItem().setStringValue(("2.25." + std::to_string(500000 + i)).c_str());
        Add(tree, DSRTypes::RT_contains, DSRTypes::VT_Code, DSRTypes::AM_afterCurrent,
            DSRCodedEntryValue("121071", "DCM", "Finding"));
        tree.getCurrentContentItem().setCodeValue(DSRCodedEntryValue("27925004", "SCT", "Nodule"));
        Add(tree, DSRTypes::RT_hasConceptMod, DSRTypes::VT_Code, DSRTypes::AM_afterCurrent,
            DSRCodedEntryValue("363698007", "SCT", "Finding Site"));
        tree.getCurrentContentItem().setCodeValue(DSRCodedEntryValue("45653009", "SCT", "Upper lobe of right lung"));
        Add(tree, DSRTypes::RT_hasConceptMod, DSRTypes::VT_Code, DSRTypes::AM_belowCurrent,
            DSRCodedEntryValue("272741003", "SCT", "Laterality"));
        tree.getCurrentContentItem().setCodeValue(DSRCodedEntryValue("24028007", "SCT", "Right"));
        tree.goUp();
        Add(tree, DSRTypes::RT_contains, DSRTypes::VT_Num, DSRTypes::AM_afterCurrent,
            DSRCodedEntryValue("103339001", "SCT", "Long Axis"));
        tree.getCurrentContentItem().setNumericValue(DSRNumericMeasurementValue(
            (std::to_string(4 + i % 20) + ".5").c_str(), DSRCodedEntryValue("mm", "UCUM", "millimeter")));
        Add(tree, DSRTypes::RT_hasConceptMod, DSRTypes::VT_Text, DSRTypes::AM_belowCurrent,
            DSRCodedEntryValue("111001", "DCM", "Algorithm Name"));
        tree.getCurrentContentItem().setStringValue("radassist-test-model");
        Add(tree, DSRTypes::RT_hasConceptMod, DSRTypes::VT_Text, DSRTypes::AM_afterCurrent,
            DSRCodedEntryValue("111003", "DCM", "Algorithm Version"));
        tree.getCurrentContentItem().setStringValue("1.0");
        Add(tree, DSRTypes::RT_hasConceptMod, DSRTypes::VT_Text, DSRTypes::AM_afterCurrent,
            DSRCodedEntryValue("111002", "DCM", "Algorithm Parameters"));
        tree.getCurrentContentItem().setStringValue("prompt v3");
        tree.addContentItem(DSRTypes::RT_inferredFrom, DSRTypes::VT_Image, DSRTypes::AM_afterCurrent);
        tree.getCurrentContentItem().setConceptName(DSRCodedEntryValue("121112", "DCM", "Source of Measurement"));
        tree.getCurrentContentItem().setImageReference(DSRImageReferenceValue(kCtImage, images[i].c_str()));
        tree.goUp();
        tree.goUp();
    }

    DcmFileFormat file;
    if (doc.write(*file.getDataset()).bad()) {
        std::fprintf(stderr, "dcmsr write failed\n");
        std::exit(1);
    }

    DcmOutputBufferStream out(buffer.data(), buffer.size());
    file.transferInit();
    OFCondition status = file.write(out, EXS_LittleEndianExplicit, EET_UndefinedLength, NULL);
    file.transferEnd();
    if (status.bad()) {
        std::fprintf(stderr, "encoding failed: %s\n", status.text());
        std::exit(1);
    }

    void *written = NULL;
    offile_off_t length = 0;
    out.flushBuffer(written, length);
    return static_cast<size_t>(length);
}

}  // namespace

int main(int argc, char **argv)
{
    int measurements = argc > 1 ? std::atoi(argv[1]) : 10;
    int iterations = argc > 2 ? std::atoi(argv[2]) : 1000;
    std::vector<Uint8> buffer(64 * 1024 * 1024);

    size_t bytes = BuildAndWrite(measurements, buffer);  // warm-up
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < iterations; i++) {
        bytes = BuildAndWrite(measurements, buffer);
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("dcmtk %d measurements: %.3g reports/s (%d iterations, %zu bytes each)\n",
                measurements, iterations / seconds, iterations, bytes);
    return 0;
}
