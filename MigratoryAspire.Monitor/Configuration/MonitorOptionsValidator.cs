using Microsoft.Extensions.Options;

namespace MigratoryAspire.Monitor.Configuration;

/// <summary>Checks <see cref="MonitorOptions"/> at start, naming each bad key and what is wrong with it.</summary>
internal sealed class MonitorOptionsValidator : IValidateOptions<MonitorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MonitorOptions options) =>
        Errors(options) is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;

    /// <summary>Every problem with the options; empty when they are usable.</summary>
    /// <param name="options">The options to check.</param>
    public static IReadOnlyList<string> Errors(MonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = MonitorOptions.SectionName;
        try
        {
            _ = options.ToTopology();
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{s}: the cluster settings (ClusterName '{options.ClusterName}', Replicas {options.Replicas}, MaxReplicas {options.MaxReplicas}) make no topology: {ex.Message}");
        }

        if (options.Members.Count == 0)
        {
            errors.Add($"{s}:Members is empty: there is nothing to monitor.");
        }

        for (var i = 0; i < options.Members.Count; i++)
        {
            var m = options.Members[i];
            var key = $"{s}:Members:{i}";
            if (string.IsNullOrWhiteSpace(m.Name))
            {
                errors.Add($"{key}:Name is empty.");
            }

            if (m.Ordinal < 0 || m.Ordinal >= options.MaxReplicas)
            {
                errors.Add($"{key}:Ordinal {m.Ordinal} is outside 0..{options.MaxReplicas - 1} (MaxReplicas {options.MaxReplicas}).");
            }

            if (!Uri.TryCreate(m.MetricsUrl, UriKind.Absolute, out var metrics) || metrics.Scheme is not ("http" or "https"))
            {
                errors.Add($"{key}:MetricsUrl '{m.MetricsUrl}' is not an absolute http or https URL.");
            }

            if (!ClientAddress.TryParse(m.ClientAddress, out _, out _))
            {
                errors.Add($"{key}:ClientAddress '{m.ClientAddress}' is not host:port.");
            }
        }

        foreach (var dup in options.Members.GroupBy(m => m.Name).Where(g => g.Count() > 1 && g.Key.Length > 0))
        {
            errors.Add($"{s}:Members lists '{dup.Key}' {dup.Count()} times.");
        }

        foreach (var dup in options.Members.GroupBy(m => m.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{s}:Members gives ordinal {dup.Key} to {string.Join(" and ", dup.Select(m => $"'{m.Name}'"))}.");
        }

        Positive(errors, nameof(options.ScrapeInterval), options.ScrapeInterval);
        Positive(errors, nameof(options.ScrapeTimeout), options.ScrapeTimeout);
        Positive(errors, nameof(options.ProbeTimeout), options.ProbeTimeout);
        Positive(errors, nameof(options.ExportInterval), options.ExportInterval);
        if (options.ScrapeTimeout > options.ScrapeInterval || options.ProbeTimeout > options.ScrapeInterval)
        {
            errors.Add($"{s}: ScrapeTimeout ({options.ScrapeTimeout}) and ProbeTimeout ({options.ProbeTimeout}) must not exceed ScrapeInterval ({options.ScrapeInterval}), or cycles would overlap.");
        }

        if (options.MaxScrapeBytes < 1024)
        {
            errors.Add($"{s}:MaxScrapeBytes {options.MaxScrapeBytes} is below 1024.");
        }

        if (options.MaxSeriesPerMetric < 1)
        {
            errors.Add($"{s}:MaxSeriesPerMetric {options.MaxSeriesPerMetric} must be at least 1.");
        }

        return errors;

        static void Positive(List<string> errors, string key, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{s}:{key} {value} must be positive.");
            }
        }
    }
}
