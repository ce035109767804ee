using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RadAssist.Llm.Deidentification;

namespace RadAssist.Llm;

/// <summary>
/// Replaces identifiers in a reporting context with surrogates before it reaches a model, and restores them in the
/// model's output.
/// </summary>
/// <remarks>
/// <para>
/// Replaced: the patient's name, identifier, birth date and the accession number and UIDs of the study wherever
/// they occur; in free text also names after a title or label (<c>Dr. Roe</c>, <c>Signed by: Roe</c>), labelled
/// MRNs and accession numbers, DICOM UIDs, phone numbers, e-mail addresses, street addresses, Social Security
/// numbers and ages over 89 in digits or words (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)). Names may contain letters
/// of any script (<c>José Müller</c>, <c>Zoë O'Brien-Łukasz</c>), and phone numbers may be North American or
/// international with a <c>+</c> or <c>00</c> prefix. Identifiers become tokens such as <c>[NAME-1]</c>. Dates in
/// ISO 8601, slashed (<c>12/04/2026</c>), dotted (<c>04.12.2026</c>), month-name (<c>4th December 2026</c>,
/// <c>December 4, 2026</c>) and DICOM DA form move back by the same number of days for one patient, so intervals
/// between exams survive. Each keeps its written form (number widths, month-name length and case, ordinal suffix),
/// so re-identification restores every written date exactly.
/// </para>
/// <para>
/// Names without a title or label that are not the patient's own are not recognized. The reverse map stays in the
/// returned <see cref="DeidentifiedContext"/> only. The type is safe for concurrent use.
/// </para>
/// </remarks>
public sealed class PatternDeidentifier : IDeidentifier
{
    private readonly PatternDeidentifierOptions _options;
    private readonly byte[] _dateShiftKey;

    /// <summary>Creates a de-identifier.</summary>
    /// <param name="options">Options; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A date shift option is out of range.</exception>
    public PatternDeidentifier(PatternDeidentifierOptions? options = null)
    {
        _options = options ?? new PatternDeidentifierOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDateShiftDays, 1, nameof(options));
        if (_options.FixedDateShiftDays is { } fixedDays && (fixedDays < 1 || fixedDays > _options.MaxDateShiftDays))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                fixedDays,
                $"FixedDateShiftDays must be between 1 and MaxDateShiftDays ({_options.MaxDateShiftDays}).");
        }

        _dateShiftKey = _options.DateShiftKey ?? RandomNumberGenerator.GetBytes(32);
    }

    /// <inheritdoc />
    public ValueTask<DeidentifiedContext> DeidentifyAsync(
        ReportingContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var map = CreateMap(context);
        var copy = ContextScrubber.Scrub(context, map);
        return ValueTask.FromResult(new DeidentifiedContext(copy, map.ReplacementCount, map.Reidentify));
    }

    /// <summary>Creates the surrogate map of one context, with the context's known identifiers registered.</summary>
    internal SurrogateMap CreateMap(ReportingContext? context)
    {
        var patientId = context?.Patient.PatientId ?? context?.Event.PatientId;
        var map = new SurrogateMap(DateShiftFor(patientId), _options.DayFirstNumericDates);
        if (context is null)
        {
            return map;
        }

        map.AddKnownValue("MRN", patientId);
        map.AddKnownValue("MRN", context.Event.PatientId);
        map.AddKnownValue("ACCESSION", context.Study.AccessionNumber);
        map.AddKnownValue("ACCESSION", context.Event.AccessionNumber);
        map.AddKnownValue("UID", context.Study.StudyInstanceUid);
        map.AddKnownValue("UID", context.Event.StudyInstanceUid);
        map.AddKnownValue("ID", context.Radiologist?.Id);
        foreach (var part in NameParts(context.Patient.Name))
        {
            map.AddKnownValue("NAME", part);
        }

        foreach (var prior in context.PriorReports)
        {
            map.AddKnownValue("UID", prior.StudyInstanceUid);
        }

        foreach (var study in context.PriorStudies)
        {
            map.AddKnownValue("UID", study.StudyInstanceUid);
            map.AddKnownValue("ACCESSION", study.AccessionNumber);
        }

        return map;
    }

    /// <summary>Returns the de-identified form of one text with no context, as the command-line tool uses it.</summary>
    internal (string Text, int ReplacementCount) DeidentifyText(string text)
    {
        var map = CreateMap(null);
        var scrubbed = map.Scrub(text);
        return (scrubbed, map.ReplacementCount);
    }

    private int DateShiftFor(string? patientId)
    {
        if (_options.FixedDateShiftDays is { } fixedDays)
        {
            return fixedDays;
        }

        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_dateShiftKey, Encoding.UTF8.GetBytes(patientId ?? string.Empty), digest);
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(digest) % (uint)_options.MaxDateShiftDays) + 1;
    }

    /// <summary>Splits a DICOM PN value (<c>Family^Given^Middle^Prefix^Suffix</c>) or a plain name into its words.</summary>
    private static IEnumerable<string> NameParts(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            yield break;
        }

        foreach (var part in name.Split(['^', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Trim('.').Length >= 2)
            {
                yield return part.Trim('.');
            }
        }
    }
}
