using MigratoryAspire.Monitor.Prometheus;

namespace MigratoryAspire.Monitor.Scraping;

/// <summary>The outcome of one scrape of a member's metrics page.</summary>
/// <param name="Scrape">The parsed page; null when the scrape failed.</param>
/// <param name="Failure">Why the scrape failed (connection, timeout, HTTP status, size, or nothing but garbage); null on success.</param>
/// <param name="Duration">The time from request to parsed page.</param>
internal sealed record ScrapeResult(PrometheusScrape? Scrape, string? Failure, TimeSpan Duration)
{
    /// <summary>Whether the page was fetched and held metrics (possibly with some rejected lines).</summary>
    public bool Succeeded => Scrape is not null;

    /// <summary>A successful result.</summary>
    public static ScrapeResult Success(PrometheusScrape scrape, TimeSpan duration) => new(scrape, null, duration);

    /// <summary>A failed result.</summary>
    public static ScrapeResult Fail(string failure, TimeSpan duration) => new(null, failure, duration);
}
