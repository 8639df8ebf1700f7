// Aspire 13.6 marks these APIs experimental (pipeline steps, interaction, …); on an upgrade, look here first.
#pragma warning disable ASPIREPIPELINES001

using System.Collections.Concurrent;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Logging;

namespace MigratoryAspire.Tests.Deploy;

/// <summary>An <see cref="IReportingStep"/> that records what a step reported: its tasks, their updates and ends.</summary>
internal sealed class RecordingReportingStep : IReportingStep
{
    /// <summary>Every event, in order: "task: …", "update: …", "done(State): …", "log: …", "step(State): …".</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    public Task<IReportingTask> CreateTaskAsync(string statusText, CancellationToken cancellationToken = default)
    {
        Events.Enqueue("task: " + statusText);
        return Task.FromResult<IReportingTask>(new Task_(this));
    }

    public Task<IReportingTask> CreateTaskAsync(MarkdownString statusText, CancellationToken cancellationToken = default) =>
        CreateTaskAsync(statusText.Value, cancellationToken);

    public Task CompleteAsync(string completionText, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default)
    {
        Events.Enqueue($"step({completionState}): {completionText}");
        return Task.CompletedTask;
    }

    public Task CompleteAsync(MarkdownString completionText, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default) =>
        CompleteAsync(completionText.Value, completionState, cancellationToken);

    public void Log(LogLevel logLevel, string message) => Events.Enqueue("log: " + message);

    public void Log(LogLevel logLevel, string message, bool enableMarkdown) => Log(logLevel, message);

    public void Log(LogLevel logLevel, MarkdownString message) => Log(logLevel, message.Value);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Task_(RecordingReportingStep step) : IReportingTask
    {
        public Task UpdateAsync(string statusText, CancellationToken cancellationToken = default)
        {
            step.Events.Enqueue("update: " + statusText);
            return Task.CompletedTask;
        }

        public Task UpdateAsync(MarkdownString statusText, CancellationToken cancellationToken = default) => UpdateAsync(statusText.Value, cancellationToken);

        public Task CompleteAsync(string? completionMessage = null, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default)
        {
            step.Events.Enqueue($"done({completionState}): {completionMessage}");
            return Task.CompletedTask;
        }

        public Task CompleteAsync(MarkdownString? completionMessage, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default) =>
            CompleteAsync(completionMessage?.Value, completionState, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
