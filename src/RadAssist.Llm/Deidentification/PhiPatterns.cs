using System.Text.RegularExpressions;

namespace RadAssist.Llm.Deidentification;

/// <summary>Regular expressions for identifiers in free report text, after the HIPAA Safe Harbor categories.</summary>
internal static partial class PhiPatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // Whole month names and their usual abbreviations. A word that merely starts like one ("Marked") is no month.
    // A name token already written for a known name part: in "Patient: [NAME-1] Groß" the family name is still
    // matched although the known value "GROSS" (DICOM PN in capitals) does not equal "Groß" in any letter case.
    private const string NameTokenBefore = @"(?:\[NAME-\d{1,6}\],? )?";

    private const string AgeWords =
        @"ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|(?:a|one)[\s-]hundred(?:(?:[\s-]and)?[\s-](?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?";

    private const string MonthName =
        @"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![a-z])";

    /// <summary>Surrogate tokens this package writes, such as <c>[NAME-1]</c>.</summary>
    [GeneratedRegex(@"\[(?<kind>NAME|MRN|ACCESSION|UID|PHONE|EMAIL|ADDRESS|AGE|ID)-(?<n>\d{1,6})\]", Options)]
    public static partial Regex SurrogateToken();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b", Options)]
    public static partial Regex Email();

    /// <summary>
    /// DICOM UIDs (PS3.5 section 9): a root of 0, 1 or 2 and at least two more numeric components, so the
    /// <c>2.25.</c> UUID form matches while a decimal such as <c>1.5</c> and a date such as <c>1.12.2026</c> do not.
    /// </summary>
    [GeneratedRegex(@"(?<![\w.])(?![0-2]\.\d{1,2}\.(?:19|20)\d{2}(?!\w|\.\d))[0-2](?:\.\d+){2,}(?!\w|\.\d)", Options)]
    public static partial Regex Uid();

    /// <summary>
    /// International phone numbers with a <c>+</c> or <c>00</c> prefix and the country code (ITU-T E.164):
    /// <c>+44 20 7946 0958</c>, <c>+49 (0)30 123456</c>, <c>0044 20 7946 0958</c>, <c>+33 1 99 00 12 34</c>. Groups
    /// after the first have at least two digits, so a following measurement such as "3 cm" is not taken in.
    /// </summary>
    [GeneratedRegex(
        @"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s.-]?\(0\))?[\s.-]?(?:\(\d{1,5}\)|\d{1,8})(?:[\s.-]?(?:\(\d{2,5}\)|\d{2,8})){1,5}(?!\w)",
        Options)]
    public static partial Regex InternationalPhone();

    /// <summary>North American phone numbers with separators, optionally with +1 and an extension.</summary>
    [GeneratedRegex(
        @"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?!\w)",
        Options | RegexOptions.IgnoreCase)]
    public static partial Regex Phone();

    /// <summary>A medical record number after its label: <c>MRN: 12345678</c>, <c>MR# A-1234</c>; it contains a digit.</summary>
    [GeneratedRegex(
        @"\b(?:MRN|MR\s?#|MR\s?No\.?|Medical\s+Record(?:\s+(?:Number|No\.?))?|Patient\s+ID)\s*[:#]?\s*(?<value>(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{3,})\b",
        Options | RegexOptions.IgnoreCase)]
    public static partial Regex LabelledMrn();

    /// <summary>An accession number after its label: <c>Accession: ACC123456</c>, <c>Acc# 2024-00012</c>; it contains a digit.</summary>
    [GeneratedRegex(
        @"\b(?:Accession(?:\s+(?:Number|No\.?|#))?|Acc\.?\s?#|Acc\s?No\.?)\s*[:#]?\s*(?<value>(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{3,})\b",
        Options | RegexOptions.IgnoreCase)]
    public static partial Regex LabelledAccession();

    /// <summary>A US Social Security number.</summary>
    [GeneratedRegex(@"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", Options)]
    public static partial Regex SocialSecurityNumber();

    /// <summary>A street address: number, street name, street type, optional unit, city, state and ZIP code.</summary>
    [GeneratedRegex(
        @"\b\d{1,6}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Terrace|Circle|Parkway|Pkwy)\b\.?(?:,?\s*(?:Apt|Suite|Unit|#)\.?\s*[A-Z0-9]+)?(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?(?:,\s*[A-Z]{2})?(?:\s+\d{5}(?:-\d{4})?)?",
        Options)]
    public static partial Regex StreetAddress();

    /// <summary>A city, a two-letter state code and a ZIP code without a street: <c>Washington, DC 20500</c>.</summary>
    [GeneratedRegex(@"\b\p{Lu}[\p{L}\p{M}'-]+(?: \p{Lu}[\p{L}\p{M}'-]+){0,2},\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b", Options)]
    public static partial Regex CityStateZip();

    /// <summary>
    /// A person's name after a title: <c>Dr. Jane Roe</c>, <c>Mrs. Roe</c>, <c>Dr. Zoë O'Brien-Łukasz</c>. Names are
    /// words of any script that start with a capital. Words after the first are single-spaced and in title case
    /// (<c>O'Brien</c> counts), so a following label such as <c>MRN</c> is not taken for part of the name.
    /// </summary>
    [GeneratedRegex(
        @"\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+" + NameTokenBefore + @"(?<value>\p{Lu}[\p{L}\p{M}'’-]+(?: \p{Lu}\.)?(?: \p{Lu}(?:[\p{Ll}\p{M}]|['’]\p{Lu})[\p{L}\p{M}'’-]*)?)",
        Options)]
    public static partial Regex TitledName();

    /// <summary>
    /// A person's name after a label: <c>Patient: Jane Roe</c>, <c>Referring: Dr. John Smith</c>, <c>Electronically
    /// signed by: José Müller</c>, or directly after the word "patient" (<c>Patient Müller was seen</c>). A title after
    /// the label is skipped. The label matches in any case; the name must be capitalized, so a following
    /// "on 09/10/2024" is not taken for a name.
    /// </summary>
    [GeneratedRegex(
        @"\b(?:(?i:Patient(?:\s+Name)?|Name|Referring(?:\s+Physician)?|Attending(?:\s+Physician)?|Ordering\s+Physician|(?:Electronically\s+)?Signed\s+by|Dictated\s+by|Read\s+by)\s*:|(?i:patient)(?=\s+\p{Lu})(?!\s+(?:History|Information|Name|Identification|Position|Preparation|ID)\b))\s*(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+)?" + NameTokenBefore + @"(?<value>\p{Lu}[\p{L}\p{M}'’-]+(?:,? \p{Lu}(?:[\p{Ll}\p{M}]|['’]\p{Lu})[\p{L}\p{M}'’-]*){0,2})",
        Options)]
    public static partial Regex LabelledName();

    /// <summary>An age of 90 or more: <c>92-year-old</c>, <c>93 yo</c>, <c>age 95</c>.</summary>
    [GeneratedRegex(
        @"\b(?<value>9\d|1[0-2]\d)(?=(?:\s*|-)(?:years?|yrs?|y)(?:\s*|-)(?:old|o\b|/o))|(?<=\b(?:age|aged)\s*:?\s*)(?<value>9\d|1[0-2]\d)\b|\b(?<value>9\d|1[0-2]\d)(?=\s*(?:yo|y/o|y\.o\.)(?!\w))",
        Options | RegexOptions.IgnoreCase)]
    public static partial Regex AgeOver89();

    /// <summary>
    /// An age of 90 to 119 written in words: <c>ninety-two-year-old</c>, <c>ninety two years old</c>,
    /// <c>aged one hundred and one</c>.
    /// </summary>
    [GeneratedRegex(
        @"\b(?:age|aged)\s*:?\s*(?<value>" + AgeWords + @")\b|\b(?<value>" + AgeWords + @")(?=[\s-]+(?:years?|yrs?)(?:[\s-]+old\b|\s+of\s+age\b))",
        Options | RegexOptions.IgnoreCase)]
    public static partial Regex AgeOver89InWords();

    /// <summary>ISO 8601 calendar date: <c>2024-01-15</c>.</summary>
    [GeneratedRegex(@"(?<![\d-])(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?![\d-])", Options)]
    public static partial Regex IsoDate();

    /// <summary>
    /// Numeric date with slashes: <c>1/15/2024</c>, <c>01/15/24</c> (month first, US) or <c>15/01/2024</c> (day
    /// first). <see cref="SurrogateMap"/> decides the order.
    /// </summary>
    [GeneratedRegex(@"(?<![\d/])(?<m>\d{1,2})/(?<d>\d{1,2})/(?<y>\d{4}|\d{2})(?![\d/])", Options)]
    public static partial Regex UsDate();

    /// <summary>
    /// Date with a month name: <c>January 15, 2024</c>, <c>Jan. 15 2024</c>, <c>December 4th, 2026</c>,
    /// <c>15 Jan 2024</c>, <c>4th December 2026</c>, <c>4th of December 2026</c>.
    /// </summary>
    [GeneratedRegex(
        @"\b(?:(?<mon>" + MonthName + @")\.?\s+(?<d>\d{1,2})(?<ord>st|nd|rd|th)?,?\s+(?<y>\d{4})|(?<d>\d{1,2})(?<ord>st|nd|rd|th)?\s+(?:of\s+)?(?<mon>" + MonthName + @")\.?,?\s+(?<y>\d{4}))\b",
        Options | RegexOptions.IgnoreCase)]
    public static partial Regex NamedMonthDate();

    /// <summary>Numeric date with dots, day first: <c>04.12.2026</c>, <c>4.12.2026</c>.</summary>
    [GeneratedRegex(@"(?<![\d.])(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>(?:19|20)\d{2})(?![\d]|\.\d)", Options)]
    public static partial Regex DottedDate();

    /// <summary>DICOM DA value: <c>20240115</c>, matched only when it is a valid date between 1900 and 2099.</summary>
    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})(?<m>0[1-9]|1[0-2])(?<d>0[1-9]|[12]\d|3[01])(?!\d)", Options)]
    public static partial Regex DicomDate();
}
