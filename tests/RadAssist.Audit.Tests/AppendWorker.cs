using System.Globalization;
using RadAssist.Audit.PostgreSql;
using RadAssist.Audit.Sqlite;

namespace RadAssist.Audit.Tests;

/// <summary>
/// Appends events to a sink from several tasks until the process is killed, printing one <c>ack SEQ HASH</c> line
/// per acknowledged append. The crash tests compare those lines with what the store holds after the kill.
/// </summary>
internal static class AppendWorker
{
    public const string CommandName = "append-worker";

    private const int Writers = 4;

    public static IAuditSink OpenSink(string kind, string target) => kind switch
    {
        "sqlite" => new SqliteAuditSink(target),
        "postgresql" => new PostgreSqlAuditSink(target),
        "jsonl" => new JsonLinesAuditSink(target),
        _ => throw new ArgumentException($"Unknown sink kind '{kind}'.", nameof(kind)),
    };

    public static async Task<int> RunAsync(string kind, string target)
    {
        var sink = OpenSink(kind, target);
        var output = TextWriter.Synchronized(Console.Out);
        var processId = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; ; n++)
            {
                var record = await sink.AppendAsync(new AuditEvent
                {
                    CorrelationId = $"crash-{processId}-{writer}",
                    EventType = AuditEventTypes.Generate,
                    Timestamp = DateTimeOffset.UtcNow,
                    Actor = "append-worker",
                    StudyInstanceUid = "2.25.1",
                    Output = new string('x', 200),
                    Data = new Dictionary<string, string>
                    {
                        ["n"] = n.ToString(CultureInfo.InvariantCulture),
                        ["writer"] = writer.ToString(CultureInfo.InvariantCulture),
                    },
                });
                output.WriteLine($"ack {record.Sequence} {record.Hash}");
                output.Flush();
            }
        }));

        await Task.WhenAll(writers);
        return 0;
    }
}
