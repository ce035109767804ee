namespace RadAssist.Llm.Tests.Deidentification;

public sealed class PatternDeidentifierTests
{
    private static PatternDeidentifier Create(int shift = 30) =>
        new(new PatternDeidentifierOptions { FixedDateShiftDays = shift });

    [TestCase("Seen on 2024-03-01.", "2024-03-01", "2024-01-31")]
    [TestCase("Seen on 03/01/2024.", "03/01/2024", "01/31/2024")]
    [TestCase("Seen on 3/1/24.", "3/1/24", "1/31/24")]
    [TestCase("Seen on March 1, 2024.", "March 1, 2024", "January 31, 2024")]
    [TestCase("Seen on 1 Mar 2024.", "1 Mar 2024", "31 Jan 2024")]
    [TestCase("StudyDate 20240301.", "20240301", "20240131")]
    [TestCase("Seen on 15/03/2024.", "15/03/2024", "14/02/2024")]
    [TestCase("Seen on 04.12.2026.", "04.12.2026", "04.11.2026")]
    [TestCase("Seen on 4.12.2026.", "4.12.2026", "4.11.2026")]
    [TestCase("Seen on 1.12.2026.", "1.12.2026", "1.11.2026")]
    [TestCase("Seen on 4th December 2026.", "4th December 2026", "4th November 2026")]
    [TestCase("Seen on 1st MAR 2024.", "1st MAR 2024", "31st JAN 2024")]
    [TestCase("Seen on 2 Sept. 2024.", "2 Sept. 2024", "3 Aug. 2024")]
    [TestCase("Seen on the 4th of December 2026.", "4th of December 2026", "4th of November 2026")]
    [TestCase("Seen on December 4, 2026.", "December 4, 2026", "November 4, 2026")]
    [TestCase("Seen on December 4th, 2026.", "December 4th, 2026", "November 4th, 2026")]
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
    public void DayFirstOption_ReadsSlashedDatesDayFirst()
    {
        var map = new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = 30, DayFirstNumericDates = true }).CreateMap(null);

        var scrubbed = map.Scrub("Seen on 04/12/2026.");

        Assert.That(scrubbed, Is.EqualTo("Seen on 04/11/2026."));
        Assert.That(map.Reidentify(scrubbed), Is.EqualTo("Seen on 04/12/2026."));
    }

    [Test]
    public void SlashedDate_IsMonthFirstByDefault()
    {
        var map = Create().CreateMap(null);

        Assert.That(map.Scrub("Seen on 04/12/2026."), Is.EqualTo("Seen on 03/13/2026."));
    }

    [Test]
    public void DateFormats_ShiftByTheSameDays()
    {
        var map = new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = 30, DayFirstNumericDates = true }).CreateMap(null);
        const string Text = "Exams on 2026-12-04, 04/12/2026, 04.12.2026, 4th December 2026, December 4, 2026 and 20261204.";

        var scrubbed = map.Scrub(Text);

        Assert.That(scrubbed, Does.Contain("2026-11-04"));
        Assert.That(scrubbed, Does.Contain("04/11/2026"));
        Assert.That(scrubbed, Does.Contain("04.11.2026"));
        Assert.That(scrubbed, Does.Contain("4th November 2026"));
        Assert.That(scrubbed, Does.Contain("November 4, 2026 and"));
        Assert.That(scrubbed, Does.Contain("20261104"));
        Assert.That(scrubbed, Does.Not.Contain("December"));
        Assert.That(map.Reidentify(scrubbed), Is.EqualTo(Text));
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
    [TestCase("A ninety-two-year-old woman.", "ninety-two")]
    [TestCase("She is ninety two years old.", "ninety two")]
    [TestCase("A Ninety-Seven-Year-Old man.", "Ninety-Seven")]
    [TestCase("He is one hundred and one years old.", "one hundred and one")]
    [TestCase("Aged ninety-four, on warfarin.", "ninety-four")]
    [TestCase("Ninety years of age.", "Ninety")]
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
    [TestCase("A forty-two-year-old man.")]
    [TestCase("The nodule was stable over ninety days.")]
    [TestCase("Grew by +12 mm over 24 months.")]
    [TestCase("Marked improvement on May 2 views.")]
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
    [TestCase("Discussed with Dr. José Müller today.", "NAME")]
    [TestCase("Mrs. Müller tolerated the procedure.", "NAME")]
    [TestCase("Signed by: Zoë O'Brien-Łukasz", "NAME")]
    [TestCase("Call +44 20 7946 0958 today.", "PHONE")]
    [TestCase("Call +49 (0)30 123456 today.", "PHONE")]
    [TestCase("Call 0044 20 7946 0958 today.", "PHONE")]
    [TestCase("Call +33 1 99 00 12 34 today.", "PHONE")]
    public void Identifiers_AreReplacedAndRestored(string text, string kind)
    {
        var map = Create().CreateMap(null);

        var scrubbed = map.Scrub(text);

        Assert.That(scrubbed, Does.Contain($"[{kind}-1]"));
        Assert.That(map.Reidentify(scrubbed), Is.EqualTo(text));
    }

    [TestCase("Discussed with Dr. Zoë O'Brien-Łukasz today.", "Zoë", "O'Brien-Łukasz")]
    [TestCase("Seen by Dr. José Müller and Mrs. Núñez.", "José", "Müller", "Núñez")]
    [TestCase("Patient: Łucja Groß   MRN: 71489242", "Łucja", "Groß")]
    [TestCase("Electronically signed by: Renée D'Angelo on 08/12/2021", "Renée", "D'Angelo")]
    [TestCase("Referring: Dr. John Smith.", "John", "Smith")]
    [TestCase("Patient Müller was seen. Dr. María-José Núñez read it.", "Müller", "María-José", "Núñez")]
    [TestCase("Patient Ángel Ruiz, Washington, DC 20500.", "Ángel", "Ruiz", "Washington", "20500")]
    public void NonAsciiNames_AreRemovedWhole(string text, params string[] words)
    {
        var map = Create().CreateMap(null);

        var scrubbed = map.Scrub(text);

        foreach (var word in words)
        {
            Assert.That(scrubbed, Does.Not.Contain(word));
        }

        Assert.That(map.Reidentify(scrubbed), Is.EqualTo(text));
    }

    [Test]
    public async Task UppercaseKnownName_OtherPartRemoved()
    {
        // DICOM PN values are often in capitals, and "GROSS" does not equal "Groß" in any letter case.
        var context = Scenario.CreateContext("Patient: Łucja Groß\nMrs. Groß tolerated the procedure well.");
        context.Patient = context.Patient with { Name = "GROSS^ŁUCJA" };

        var result = await Create().DeidentifyAsync(context);

        var text = result.Context.PriorReports.Single().Text;
        Assert.That(text, Does.Not.Contain("Łucja"));
        Assert.That(text, Does.Not.Contain("Groß"));
        Assert.That(result.Reidentify(text), Is.EqualTo(context.PriorReports.Single().Text));
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

    [TestCase("Patient History: cough.")]
    [TestCase("Patient Information is on file.")]
    public void PatientHeading_IsNotAName(string text)
    {
        var map = Create().CreateMap(null);

        Assert.That(map.Scrub(text), Is.EqualTo(text));
    }

    [Test]
    public void DateTooEarlyToShift_IsLeftAlone()
    {
        var map = Create(10).CreateMap(null);

        var scrubbed = map.Scrub("Seen 0001-01-05 and 2024-03-01.");

        Assert.That(scrubbed, Is.EqualTo("Seen 0001-01-05 and 2024-02-20."));
        Assert.That(map.Reidentify(scrubbed), Is.EqualTo("Seen 0001-01-05 and 2024-03-01."));
    }
}
