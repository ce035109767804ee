using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RadAssist.Governance;

/// <summary>
/// Records the radiologist's actions on a draft, and the signed report, as events in the audit chain of the run
/// that produced the draft.
/// </summary>
/// <remarks>
/// Actions become <see cref="AuditEventTypes.Feedback"/> events and a signature becomes a
/// <see cref="AuditEventTypes.Signed"/> event whose output is the signed text. The data keys are
/// <see cref="FeedbackDataKeys"/>. Each event carries the Study Instance UID of the run, read from the audit, so a
/// query by study finds the feedback too. Feedback for a correlation id with no audit records, or for a sentence
/// index past the end of the draft's section as the pipeline recorded it, is rejected.
/// </remarks>
public sealed class AuditFeedbackRecorder : IFeedbackRecorder
{
    private readonly IAuditSink _sink;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a recorder that writes to an audit sink.</summary>
    /// <param name="sink">The audit sink of the pipeline.</param>
    /// <param name="timeProvider">Clock for actions without a timestamp; the system clock when omitted.</param>
    public AuditFeedbackRecorder(IAuditSink sink, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The feedback is invalid; the message names the field and value.</exception>
    public async ValueTask RecordAsync(DraftFeedback feedback, CancellationToken cancellationToken = default)
    {
        Validate(feedback);

        var found = false;
        var signed = false;
        string? studyUid = null;
        string? sentenceCounts = null;
        await foreach (var record in _sink.QueryAsync(new AuditQuery { CorrelationId = feedback.CorrelationId }, cancellationToken)
            .ConfigureAwait(false))
        {
            found = true;
            signed |= record.Event.EventType == AuditEventTypes.Signed;
            studyUid ??= record.Event.StudyInstanceUid;
            if (record.Event.Data?.TryGetValue(DraftPipeline.SentenceCountsKey, out var counts) == true)
            {
                sentenceCounts = counts;
            }
        }

        if (!found)
        {
            throw Invalid(nameof(DraftFeedback.CorrelationId), feedback.CorrelationId, "names no run in the audit", nameof(feedback));
        }

        // A signed report is final. A change after signing is an addendum, which is a report of its own.
        if (signed && feedback.Action == FeedbackAction.Sign)
        {
            throw Invalid(nameof(DraftFeedback.CorrelationId), feedback.CorrelationId, "names a run whose report is signed already", nameof(feedback));
        }

        if (feedback is { Section: { } section, SentenceIndex: { } index } && sentenceCounts is not null)
        {
            var count = SentencesIn(sentenceCounts, section);
            if (index >= count)
            {
                throw Invalid(
                    nameof(DraftFeedback.SentenceIndex),
                    index.ToString(CultureInfo.InvariantCulture),
                    $"is out of range, because the draft's {section.ToString().ToLowerInvariant()} section has {count} {(count == 1 ? "sentence" : "sentences")}",
                    nameof(feedback));
            }
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FeedbackDataKeys.Action] = ActionName(feedback.Action),
            [FeedbackDataKeys.Scope] = feedback.Section is null ? "draft" : "sentence",
        };
        if (feedback.Section is { } sectionKind)
        {
            data[FeedbackDataKeys.Section] = sectionKind.ToString().ToLowerInvariant();
        }

        if (feedback.SentenceIndex is { } sentenceIndex)
        {
            data[FeedbackDataKeys.SentenceIndex] = sentenceIndex.ToString(CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrWhiteSpace(feedback.Reason))
        {
            data[FeedbackDataKeys.Reason] = feedback.Reason;
        }

        await _sink.AppendAsync(
            new AuditEvent
            {
                CorrelationId = feedback.CorrelationId,
                EventType = feedback.Action == FeedbackAction.Sign ? AuditEventTypes.Signed : AuditEventTypes.Feedback,
                Timestamp = feedback.Timestamp == default ? _timeProvider.GetUtcNow() : feedback.Timestamp,
                Actor = feedback.Actor,
                StudyInstanceUid = studyUid,
                InputSha256 = feedback.Text is null ? null : Sha256(feedback.Text),
                Output = feedback.Text,
                Data = data,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the lower-case name of an action as stored under <see cref="FeedbackDataKeys.Action"/>.</summary>
    /// <param name="action">The action.</param>
    public static string ActionName(FeedbackAction action) => action.ToString().ToLowerInvariant();

    private static void Validate(DraftFeedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);

        if (string.IsNullOrWhiteSpace(feedback.CorrelationId))
        {
            throw Invalid(nameof(DraftFeedback.CorrelationId), feedback.CorrelationId, "is missing", nameof(feedback));
        }

        if (string.IsNullOrWhiteSpace(feedback.Actor))
        {
            throw Invalid(nameof(DraftFeedback.Actor), feedback.Actor, "is missing", nameof(feedback));
        }

        if (!Enum.IsDefined(feedback.Action))
        {
            throw Invalid(nameof(DraftFeedback.Action), feedback.Action.ToString(), "is not a defined action", nameof(feedback));
        }

        if (feedback.Section is { } section && !Enum.IsDefined(section))
        {
            throw Invalid(nameof(DraftFeedback.Section), section.ToString(), "is not a defined section kind", nameof(feedback));
        }

        if (feedback.SentenceIndex is { } index)
        {
            if (index < 0)
            {
                throw Invalid(nameof(DraftFeedback.SentenceIndex), index.ToString(CultureInfo.InvariantCulture), "is negative", nameof(feedback));
            }

            if (feedback.Section is null)
            {
                throw Invalid(nameof(DraftFeedback.SentenceIndex), index.ToString(CultureInfo.InvariantCulture), "needs a Section", nameof(feedback));
            }
        }

        if (feedback.Action == FeedbackAction.Sign && feedback.Section is not null)
        {
            throw Invalid(nameof(DraftFeedback.Section), feedback.Section.ToString(), "must be empty for Sign, which applies to the whole report", nameof(feedback));
        }

        if (feedback.Action is FeedbackAction.Edit or FeedbackAction.Sign && string.IsNullOrWhiteSpace(feedback.Text))
        {
            throw Invalid(nameof(DraftFeedback.Text), feedback.Text, $"is missing, but {feedback.Action} needs the resulting text", nameof(feedback));
        }
    }

    // Reads one section's count from "findings:5,impression:3"; a section that is not listed has no sentences.
    private static int SentencesIn(string sentenceCounts, DraftSectionKind section)
    {
        var name = section.ToString().ToLowerInvariant();
        foreach (var entry in sentenceCounts.Split(','))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && entry.AsSpan(0, colon).SequenceEqual(name)
                && int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return count;
            }
        }

        return 0;
    }

    private static ArgumentException Invalid(string field, string? value, string problem, string parameterName) =>
        new($"Feedback field '{field}' {problem}: the value is '{value}'.", parameterName);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Keys of <see cref="AuditEvent.Data"/> in feedback and signature events.</summary>
public static class FeedbackDataKeys
{
    /// <summary>The action in lower case: <c>accept</c>, <c>edit</c>, <c>reject</c>, <c>regenerate</c>, <c>disregard</c> or <c>sign</c>.</summary>
    public const string Action = "action";

    /// <summary><c>draft</c> for the whole draft, <c>sentence</c> for one sentence.</summary>
    public const string Scope = "scope";

    /// <summary>Section of the sentence in lower case, such as <c>findings</c>.</summary>
    public const string Section = "section";

    /// <summary>Zero-based index of the sentence within its section.</summary>
    public const string SentenceIndex = "sentence_index";

    /// <summary>Reason given for a reject or disregard.</summary>
    public const string Reason = "reason";
}
