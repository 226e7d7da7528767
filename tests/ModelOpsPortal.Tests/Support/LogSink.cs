using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ModelOpsPortal.Tests.Support;

/// <summary>What the portal logged during a test, to prove a client's mistake is not logged as the server's error.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. entries];

    /// <summary>Entries at Error or Critical ("fail" and "crit" on the console).</summary>
    public IReadOnlyList<string> Failures => [.. entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}")];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink.entries.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}
