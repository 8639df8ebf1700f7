using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MigratoryAspire.Tests.Monitor.Support;

/// <summary>A logger that keeps every entry, to count how often the monitor reports the same news.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));

    public string[] Messages(LogLevel level) => Entries.Where(e => e.Level == level).Select(e => e.Message).ToArray();
}
