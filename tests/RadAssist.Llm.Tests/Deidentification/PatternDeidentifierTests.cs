namespace RadAssist.Llm.Tests.Deidentification;

public sealed class PatternDeidentifierTests
{
    private static PatternDeidentifier Create(int shift = 30) =>
        new(new PatternDeidentifierOptions { FixedDateShiftDays = shift });

    [TestCase("Seen on 2024-03-01.", "2024-03-01", "2024-01-31")]
    [TestCase("Seen on 03/01/2024.", "03/01/2024", "01/31/2024")]
    [TestCase("Seen on 3/1/24.", "3/1/24", "01/31/24")]
    [TestCase("Seen on March 1, 2024.", "March 1, 2024", "January 31, 2024")]
    [TestCase("Seen on 1 Mar 2024.", "1 Mar 2024", "January 31, 2024")]
    [TestCase("StudyDate 20240301.", "20240301", "20240131")]
    public void Dates_ShiftBackKeepingFormat(string text, string original, string shifted)
    {
        var map = Create().CreateMap(null);

        var scrubbed = map.Scrub(text);

        Assert.That(scrubbed, Does.Not.Contain(original));
        Assert.That(scrubbed, Does.Contain(shifted));
        Assert.That(map.Reidentify(scrubbed), Is.EqualTo(text));
    }

    [Test]
    public void DateShift_KeepsIntervals()
    {
        var map = Create(17).CreateMap(null);

        var scrubbed = map.Scrub("Prior 2024-01-10, current 2024-07-10.");

        Assert.That(scrubbed, Is.EqualTo("Prior 2023-12-24, current 2024-06-23."));
    }

    [Test]
    public void IsoDateWrittenByModel_IsShiftedBack()
    {
        var map = Create().CreateMap(null);
        map.Scrub("Prior exam 09/10/2024.");

        Assert.That(map.Reidentify("Compared with 2024-08-11."), Is.EqualTo("Compared with 2024-09-10."));
    }

    [Test]
    public void KeyedDateShift_IsStablePerPatientAndInRange()
    {
        var key = new byte[32];
        var first = new PatternDeidentifier(new PatternDeidentifierOptions { DateShiftKey = key, MaxDateShiftDays = 100 });
        var second = new PatternDeidentifier(new PatternDeidentifierOptions { DateShiftKey = key, MaxDateShiftDays = 100 });

        var shiftA = first.CreateMap(Scenario.CreateContext()).DateShiftDays;
        var shiftB = second.CreateMap(Scenario.CreateContext()).DateShiftDays;

        Assert.That(shiftA, Is.EqualTo(shiftB));
        Assert.That(shiftA, Is.InRange(1, 100));
    }

    [TestCase("A 92-year-old man.", "92")]
    [TestCase("Age: 97.", "97")]
    [TestCase("101 yo female.", "101")]
    [TestCase("93 y/o with cough.", "93")]
    public void AgesOver89_AreReplaced(string text, string age)
    {
        var map = Create().CreateMap(null);

        var scrubbed = map.Scrub(text);

        Assert.That(scrubbed, Does.Not.Contain(age));
        Assert.That(scrubbed, Does.Contain("[AGE-1]"));
        Assert.That(map.Reidentify(scrubbed), Is.EqualTo(text));
    }

    [TestCase("A 45-year-old man.")]
    [TestCase("A 6 mm nodule in the right upper lobe, previously 4 mm.")]
    [TestCase("No pneumothorax. Heart size is normal.")]
    [TestCase("Slice thickness 1.25 mm, 120 kVp.")]
    public void ClinicalText_IsLeftAlone(string text)
    {
        Assert.That(Create().DeidentifyText(text).Text, Is.EqualTo(text));
    }

    [TestCase("Call (312) 555-0188 today.", "PHONE")]
    [TestCase("Call 312-555-0188 today.", "PHONE")]
    [TestCase("Call 312.555.0188 today.", "PHONE")]
    [TestCase("Mail jane.roe@example.org today.", "EMAIL")]
    [TestCase("UID 1.2.840.113619.2.55.3.604688 seen.", "UID")]
    [TestCase("Study UID 1.2.840.113619.2.55.3.604688.", "UID")]
    [TestCase("MRN: A1234567 seen.", "MRN")]
    [TestCase("Accession # 2024-000123 seen.", "ACCESSION")]
    [TestCase("Lives at 12 Willow Bend Road, Fairview, OR 97024 alone.", "ADDRESS")]
    [TestCase("SSN 123-45-6789 seen.", "ID")]
    [TestCase("Discussed with Dr. Jane Roe today.", "NAME")]
    [TestCase("Signed by: Jane Roe", "NAME")]
    public void Identifiers_AreReplacedAndRestored(string text, string kind)
    {
        var map = Create().CreateMap(null);

        var scrubbed = map.Scrub(text);

        Assert.That(scrubbed, Does.Contain($"[{kind}-1]"));
        Assert.That(map.Reidentify(scrubbed), Is.EqualTo(text));
    }

    [Test]
    public async Task Context_IsCopiedWithoutIdentifiers()
    {
        var context = Scenario.CreateContext();

        var result = await Create().DeidentifyAsync(context);

        var copy = result.Context;
        Assert.That(copy.Patient.Name, Does.StartWith("[NAME-"));
        Assert.That(copy.Patient.BirthDate, Is.Null);
        Assert.That(copy.Patient.PatientId, Is.EqualTo("[MRN-1]"));
        Assert.That(copy.Study.AccessionNumber, Is.EqualTo("[ACCESSION-1]"));
        Assert.That(copy.Study.StudyInstanceUid, Does.StartWith("[UID-"));
        Assert.That(copy.Study.StudyDate, Is.EqualTo(new DateOnly(2025, 2, 12)));
        Assert.That(copy.PriorReports.Single().ExamDate, Is.EqualTo(new DateOnly(2024, 8, 11)));
        Assert.That(copy.Radiologist!.Id, Does.StartWith("[ID-"));
        Assert.That(copy.Radiologist.Subspecialty, Is.EqualTo("thoracic"));
        Assert.That(context.Patient.PatientId, Is.EqualTo(Scenario.PatientId), "the original is not changed");
        Assert.That(result.ReplacementCount, Is.GreaterThan(10));
        Assert.That(result.Reidentify(copy.PriorReports.Single().Text), Is.EqualTo(Scenario.PriorText));
    }

    [Test]
    public void FixedShiftOutOfRange_Throws()
    {
        Assert.That(
            () => new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = 400, MaxDateShiftDays = 365 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("FixedDateShiftDays"));
    }
}
